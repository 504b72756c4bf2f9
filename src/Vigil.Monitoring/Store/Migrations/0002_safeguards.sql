-- Vigil monitoring store, schema version 2: safeguards (docs/governance.md). A safeguard is what a failing governance
-- rule puts in force for a model and group, from a gate decision record or a policy alert. version_key, attribute_key
-- and level_key hold '' for null so that the unique key dedupes activations on both engines (NULLs are distinct in a
-- UNIQUE constraint). Times are Unix milliseconds (UTC).

CREATE TABLE safeguards (
    id            {{identity}},
    model         TEXT   NOT NULL,
    version_key   TEXT   NOT NULL,
    attribute_key TEXT   NOT NULL,
    level_key     TEXT   NOT NULL,
    subject       TEXT   NOT NULL,
    action        TEXT   NOT NULL,
    rule          TEXT   NOT NULL,
    source        TEXT   NOT NULL,
    started_at_ms BIGINT NOT NULL,
    ends_at_ms    BIGINT,
    ended_at_ms   BIGINT,
    ended_by      TEXT,
    end_note      TEXT
);
-- One safeguard per model, version, rule, subject and source: activating one decision twice (or two replicas raising
-- one policy alert) activates it once.
CREATE UNIQUE INDEX ux_safeguards_key ON safeguards (model, version_key, rule, subject, source);
CREATE INDEX ix_safeguards_model ON safeguards (model, started_at_ms);
