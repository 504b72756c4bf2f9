using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Vigil.Monitoring.Estimation;
using Vigil.Monitoring.Store;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Monitoring.Estimation;

/// <summary>
/// The in-process pending-bin count (<see cref="PendingBinCounter"/> over its open-addressing <see cref="PackedBinTable"/>,
/// over its <see cref="DenseBinTable"/>, and over a dense table that moves to the hash table part way),
/// the writer's hour and day counts read through the plan of a period (<see cref="PendingBinDeltas"/>,
/// <see cref="PendingBinPlan"/>: days whole, days less their outside hours, hours), and the one-pass split of a series' rows (<see cref="EstimationRowSet.ByBucket"/>) against a naive recomputation
/// (LINQ group-by of the raw rows; <see cref="EstimationRowSet.Within"/> per bucket), over FsCheck-generated cases:
/// up to 5,000 rows, 1 to 40 cells (some non-ASCII), scores on and next to bin edges, 0 and 1, buckets from an hour to the
/// whole span, enough distinct keys to make the table grow several times. The seed is written to the test output and
/// into every failure; VIGIL_PENDING_SEED replays it.
/// </summary>
public sealed class PendingBinCounterProperties(ITestOutputHelper output)
{
    private const long Hour = 3_600_000;
    private const long T0 = 1_700_000_000_000 / Hour * Hour;
    private const int Cases = 150;

    private sealed record Case(int Seed, int Rows, int Cells, int Hours, int BucketHours, int ScoreStyle);

    private static readonly Gen<Case> CaseGen =
        from seed in Gen.Choose(0, int.MaxValue)
        from rows in Gen.Frequency((3, Gen.Choose(0, 200)), (2, Gen.Choose(200, 5_000)))
        from cells in Gen.Choose(1, 40)
        from hours in Gen.Choose(1, 24 * 30)
        from bucket in Gen.Elements(1, 6, 24, 24 * 31)
        from style in Gen.Choose(0, 2)
        select new Case(seed, rows, cells, hours, bucket, style);

