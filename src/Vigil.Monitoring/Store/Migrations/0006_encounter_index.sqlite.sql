-- Schema version 6 (SQLite): predictions are found by encounter through the index kept in the file beside the store
-- (Store/SqliteEncounterIndex.cs, built from the predictions when the store opens), not through this index: the single
-- writer no longer maintains a random-key index of every prediction in its commits.
DROP INDEX ix_predictions_encounter;
