-- Schema version 7: a change stamp per model, UTC day and version of the pending-bin counts of day grain (pending_bins,
-- grain 24), raised by one in every transaction that changes that day's counts (Store/PendingBinDeltas.cs), so that a
-- reader that has counted a day's bins before can tell, in its own snapshot, whether they are still the same and reuse
-- them (Estimation/PendingDayCache.cs). Rows are never deleted: a stamp only grows. The days already counted start at 1.
CREATE TABLE pending_day_stamps (
    model   TEXT   NOT NULL,
    day_ms  BIGINT NOT NULL,
    version TEXT   NOT NULL,
    stamp   BIGINT NOT NULL,
    PRIMARY KEY (model, day_ms, version)
) {{key_ordered}};
INSERT INTO pending_day_stamps (model, day_ms, version, stamp)
SELECT DISTINCT model, start_ms, version, 1 FROM pending_bins WHERE grain = 24;
