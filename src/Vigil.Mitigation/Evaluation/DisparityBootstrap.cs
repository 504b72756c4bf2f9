using Vigil.Core;
using Vigil.Core.Statistics;

namespace Vigil.Mitigation.Evaluation;

/// <summary>The targeted disparity before and after mitigation, and their difference, with bootstrap intervals.</summary>
public sealed record DisparityComparison(string Name, Metric Before, Metric After, Metric Change, int Replicates);

/// <summary>
/// Paired percentile bootstrap of a disparity on the held-out rows: B resamples of the rows with replacement
/// (System.Random seeded), the disparity of the before and after predictions computed on the same resample, and the
/// 2.5% and 97.5% percentiles (numpy's linear rule) of each and of their difference (after − before). Resamples where
/// a disparity is undefined (a group drawn without the needed class) are left out and counted in the reason.
/// </summary>
public static class DisparityBootstrap
{
    public static DisparityComparison Run(GroupedLabels data, ReadOnlySpan<bool> before, ReadOnlySpan<bool> after, Parity kind, int replicates, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var name = PerformanceEvaluator.Name(kind);
        var b0 = PerformanceEvaluator.Disparity(PerformanceEvaluator.Count(data, before), kind);
        var a0 = PerformanceEvaluator.Disparity(PerformanceEvaluator.Count(data, after), kind);
        var reason = PerformanceEvaluator.UndefinedReason(kind);
        if (b0 is null || a0 is null || replicates < 1 || data.Count == 0)
            return new DisparityComparison(name, Wrap(b0, reason), Wrap(a0, reason),
                b0 is double x && a0 is double y ? Metric.Of(y - x) : Metric.Undefined(reason), 0);

        var rng = new Random(seed);
        var n = data.Count;
        var g = data.GroupCount;
        var cb = new long[g * 4];
        var ca = new long[g * 4];
        var bs = new List<double>(replicates);
        var asList = new List<double>(replicates);
        var ds = new List<double>(replicates);
        var skipped = 0;
        for (var r = 0; r < replicates; r++)
        {
            Array.Clear(cb);
            Array.Clear(ca);
            for (var k = 0; k < n; k++)
            {
                var i = rng.Next(n);
                cb[PerformanceEvaluator.CellOf(data, i, before[i])]++;
                ca[PerformanceEvaluator.CellOf(data, i, after[i])]++;
            }
            var db = PerformanceEvaluator.Disparity(ConfusionCounts.FromCells(cb, g), kind);
            var da = PerformanceEvaluator.Disparity(ConfusionCounts.FromCells(ca, g), kind);
            if (db is null || da is null)
            {
                skipped++;
                continue;
            }
            bs.Add(db.Value);
            asList.Add(da.Value);
            ds.Add(da.Value - db.Value);
        }
        var note = skipped > 0 ? $"{skipped} of {replicates} resamples left out: {reason}" : null;
        return new DisparityComparison(name,
            WithCi(b0.Value, bs, note), WithCi(a0.Value, asList, note), WithCi(a0.Value - b0.Value, ds, note), replicates - skipped);
    }

    private static Metric Wrap(double? v, string reason) => v is double x ? Metric.Of(x) : Metric.Undefined(reason);

    private static Metric WithCi(double value, List<double> samples, string? note)
    {
        if (samples.Count < 2) return Metric.Of(value) with { Reason = note };
        var sorted = samples.ToArray();
        Array.Sort(sorted);
        return new Metric(value, new Interval(Percentile.OfSorted(sorted, 0.025), Percentile.OfSorted(sorted, 0.975)), note)
        {
            CiMethod = "bootstrap_percentile",
        };
    }
}
