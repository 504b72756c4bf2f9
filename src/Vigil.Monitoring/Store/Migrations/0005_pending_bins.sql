-- Schema version 5: counts of the pending predictions (label not known yet) by model, hour (grain 1) or UTC day (grain
-- 24), version, cell, alert and score bin (⌊score × 1000⌋), with their scores' fixed-point sum (score x 1e9), kept by the
-- writer in the transaction that stores a prediction or moves it out of pending (Store/PendingBinDeltas.cs). The
-- label-free estimate of a status reads these bins instead of every pending row. Rows whose count reaches zero are
-- deleted. The migration's code step (Migrator.CodeSteps) counts the pending predictions already stored.
-- The table's suffix is StoreDialect.KeyOrderedTable: SQLite stores the rows in primary-key order (WITHOUT ROWID), so a
-- period is one range of the table itself; PostgreSQL keeps a heap and reads a period as one range of its key's index.
CREATE TABLE pending_bins (
    model          TEXT    NOT NULL,
    grain          INTEGER NOT NULL,
    start_ms       BIGINT  NOT NULL,
    version        TEXT    NOT NULL,
    cell           TEXT    NOT NULL,
    alert          INTEGER NOT NULL,
    bin            INTEGER NOT NULL,
    n              BIGINT  NOT NULL,
    score_sum_nano BIGINT  NOT NULL,
    PRIMARY KEY (model, grain, start_ms, version, cell, alert, bin)
) {{key_ordered}};
-- The estimate no longer reads the pending rows, so the partial index of pending predictions goes back to what the
-- maturity run needs (version 1's form): a smaller entry for every prediction stored.
DROP INDEX ix_predictions_pending;
CREATE INDEX ix_predictions_pending ON predictions (mature_at_ms) WHERE state = 0;
