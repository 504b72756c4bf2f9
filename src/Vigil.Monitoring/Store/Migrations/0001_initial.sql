-- Vigil monitoring store, schema version 1. One text for SQLite and PostgreSQL: {{identity}} and {{blob}} are replaced
-- by each dialect's auto-numbered key and binary types. Times are Unix milliseconds (BIGINT, UTC). Score sums are
-- fixed-point integers (score x 1e9) so that sums are exact and do not depend on the order events arrive in.

CREATE TABLE models (
    id               TEXT   NOT NULL,
    version          TEXT   NOT NULL,
    registered_at_ms BIGINT NOT NULL,
    json             TEXT   NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE predictions (
    event_id      TEXT    NOT NULL PRIMARY KEY,
    model         TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    time_ms       BIGINT  NOT NULL,
    hour_ms       BIGINT  NOT NULL,
    encounter_key TEXT    NOT NULL,
    patient_key   TEXT    NOT NULL,
    site          TEXT,
    unit          TEXT,
    cell          TEXT    NOT NULL,
    features      {{blob}},
    score         DOUBLE PRECISION NOT NULL,
    alert         INTEGER NOT NULL,
    suggestion    TEXT,
    window_end_ms BIGINT  NOT NULL,
    mature_at_ms  BIGINT  NOT NULL,
    state         INTEGER NOT NULL,
    label         INTEGER
);
CREATE INDEX ix_predictions_encounter ON predictions (encounter_key);
CREATE INDEX ix_predictions_model_time ON predictions (model, version, time_ms);
CREATE INDEX ix_predictions_pending ON predictions (mature_at_ms) WHERE state = 0;

CREATE TABLE actions (
    event_id      TEXT    NOT NULL PRIMARY KEY,
    prediction_id TEXT    NOT NULL,
    time_ms       BIGINT  NOT NULL,
    action        TEXT    NOT NULL,
    reason        TEXT,
    seconds       DOUBLE PRECISION,
    counted       INTEGER NOT NULL
);
CREATE INDEX ix_actions_prediction ON actions (prediction_id);
CREATE INDEX ix_actions_uncounted ON actions (prediction_id) WHERE counted = 0;

CREATE TABLE outcomes (
    event_id      TEXT   NOT NULL PRIMARY KEY,
    encounter_key TEXT   NOT NULL,
    kind          TEXT   NOT NULL,
    time_ms       BIGINT NOT NULL
);
CREATE INDEX ix_outcomes_encounter ON outcomes (encounter_key);

-- Row-lock anchors of PostgreSQL replicas (one row per encounter; see PostgresDialect.LockEncountersAsync). Empty on SQLite.
CREATE TABLE encounter_locks (
    encounter_key TEXT NOT NULL PRIMARY KEY
);

CREATE TABLE hour_cells (
    model                    TEXT   NOT NULL,
    version                  TEXT   NOT NULL,
    hour_ms                  BIGINT NOT NULL,
    cell                     TEXT   NOT NULL,
    predictions              BIGINT NOT NULL,
    alerts                   BIGINT NOT NULL,
    score_sum_nano           BIGINT NOT NULL,
    tn                       BIGINT NOT NULL,
    fp                       BIGINT NOT NULL,
    fn                       BIGINT NOT NULL,
    tp                       BIGINT NOT NULL,
    matured_score_sum_nano   BIGINT NOT NULL,
    censored                 BIGINT NOT NULL,
    accepted                 BIGINT NOT NULL,
    overridden               BIGINT NOT NULL,
    ignored                  BIGINT NOT NULL,
    PRIMARY KEY (model, version, hour_ms, cell)
);

CREATE TABLE hour_bins (
    model   TEXT    NOT NULL,
    version TEXT    NOT NULL,
    hour_ms BIGINT  NOT NULL,
    feature INTEGER NOT NULL,
    bin     INTEGER NOT NULL,
    n       BIGINT  NOT NULL,
    PRIMARY KEY (model, version, hour_ms, feature, bin)
);

-- Named values the store keeps for itself (e.g. the latest "now" of MatureDueAsync).
CREATE TABLE store_clock (
    name  TEXT   NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE alerts (
    id               {{identity}},
    dedupe_key       TEXT   NOT NULL,
    model            TEXT   NOT NULL,
    version          TEXT   NOT NULL,
    kind             TEXT   NOT NULL,
    attribute        TEXT,
    level            TEXT,
    metric           TEXT   NOT NULL,
    value            DOUBLE PRECISION,
    interval_json    TEXT,
    bound            DOUBLE PRECISION,
    message          TEXT   NOT NULL,
    additional_missed_per_1000 DOUBLE PRECISION,
    evidence_json    TEXT   NOT NULL,
    state            TEXT   NOT NULL,
    opened_at_ms     BIGINT NOT NULL,
    updated_at_ms    BIGINT NOT NULL
);
-- One alert per finding is open or acknowledged at a time, whichever replica raises it.
CREATE UNIQUE INDEX ux_alerts_active ON alerts (dedupe_key) WHERE state <> 'resolved';
CREATE INDEX ix_alerts_model ON alerts (model, opened_at_ms);

CREATE TABLE alert_history (
    id        {{identity}},
    alert_id  BIGINT NOT NULL REFERENCES alerts (id),
    state     TEXT   NOT NULL,
    user_name TEXT   NOT NULL,
    at_ms     BIGINT NOT NULL,
    note      TEXT
);
CREATE INDEX ix_alert_history_alert ON alert_history (alert_id);

CREATE TABLE webhook_outbox (
    id              {{identity}},
    url             TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    created_at_ms   BIGINT  NOT NULL,
    attempts        INTEGER NOT NULL,
    next_at_ms      BIGINT,
    lease_until_ms  BIGINT,
    delivered_at_ms BIGINT,
    error           TEXT
);
CREATE INDEX ix_webhook_outbox_due ON webhook_outbox (next_at_ms) WHERE delivered_at_ms IS NULL;

CREATE TABLE api_keys (
    secret_hash   TEXT    NOT NULL PRIMARY KEY,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    created_at_ms BIGINT  NOT NULL,
    revoked       INTEGER NOT NULL
);

CREATE TABLE audit_log (
    sequence      BIGINT NOT NULL PRIMARY KEY,
    at_ms         BIGINT NOT NULL,
    actor         TEXT   NOT NULL,
    action        TEXT   NOT NULL,
    subject       TEXT   NOT NULL,
    detail        TEXT   NOT NULL,
    previous_hash TEXT   NOT NULL,
    hash          TEXT   NOT NULL
);
