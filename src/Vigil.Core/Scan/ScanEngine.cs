using System.Globalization;
using MathNet.Numerics.Random;
using Vigil.Core.Audit;
using Vigil.Core.Statistics;

namespace Vigil.Core.Scan;

/// <summary>
/// Hidden stratification: which subgroups, defined by up to <see cref="ScanOptions.MaxOrder"/> attributes, have a
/// significantly higher error rate than the rest. docs/scan.md describes the statistics.
/// <para>
/// The baseline p0 is the rate over the whole scanned population (the maximum-likelihood rate under H0, as the
/// expectations of AIF360's bias scan when they are a constant).
/// </para>
/// <para>
/// MDSS significance (Zhang and Neill 2016; Kulldorff 1997 for scan statistics): a parametric bootstrap under
/// H0 draws every cell's events as Binomial(N_cell, p0), reruns the same search (same restarts) and keeps its best
/// score; a subgroup's p-value is (1 + #{replicates with best score ≥ its score}) / (R + 1). Comparing every
/// reported subgroup with the distribution of the maximum adjusts for the search itself (as secondary clusters of
/// a spatial scan are reported), so no further multiple-testing correction is applied.
/// </para>
/// </summary>
public static class ScanEngine
{
    public static ScanResult Run(AuditData data, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        Validate(data, options);
        var cells = ScanCells.Build(data, options.Metric);
        var totalN = cells.TotalPopulation;
        var totalC = cells.TotalEvents;
        if (totalN == 0)
            throw VigilException.BadData($"no records in the scanned population of {Name(options.Metric)} ({Population(options.Metric)})");
        if (totalN < options.MinSize)
            throw VigilException.Option("min_size", $"{options.MinSize}: the scanned population has only {totalN} records ({Population(options.Metric)})");
        var p0 = (double)totalC / totalN;
        long rowsTotal = 0, positivesTotal = 0;
        for (var cell = 0; cell < cells.Count; cell++)
        {
            rowsTotal += cells.Rows[cell];
            positivesTotal += cells.Positives[cell];
        }
        var overall = Rate(totalC, totalN, options.Confidence, "no records in the scanned population");
        var reference = ScanReferenceCells.Resolve(cells, options.Reference, options.Confidence);

        List<ScanSubgroup> subgroups;
        long candidates;
        var nullScores = new List<double>();
        if (options.Method == ScanMethod.Mdss)
        {
            var found = MdssSearch.Run(cells, p0, options, (ulong)(uint)options.Seed);
            candidates = found.Count;
            if (options.Replicates > 0) nullScores = NullDistribution(cells, p0, options);
            subgroups = [];
            foreach (var (state, score) in found.Take(options.Top))
            {
                double? p = options.Replicates > 0 ? PValue(nullScores, score) : null;
                var conditions = new List<ScanCondition>();
                for (var a = 0; a < cells.Attributes; a++)
                {
                    if (!state.Constrained[a]) continue;
                    var values = new List<string>();
                    for (var v = 0; v < state.Included[a].Length; v++)
                        if (state.Included[a][v]) values.Add(cells.Levels[a][v]);
                    conditions.Add(new ScanCondition(cells.Names[a], values));
                }
                subgroups.Add(Describe(cells, c => state.Contains(cells.Codes, c, cells.Attributes), conditions, p0, score,
                    p, options.Replicates > 0 ? "randomization" : null, p, options, reference));
            }
        }
        else
        {
            var tests = ExhaustiveScan.Run(cells, p0, options);
            candidates = tests.Count;
            var raw = tests.Select(t => t.PValue).ToArray();
            var adjusted = options.Adjustment == PValueAdjustment.Holm
                ? MultipleTesting.Holm(raw)
                : MultipleTesting.BenjaminiHochberg(raw);
            var order = Enumerable.Range(0, tests.Count).ToArray();
            Array.Sort(order, (x, y) =>
            {
                var byP = adjusted[x].CompareTo(adjusted[y]);
                if (byP != 0) return byP;
                var byRaw = raw[x].CompareTo(raw[y]);
                return byRaw != 0 ? byRaw : tests[y].Score.CompareTo(tests[x].Score);
            });
            subgroups = [];
            foreach (var i in order.Take(options.Top))
            {
                var t = tests[i];
                var conditions = new List<ScanCondition>();
                for (var k = 0; k < t.Attributes.Length; k++)
                    conditions.Add(new ScanCondition(cells.Names[t.Attributes[k]], [cells.Levels[t.Attributes[k]][t.Levels[k]]]));
                bool Member(int cell)
                {
                    for (var k = 0; k < t.Attributes.Length; k++)
                        if (cells.Codes[cell * cells.Attributes + t.Attributes[k]] != t.Levels[k]) return false;
                    return true;
                }
                subgroups.Add(Describe(cells, Member, conditions, p0, t.Score, t.PValue, t.Method, adjusted[i], options, reference));
            }
        }
        return new ScanResult(options.Metric, options.Method, cells.Names, rowsTotal, positivesTotal, totalN, totalC, overall,
            cells.Count, options, candidates, nullScores, subgroups)
        {
            Intersections = options.Intersections.Count == 0 ? [] : ScanNamedCells.Evaluate(cells, p0, options, nullScores, reference),
            Reference = reference?.Summary,
        };
    }

