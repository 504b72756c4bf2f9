-- Schema version 6 (PostgreSQL): nothing changes. SQLite's version 6 moves its encounter index out of the database
-- file; PostgreSQL keeps ix_predictions_encounter, maintained by its concurrent writers.
SELECT 1;