    [Fact]
    public void Counter_EqualsANaiveGroupByOfTheRows()
    {
        var seed = Seed();
        foreach (var c in CaseGen.Sample(Cases, new Rnd(seed), 50))
        {
            var rows = Rows(c);
            var bucketMs = c.BucketHours * Hour;
            var expected = rows
                .GroupBy(r => (Bucket: T0 + (r.HourMs - T0) / bucketMs * bucketMs, r.Cell, r.Alert, Bin: (long)(r.Score * 1000)))
                .OrderBy(g => g.Key.Bucket).ThenBy(g => g.Key.Cell, StringComparer.Ordinal).ThenBy(g => g.Key.Alert).ThenBy(g => g.Key.Bin)
                .Select(g => (Bin: new PendingBin(g.Key.Bucket, g.Key.Cell, g.Key.Alert, g.Sum(r => WindowDeltas.Nano(r.Score)) / 1e9 / g.Count(), g.Count()),
                    Mean: g.Average(r => r.Score)))
                .ToList();
            foreach (var (table, counter) in Counters(T0, bucketMs, (c.Hours + c.BucketHours - 1) / c.BucketHours))
            {
                foreach (var r in rows) counter.Add(r.HourMs, r.Cell, r.Alert, r.Score);
                var actual = counter.ToBins();
                var what = $"seed {seed}, case {c}, {table}";
                Assert.True(rows.Count == counter.Rows, what);
                Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} bins expected, {actual.Count} counted");
                for (var i = 0; i < expected.Count; i++)
                {
                    var (e, a) = (expected[i].Bin, actual[i]);
                    Assert.True(e == a, $"{what}: bin {i}: expected {e}, counted {a}");
                    Assert.True(Math.Abs(expected[i].Mean - a.MeanScore) <= 5e-10, $"{what}: bin {i}: mean of the doubles {expected[i].Mean}, counted {a.MeanScore}");
                }
            }
        }
    }

    [Fact]
    public void StoredHourAndDayCounts_ReadThroughThePlan_EqualANaiveGroupByOfTheRows()
    {
        var seed = Seed();
        var periodGen =
            from startHours in Gen.Choose(-48, 24 * 31)
            from lengthHours in Gen.Choose(0, 24 * 33)
            from fromOffset in Gen.Elements(0L, 0L, 1L, 1_020_000L, Hour - 1)
            from toOffset in Gen.Elements(0L, 0L, 1L, 2_400_000L)
            from dayAligned in Gen.Elements(false, false, true)
            from bucketHours in Gen.Elements(1, 6, 24, 48, 0)
            select (startHours, lengthHours, fromOffset, toOffset, dayAligned, bucketHours);
        var cases = CaseGen.Sample(Cases, new Rnd(seed), 50).Zip(periodGen.Sample(Cases, new Rnd(seed + 1), 50));
        foreach (var (c, p) in cases)
        {
            var random = new Random(c.Seed);
            var rows = Rows(c);
            // The writer's counts: +1 per stored pending row; a third of them also matured in the same period (+1, then -1).
            var deltas = new PendingBinDeltas();
            var pending = new List<(long HourMs, string Cell, bool Alert, double Score)>();
            foreach (var r in rows)
            {
                var cell = new CellRef("m", "v", r.HourMs, r.Cell);
                deltas.Add(cell, r.Alert, r.Score, +1);
                if (random.Next(3) == 0) deltas.Add(cell, r.Alert, r.Score, -1);
                else pending.Add(r);
            }
            var stored = deltas.Changes.Where(kv => kv.Value.N != 0).ToList();
            var from = p.dayAligned ? PendingBinDeltas.DayOf(T0 + p.startHours * Hour) : T0 + p.startHours * Hour + p.fromOffset;
            var to = from + p.lengthHours * Hour + p.toOffset;
            var bucketMs = p.bucketHours == 0 ? Math.Max(1, to - from) : p.bucketHours * Hour;
            var plan = new PendingBinPlan(from, to, bucketMs);
            var expected = pending.Where(r => r.HourMs >= from && r.HourMs < to)
                .GroupBy(r => (Bucket: from + (r.HourMs - from) / bucketMs * bucketMs, r.Cell, r.Alert, Bin: (long)(r.Score * 1000)))
                .OrderBy(g => g.Key.Bucket).ThenBy(g => g.Key.Cell, StringComparer.Ordinal).ThenBy(g => g.Key.Alert).ThenBy(g => g.Key.Bin)
                .Select(g => new PendingBin(g.Key.Bucket, g.Key.Cell, g.Key.Alert, g.Sum(r => WindowDeltas.Nano(r.Score)) / 1e9 / g.Count(), g.Count()))
                .ToList();
            var buckets = to > from ? (int)Math.Min(((to - from - 1) / bucketMs) + 1, int.MaxValue) : 0;
            foreach (var (table, counter) in Counters(from, bucketMs, buckets))
            {
                foreach (var range in plan.Ranges)
                {
                    foreach (var (k, (n, nano)) in stored)
                    {
                        if (k.Grain == range.Grain && k.StartMs >= range.FromMs && k.StartMs < range.ToMs)
                            counter.Add(k.Cell, plan.BucketOf(range, k.StartMs), k.Alert, k.Bin, range.Sign * n, range.Sign * nano);
                    }
                }
                var actual = counter.ToBins();
                var what = $"seed {seed}, case {c}, period [{from - T0}, {to - T0}) by {bucketMs}, {table}";
                Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} bins expected, {actual.Count} read");
                for (var i = 0; i < expected.Count; i++)
                    Assert.True(expected[i] == actual[i], $"{what}: bin {i}: expected {expected[i]}, read {actual[i]}");
            }
        }
    }

    [Fact]
    public void ByBucket_EqualsWithinForEveryBucket()
    {
        var seed = Seed();
        foreach (var c in CaseGen.Sample(Cases, new Rnd(seed), 50))
        {
            var random = new Random(c.Seed);
            var rows = Rows(c);
            var bucketMs = c.BucketHours * Hour;
            var counter = new PendingBinCounter(T0, bucketMs);
            foreach (var r in rows) counter.Add(r.HourMs, r.Cell, r.Alert, r.Score);
            var feedback = rows.Take(rows.Count / 3)
                .Select(r => new FeedbackRow(T0 + (r.HourMs - T0) / bucketMs * bucketMs, r.Cell, r.Alert, random.Next(2) == 0, random.Next(2) == 0, 1 + random.Next(9)))
                .ToList();
            var set = new EstimationRowSet(feedback, counter.ToBins()) { Shift = ["shifted"] };
            // Start one bucket late and stop early, so that rows fall outside on both sides.
            var startMs = T0 + bucketMs;
            var count = Math.Max(0, (int)((long)c.Hours * Hour / bucketMs) - 1);
            var split = set.ByBucket(startMs, bucketMs, count);
            // The same rows out of bucket order take the copying path (the store's bins, in order, are split into views).
            var shuffled = new EstimationRowSet(set.Feedback, [.. set.Pending.OrderBy(_ => random.Next())]) { Shift = ["shifted"] }.ByBucket(startMs, bucketMs, count);
            // The same bins as one segment per bucket (as a daily series with days handed on whole reads them).
            var segmented = new EstimationRowSet(set.Feedback, BucketedBins.Merge(counter.ToBins(), [])) { Shift = ["shifted"] }.ByBucket(startMs, bucketMs, count);
            var what = $"seed {seed}, case {c}";
            Assert.True(count == split.Length, what);
            for (var i = 0; i < count; i++)
            {
                var naive = set.Within(startMs + i * bucketMs, startMs + (i + 1) * bucketMs);
                Assert.True(naive.Feedback.SequenceEqual(split[i].Feedback), $"{what}: feedback of bucket {i}");
                Assert.True(naive.Pending.SequenceEqual(split[i].Pending), $"{what}: pending of bucket {i}");
                Assert.True(naive.Pending.OrderBy(Key).SequenceEqual(shuffled[i].Pending.OrderBy(Key)), $"{what}: pending of bucket {i}, rows out of order");
                Assert.True(naive.Pending.SequenceEqual(segmented[i].Pending), $"{what}: pending of bucket {i}, one segment per bucket");
                Assert.True(naive.Feedback.SequenceEqual(segmented[i].Feedback), $"{what}: feedback of bucket {i}, one segment per bucket");
                Assert.Equal(["shifted"], split[i].Shift);
            }
        }
    }

    /// <summary>
    /// The same count three ways: the hash table alone; told its bucket count (dense when at most
    /// <see cref="DenseBinTable.MaxBuckets"/> and the blocks fit); told half of it, so that the rows of later buckets move
    /// it to the hash table part way.
    /// </summary>
    private static IEnumerable<(string Table, PendingBinCounter Counter)> Counters(long fromMs, long bucketMs, int buckets)
    {
        yield return ("hash table", new PendingBinCounter(fromMs, bucketMs));
        yield return ($"{buckets} buckets", new PendingBinCounter(fromMs, bucketMs, buckets));
        if (buckets > 1) yield return ($"{buckets / 2} of {buckets} buckets", new PendingBinCounter(fromMs, bucketMs, buckets / 2));
    }

    /// <summary>A daily count of 30 buckets stays dense; one of more blocks than the dense table holds moves to the hash table with the same bins.</summary>
    [Fact]
    public void DenseTable_IsUsedForFewBucketsAndGivesWayToTheHashTableBeyondItsBlocks()
    {
        var random = new Random(11);
        var cells = DenseBinTable.MaxBlocks / 30 + 5; // 30 days × 39 cells: more blocks than the table holds
        var rows = Enumerable.Range(0, 60_000).Select(i => (Hour: T0 + random.Next(30 * 24) * Hour, Cell: $"cell {i % cells:00}",
            Alert: random.Next(2) == 1, Score: random.NextDouble())).ToList();
        var daily = 24 * Hour;
        var few = new PendingBinCounter(T0, daily, 30);
        foreach (var r in rows.Where(r => string.CompareOrdinal(r.Cell, "cell 05") < 0)) few.Add(r.Hour, r.Cell, r.Alert, r.Score);
        Assert.True(few.Dense);
        var many = new PendingBinCounter(T0, daily, 30);
        var hash = new PendingBinCounter(T0, daily);
        foreach (var r in rows)
        {
            many.Add(r.Hour, r.Cell, r.Alert, r.Score);
            hash.Add(r.Hour, r.Cell, r.Alert, r.Score);
        }
        Assert.False(many.Dense);
        Assert.False(hash.Dense);
        Assert.Equal(hash.ToBins(), many.ToBins());
        Assert.False(new PendingBinCounter(T0, Hour, DenseBinTable.MaxBuckets + 1).Dense); // an hourly series of 15 days: hash table from the start
    }

    /// <summary>
    /// Days counted on their own (<see cref="PendingBinCounter.ToCountedDay"/>, as the readers' day cache keeps them) and
    /// added into a period's counter (<see cref="PendingBinCounter.AddDay"/>, also with the sign of a day taken out) give
    /// the bins of adding the rows themselves: with a day of few cells (dense) and one of more cells than the dense table
    /// holds (its hash table), into a daily counter and a one-bucket counter.
    /// </summary>
    [Fact]
    public void CountedDays_AddedIntoACounter_EqualAddingTheirRows()
    {
        var random = new Random(17);
        var day = 24 * Hour;
        var rows = new List<(long Day, string Cell, bool Alert, int Bin, long Count, long Sum)>();
        for (var d = 0; d < 4; d++)
        {
            var cells = d == 2 ? DenseBinTable.MaxBlocks + 10 : 1 + random.Next(30); // day 2: more cells than dense blocks
            for (var i = 0; i < 3_000; i++)
            {
                var count = 1L + random.Next(5);
                rows.Add((T0 + (d * day), $"c{(d == 2 ? i % cells : random.Next(cells)):0000}|é", random.Next(2) == 1, random.Next(1001), count, count * random.NextInt64(1_000_000_000)));
            }
        }
        foreach (var buckets in new[] { 4, 1 })
        {
            var bucketMs = buckets == 1 ? 4 * day : day;
            var direct = new PendingBinCounter(T0, bucketMs, buckets);
            var viaDays = new PendingBinCounter(T0, bucketMs, buckets);
            foreach (var group in rows.GroupBy(r => r.Day))
            {
                var one = new PendingBinCounter(group.Key, day, 1);
                foreach (var r in group)
                {
                    direct.Add(r.Cell, (r.Day - T0) / bucketMs, r.Alert, r.Bin, r.Count, r.Sum);
                    one.Add(r.Cell, 0, r.Alert, r.Bin, r.Count, r.Sum);
                }
                Assert.Equal(group.Key != T0 + (2 * day), one.Dense);
                var counted = one.ToCountedDay();
                viaDays.AddDay(counted, (group.Key - T0) / bucketMs, +1);
                // Added twice and taken out once: the sign applies to counts and sums alike.
                viaDays.AddDay(counted, (group.Key - T0) / bucketMs, +1);
                viaDays.AddDay(counted, (group.Key - T0) / bucketMs, -1);
            }
            Assert.Equal(direct.Rows, viaDays.Rows);
            Assert.Equal(direct.ToBins(), viaDays.ToBins());
        }
    }

    /// <summary>
    /// A day's bins handed on whole as its bucket (<see cref="CountedDay.Bins"/>, a daily series' day) and merged with the
    /// other buckets' counted bins (<see cref="BucketedBins.Merge"/>) read as the list of counting every day: element by
    /// element, through the indexer and the enumerator, for a dense day and a day of more cells than the dense table holds.
    /// </summary>
    [Fact]
    public void CountedDayBins_HandedOnAsWholeBuckets_EqualCountingTheDays()
    {
        var random = new Random(23);
        var day = 24 * Hour;
        var all = new PendingBinCounter(T0, day, 5);
        var rest = new PendingBinCounter(T0, day, 5);
        var whole = new List<ArraySegment<PendingBin>>();
        for (var d = 0; d < 5; d++)
        {
            var cells = d == 3 ? DenseBinTable.MaxBlocks + 10 : 1 + random.Next(30);
            var one = new PendingBinCounter(T0 + (d * day), day, 1);
            var rows = d == 1 ? 0 : 2_500; // day 1 holds no pending predictions
            for (var i = 0; i < rows; i++)
            {
                var (cell, alert, bin, count) = ($"c{random.Next(cells):0000}|{(i % 7 == 0 ? "é" : "e")}", random.Next(2) == 1, random.Next(1001), 1L + random.Next(5));
                var sum = count * random.NextInt64(1_000_000_000);
                all.Add(cell, d, alert, bin, count, sum);
                one.Add(cell, 0, alert, bin, count, sum);
            }
            var counted = one.ToCountedDay();
            Assert.Equal(one.ToBins(), counted.Bins());
            Assert.Same(counted.Bins(), counted.Bins()); // built once, then shared
            if (d % 2 == 1) whole.Add(counted.Bins());
            else rest.AddDay(counted, d, +1);
        }
        var expected = all.ToBins();
        var merged = BucketedBins.Merge(rest.ToBins(), whole);
        Assert.Equal(expected.Count, merged.Count);
        Assert.Equal(expected, merged.ToList());
        for (var i = 0; i < expected.Count; i += 97) Assert.Equal(expected[i], merged[i]);
        Assert.Equal(expected[^1], merged[merged.Count - 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => merged[merged.Count]);
        Assert.Equal(4, merged.Segments.Count); // one per day with bins
    }

    private static (long, string, bool, double, long) Key(PendingBin b) => (b.BucketMs, b.Cell, b.Alert, b.MeanScore, b.Count);

    private ulong Seed()
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("VIGIL_PENDING_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? s : (ulong)Random.Shared.NextInt64(long.MaxValue);
        output.WriteLine($"FsCheck seed: {seed} (replay: VIGIL_PENDING_SEED={seed})");
        return seed;
    }

    private static List<(long HourMs, string Cell, bool Alert, double Score)> Rows(Case c)
    {
        var random = new Random(c.Seed);
        var cells = Enumerable.Range(0, c.Cells).Select(i => i % 5 == 4 ? $"é|{i}|Ω" : $"c{i:000}|x").ToArray();
        var rows = new List<(long, string, bool, double)>(c.Rows);
        for (var i = 0; i < c.Rows; i++)
        {
            var score = c.ScoreStyle switch
            {
                0 => random.NextDouble(),
                // On a bin edge, or one ulp either side of it.
                1 => random.Next(3) switch
                {
                    0 => random.Next(1001) / 1000.0,
                    1 => Math.BitIncrement(random.Next(1000) / 1000.0),
                    _ => Math.BitDecrement(random.Next(1, 1001) / 1000.0),
                },
                _ => random.Next(4) switch { 0 => 0.0, 1 => 1.0, _ => Math.Round(random.NextDouble(), 2) },
            };
            rows.Add((T0 + random.Next(c.Hours) * Hour, cells[random.Next(cells.Length)], random.Next(2) == 1, score));
        }
        return rows;
    }
}
