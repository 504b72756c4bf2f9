-- Schema version 3: CDS Hooks cards (docs/cds-hooks.md). Each card the service returns gets a uuid, kept here with the
-- prediction it shows, so that the client's feedback on that uuid becomes a clinician action on that prediction.
CREATE TABLE cds_cards (
    uuid          TEXT   NOT NULL PRIMARY KEY,
    prediction_id TEXT   NOT NULL,
    model         TEXT   NOT NULL,
    version       TEXT   NOT NULL,
    service_id    TEXT   NOT NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX ix_cds_cards_prediction ON cds_cards (prediction_id);