    /// <summary>(1 + #{null ≥ score}) / (R + 1), with a relative tolerance for ties in floating point.</summary>
    internal static double PValue(IReadOnlyList<double> nullScores, double score)
    {
        var atLeast = 0;
        foreach (var s in nullScores) if (s >= score - 1e-9 * Math.Max(1, Math.Abs(score))) atLeast++;
        return (1.0 + atLeast) / (nullScores.Count + 1);
    }

    private static List<double> NullDistribution(ScanCells cells, double p0, ScanOptions options)
    {
        var scores = new List<double>(options.Replicates);
        var events = new long[cells.Count];
        for (var r = 0; r < options.Replicates; r++)
        {
            var seed = ReplicateSeed(options.Seed, r);
            var rng = new Xoshiro256StarStar(unchecked((int)seed), threadSafe: false);
            for (var cell = 0; cell < cells.Count; cell++) events[cell] = BinomialSampler.Sample(rng, cells.Population[cell], p0);
            scores.Add(MdssSearch.MaxScore(cells.WithEvents(events), p0, options, seed >> 1));
        }
        return scores;
    }

    /// <summary>SplitMix64 of (seed, replicate): independent, reproducible streams.</summary>
    internal static ulong ReplicateSeed(int seed, int replicate) => SplitMix64.ReplicateStream(seed, replicate);

    /// <summary>A subgroup's counts, rates and flags from its cells; with a reference group, also its gap to that group.</summary>
    internal static ScanSubgroup Describe(ScanCells cells, Func<int, bool> member, List<ScanCondition> conditions, double p0, double score,
        double? p, string? method, double? adjusted, ScanOptions options, ScanReferenceCells? reference)
    {
        long rows = 0, positives = 0, n = 0, c = 0;
        var overlaps = false;
        for (var cell = 0; cell < cells.Count; cell++)
        {
            if (!member(cell)) continue;
            if (reference is not null && cells.Rows[cell] > 0 && reference.Contains(cells, cell)) overlaps = true;
            rows += cells.Rows[cell];
            positives += cells.Positives[cell];
            n += cells.Population[cell];
            c += cells.Events[cell];
        }
        var totalN = cells.TotalPopulation;
        var totalC = cells.TotalEvents;
        var rate = Rate(c, n, options.Confidence, "no records of the scanned population in the subgroup");
        var complement = Rate(totalC - c, totalN - n, options.Confidence, "the subgroup is the whole scanned population");
        return new ScanSubgroup(conditions, rows, positives, n, c, rate, complement, score,
            BernoulliScanScore.OddsMultiplier(c, n, p0), p, method, adjusted,
            adjusted is { } a && a <= options.Alpha, rows < options.MinCell)
        {
            ReferenceGap = reference?.Gap(c, n, overlaps, options.Confidence),
        };
    }

    private static Metric Rate(long events, long records, double confidence, string reason) =>
        records > 0
            ? new Metric((double)events / records, WilsonInterval.Compute(events, records, confidence), null) { CiMethod = "wilson" }
            : Metric.Undefined(reason);

    private static void Validate(AuditData data, ScanOptions o)
    {
        if (data.Attributes.Count == 0) throw VigilException.Option("attributes", "needs at least one column");
        if (o.MaxOrder < 1) throw VigilException.Option("max_order", $"{o.MaxOrder}: expected 1 or more attributes per subgroup");
        if (o.MinSize < 1) throw VigilException.Option("min_size", $"{o.MinSize}: expected at least 1 record");
        if (o.Top < 1) throw VigilException.Option("top", $"{o.Top}: expected at least 1 subgroup");
        if (!(o.Alpha > 0 && o.Alpha < 1)) throw VigilException.Option("alpha", $"{o.Alpha.ToString(CultureInfo.InvariantCulture)}: expected a number in (0, 1)");
        if (o.Replicates is < 0 or > 100_000) throw VigilException.Option("replicates", $"{o.Replicates}: expected 0 to 100000");
        if (o.Restarts is < 0 or > 10_000) throw VigilException.Option("restarts", $"{o.Restarts}: expected 0 to 10000");
        if (data.Rows == 0) throw VigilException.BadData("no rows to scan");
        long positives = 0;
        foreach (var y in data.Labels) positives += y;
        if (positives == 0 || positives == data.Rows)
            throw VigilException.BadData(
                $"the label has one class only ({(positives == 0 ? "no positives" : "no negatives")} in {data.Rows} rows); a scan compares error rates, which needs both classes");
    }

    public static string Name(ScanMetric metric) => metric switch
    {
        ScanMetric.Fnr => "fnr",
        ScanMetric.Fpr => "fpr",
        ScanMetric.Error => "error",
        _ => "selection",
    };

    /// <summary>The scanned population and event of a metric, in words.</summary>
    public static string Population(ScanMetric metric) => metric switch
    {
        ScanMetric.Fnr => "rows with label 1; event: prediction 0",
        ScanMetric.Fpr => "rows with label 0; event: prediction 1",
        ScanMetric.Error => "every row; event: prediction differs from label",
        _ => "every row; event: prediction 1",
    };
}
