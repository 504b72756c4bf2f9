namespace Vigil.Monitoring.Estimation;

/// <summary>
/// The days a store's readers have counted (<see cref="CountedDay"/>), each under the change stamps it was counted at
/// (pending_day_stamps, migration 0007: every transaction that changes a day's pending-bin counts raises that day's
/// stamp for the version it wrote). A reader reads the stamps of its period's days in its own snapshot and reuses a day
/// whose stamps are the ones it was counted at, so a status or series that repeats reads only the days that changed
/// since (with a live feed, today) and adds the rest from memory. A day is keyed by model, the version read (null: every
/// version, whose stamps all count) and its start; its signature lists every (version, stamp) of the day. Bounded by
/// <see cref="MaxRows"/> rows in all; the least recently used days go first. Safe for concurrent readers.
/// </summary>
internal sealed class PendingDayCache
{
    /// <summary>The most rows kept over all days (about 24 bytes each).</summary>
    public const int MaxRows = 4_000_000;

    private readonly Dictionary<(string Model, string? Version, long DayMs), Entry> _days = [];
    private readonly Lock _lock = new();
    private long _rows;
    private long _clock;

    private sealed class Entry(string signature, CountedDay day)
    {
        public string Signature { get; } = signature;

        public CountedDay Day { get; } = day;

        public long LastUsed { get; set; }
    }

    /// <summary>Days found with their signature (reused) since the store opened.</summary>
    public long Hits { get; private set; }

    /// <summary>Days counted from the store since it opened (absent or stale).</summary>
    public long Misses { get; private set; }

    /// <summary>The day counted at <paramref name="signature"/>, or null when it is not held at that signature.</summary>
    public CountedDay? Find(string model, string? version, long dayMs, string signature)
    {
        lock (_lock)
        {
            if (_days.TryGetValue((model, version, dayMs), out var entry) && entry.Signature == signature)
            {
                entry.LastUsed = ++_clock;
                Hits++;
                return entry.Day;
            }
            Misses++;
            return null;
        }
    }

    /// <summary>Keeps <paramref name="day"/> as counted at <paramref name="signature"/>, dropping the least recently used days beyond <see cref="MaxRows"/>.</summary>
    public void Keep(string model, string? version, long dayMs, string signature, CountedDay day)
    {
        if (day.Rows > MaxRows) return;
        lock (_lock)
        {
            var key = (model, version, dayMs);
            if (_days.Remove(key, out var old)) _rows -= old.Day.Rows;
            _days[key] = new Entry(signature, day) { LastUsed = ++_clock };
            _rows += day.Rows;
            while (_rows > MaxRows)
            {
                var oldest = default((string, string?, long));
                var oldestUse = long.MaxValue;
                foreach (var (k, e) in _days)
                {
                    if (e.LastUsed < oldestUse) (oldest, oldestUse) = (k, e.LastUsed);
                }
                _days.Remove(oldest, out var dropped);
                _rows -= dropped!.Day.Rows;
            }
        }
    }
}
