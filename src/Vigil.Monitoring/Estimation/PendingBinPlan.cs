using Vigil.Monitoring.Store;

namespace Vigil.Monitoring.Estimation;

/// <summary>One range of pending_bins rows to read: rows of <paramref name="Grain"/> starting in [FromMs, ToMs), added with <paramref name="Sign"/>.</summary>
/// <param name="Grain">Hours per row: <see cref="PendingBinDeltas.HourGrain"/> or <see cref="PendingBinDeltas.DayGrain"/>.</param>
/// <param name="FromMs">First row start, Unix ms.</param>
/// <param name="ToMs">End (exclusive) of the row starts, Unix ms.</param>
/// <param name="Sign">+1: the rows count; −1: they are taken out of their day's row.</param>
internal readonly record struct PendingRange(int Grain, long FromMs, long ToMs, int Sign);

/// <summary>
/// Which stored pending bins (<see cref="PendingBinDeltas"/>) make up the pending predictions with hours in [from, to)
/// counted in buckets of a width from <c>from</c>, reading as few rows as the two grains allow: a UTC day that lies
/// wholly in the period and in one bucket is read as its day's bins; a day that is mostly in (more than 12 of its hours)
/// and in one bucket as its day's bins less the bins of its hours outside the period (usually none hold predictions: the
/// hours before the first pending hour or after now); any other day (split by a bucket boundary, as every day of an
/// hourly series is, or mostly outside) as the bins of its hours inside. So a 30-day status or a daily series reads about
/// one day's bins per day, and never more than a day's hours at each edge, whatever the number of pending predictions.
/// </summary>
internal sealed class PendingBinPlan
{
    private readonly long _fromMs;
    private readonly long _bucketMs;
    private readonly long _firstHour;
    private readonly List<PendingRange> _days = [];
    private readonly List<PendingRange> _hours = [];
    private readonly List<PendingRange> _outside = [];

    /// <summary>The plan of [<paramref name="fromMs"/>, <paramref name="toMs"/>) in buckets of <paramref name="bucketMs"/>.</summary>
    public PendingBinPlan(long fromMs, long toMs, long bucketMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketMs);
        _fromMs = fromMs;
        _bucketMs = bucketMs;
        // The hours counted: hour_ms >= from and hour_ms < to, i.e. the whole hours from the first at or after from to the first at or after to.
        _firstHour = CeilingHour(fromMs);
        var endHour = CeilingHour(toMs);
        for (var day = PendingBinDeltas.DayOf(_firstHour); day < endHour; day += PendingBinDeltas.DayMs)
        {
            var lo = Math.Max(day, _firstHour);
            var hi = Math.Min(day + PendingBinDeltas.DayMs, endHour);
            var inside = (hi - lo) / PendingBinDeltas.HourMs;
            var oneBucket = (lo - fromMs) / bucketMs == (hi - PendingBinDeltas.HourMs - fromMs) / bucketMs;
            if (oneBucket && inside > 12)
            {
                Append(_days, new PendingRange(PendingBinDeltas.DayGrain, day, day + PendingBinDeltas.DayMs, +1));
                if (lo > day) Append(_outside, new PendingRange(PendingBinDeltas.HourGrain, day, lo, -1));
                if (hi < day + PendingBinDeltas.DayMs) Append(_outside, new PendingRange(PendingBinDeltas.HourGrain, hi, day + PendingBinDeltas.DayMs, -1));
            }
            else
            {
                Append(_hours, new PendingRange(PendingBinDeltas.HourGrain, lo, hi, +1));
            }
        }
    }

    /// <summary>The ranges to read: day rows, hour rows inside the period, hour rows to take out of their days.</summary>
    public IReadOnlyList<PendingRange> Ranges => [.. _days, .. _hours, .. _outside];

    /// <summary>The day rows to read (each range whole UTC days, added).</summary>
    public IReadOnlyList<PendingRange> DayRanges => _days;

    /// <summary>The hour rows to read: inside the period (added), then outside it (taken out of their days).</summary>
    public IReadOnlyList<PendingRange> HourRanges => [.. _hours, .. _outside];

    /// <summary>The bucket (0, 1, ... from the period's start) a row of <paramref name="range"/> starting at <paramref name="startMs"/> counts in.</summary>
    public long BucketOf(in PendingRange range, long startMs)
    {
        if (range.Grain == PendingBinDeltas.HourGrain && range.Sign > 0)
            return (startMs - _fromMs) / _bucketMs;
        // A day's row, or an hour taken out of its day: the bucket of the day's hours inside the period (one bucket).
        return (Math.Max(PendingBinDeltas.DayOf(startMs), _firstHour) - _fromMs) / _bucketMs;
    }

    /// <summary>
    /// Whether the day starting at <paramref name="dayMs"/>, read as its day's row in <paramref name="range"/>, is the
    /// whole of its bucket: the bucket is that UTC day (a daily series from UTC midnight) and no hour row is added to it
    /// or taken out of it. Such a bucket's bins are the day's bins as they are.
    /// </summary>
    public bool IsWholeDayBucket(in PendingRange range, long dayMs)
    {
        if (range.Grain != PendingBinDeltas.DayGrain || range.Sign <= 0 || _bucketMs != PendingBinDeltas.DayMs) return false;
        return _fromMs + (BucketOf(range, dayMs) * _bucketMs) == dayMs && !Touches(_hours, dayMs) && !Touches(_outside, dayMs);
    }

    /// <summary>Whether any of <paramref name="ranges"/> overlaps the UTC day starting at <paramref name="dayMs"/>.</summary>
    private static bool Touches(List<PendingRange> ranges, long dayMs)
    {
        foreach (var r in ranges)
        {
            if (r.FromMs < dayMs + PendingBinDeltas.DayMs && r.ToMs > dayMs) return true;
        }
        return false;
    }

    private static long CeilingHour(long timeMs)
    {
        var hour = Sql.HourOf(timeMs);
        return hour == timeMs ? hour : hour + PendingBinDeltas.HourMs;
    }

    private static void Append(List<PendingRange> ranges, PendingRange range)
    {
        if (ranges.Count > 0 && ranges[^1].ToMs == range.FromMs)
            ranges[^1] = ranges[^1] with { ToMs = range.ToMs };
        else
            ranges.Add(range);
    }
}
