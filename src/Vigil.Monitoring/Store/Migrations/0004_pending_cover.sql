-- Schema version 4: the partial index of pending predictions also holds what the label-free estimate reads (model, version, hour,
-- cell, alert, score), so a status counts its pending predictions from the index alone instead of one table lookup per
-- row (state is listed too: SQLite counts an index as covering only when it holds every column the query names). mature_at_ms stays the leading column: the maturity run still reads the index in maturity order.
DROP INDEX ix_predictions_pending;
CREATE INDEX ix_predictions_pending ON predictions (mature_at_ms, model, version, hour_ms, cell, alert, score, state) WHERE state = 0;
