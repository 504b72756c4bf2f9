using Vigil.Core.Statistics;

namespace Vigil.Core.DataAudit;

/// <summary>A group's labels: rows, rows with a missing label, positives and prevalence among the labelled (Wilson 95% CI).</summary>
public sealed record LabelGroup(string Group, long N, long MissingLabel, long Positives, Metric Prevalence, Metric StatisticalParityDifference);

/// <summary>Labels by one grouping, with AIF360's dataset metrics (privileged = <see cref="Privileged"/>, unprivileged = every other group) and a χ² test that prevalence is the same in every group.</summary>
public sealed record LabelGrouping(string Grouping, string Privileged, IReadOnlyList<LabelGroup> Groups, DatasetFairnessResult Aif360, ChiSquareResult PrevalenceTest);

/// <summary>The label section: overall prevalence, per-grouping rows and AIF360 metrics, and the consistency of labels among neighbours.</summary>
public sealed record LabelSummary(long N, long MissingLabel, long Positives, Metric Prevalence, IReadOnlyList<LabelGrouping> Groupings,
    IReadOnlyList<string> ConsistencyFeatures, ConsistencyResult Consistency, ConsistencyResult ConsistencyStandardized);

public static class LabelSection
{
    public static LabelSummary Build(DataAuditInput input, IReadOnlyList<Grouping> groupings, DataAuditOptions options)
    {
        long n = input.Rows, missing = 0, positives = 0;
        foreach (var y in input.Labels)
        {
            if (y == DataAuditInput.MissingLabel) missing++;
            else positives += y;
        }
        var result = new List<LabelGrouping>();
        foreach (var g in groupings)
        {
            var k = g.Levels.Length;
            var rows = new long[k];
            var labelled = new long[k];
            var x = new long[k];
            for (var i = 0; i < g.Codes.Length; i++)
            {
                var c = g.Codes[i];
                rows[c]++;
                if (input.Labels[i] == DataAuditInput.MissingLabel) continue;
                labelled[c]++;
                x[c] += input.Labels[i];
            }
            result.Add(Grouped(g, rows, labelled, x, options));
        }
        return Finish(input, result, n, missing, positives, options);
    }

    /// <summary>One grouping's labels from counts per group: rows, labelled rows and positives.</summary>
    internal static LabelGrouping Grouped(Grouping g, long[] rows, long[] labelled, long[] x, DataAuditOptions options)
    {
        var k = g.Levels.Length;
        var privileged = Privileged(g, labelled, options);
        var aif = DatasetFairness.Compute(labelled, x, privileged);
        var table = new long[k * 2];
        for (var c = 0; c < k; c++)
        {
            table[2 * c] = x[c];
            table[2 * c + 1] = labelled[c] - x[c];
        }
        var groups = new List<LabelGroup>(k);
        for (var c = 0; c < k; c++)
        {
            var prevalence = Prevalence(x[c], labelled[c]);
            var spd = c == privileged || !prevalence.IsDefined || labelled[privileged] == 0
                ? Metric.Undefined(c == privileged ? "privileged group" : "no labelled rows")
                : Metric.Of(prevalence.Value!.Value - (double)x[privileged] / labelled[privileged]);
            groups.Add(new LabelGroup(g.Levels[c], rows[c], rows[c] - labelled[c], x[c], prevalence, spd));
        }
        return new LabelGrouping(g.Name, g.Levels[privileged], groups, aif, ContingencyTable.Test(table, k, 2));
    }

    private static LabelSummary Finish(DataAuditInput input, List<LabelGrouping> result, long n, long missing, long positives, DataAuditOptions options)
    {
        // AIF360 builds its feature matrix from the features and the integer-coded protected attributes.
        var features = new List<double[]>();
        var names = new List<string>();
        foreach (var f in input.NumericFeatures)
        {
            features.Add(f.Values);
            names.Add(f.Name);
        }
        foreach (var p in input.Protected)
        {
            var codes = new double[input.Rows];
            for (var i = 0; i < codes.Length; i++) codes[i] = p.Codes[i];
            features.Add(codes);
            names.Add(p.Name + " (level index)");
        }
        var (raw, standardized) = Consistency.ComputeBoth(features, input.Labels, options.ConsistencyNeighbours, options.Seed);
        return new LabelSummary(n, missing, positives, Prevalence(positives, n - missing), result, names, raw, standardized);
    }

    /// <summary>positives / labelled with its Wilson 95% interval; undefined with no labelled rows.</summary>
    public static Metric Prevalence(long positives, long labelled) =>
        labelled > 0
            ? new Metric((double)positives / labelled, WilsonInterval.Compute(positives, labelled), null) { CiMethod = "wilson" }
            : Metric.Undefined("no labelled rows");

    /// <summary>The level named by --reference for this attribute, else the group with the most labelled rows.</summary>
    internal static int Privileged(Grouping g, long[] labelled, DataAuditOptions options)
    {
        if (g.Attributes.Count == 1 && options.References.TryGetValue(g.Name, out var named))
        {
            var index = Array.IndexOf(g.Levels, named);
            if (index >= 0) return index;
        }
        if (g.Attributes.Count > 1)
        {
            var parts = g.Attributes.Select(a => options.References.GetValueOrDefault(a)).ToArray();
            if (parts.All(p => p is not null))
            {
                var index = Array.IndexOf(g.Levels, string.Join("*", parts));
                if (index >= 0) return index;
            }
        }
        var best = 0;
        for (var c = 1; c < labelled.Length; c++) if (labelled[c] > labelled[best]) best = c;
        return best;
    }
}
