namespace Vigil.Core.DataAudit;

/// <summary>A numeric feature in one group, with its SMD against the reference group (|SMD| &gt; 0.1 flagged).</summary>
public sealed record NumericGroupDistribution(string Group, NumericSummary Summary, Metric Smd, bool Imbalanced);

/// <summary>One level's count and share among the group's present values, and its proportion SMD against the reference group.</summary>
public sealed record LevelShare(string Level, long Count, double Share, Metric Smd);

/// <summary>A categorical feature in one group (present values only); imbalanced when any level's |SMD| &gt; 0.1.</summary>
public sealed record CategoricalGroupDistribution(string Group, long N, IReadOnlyList<LevelShare> Levels, bool Imbalanced);

/// <summary>A feature's distribution by one grouping, SMDs taken against <see cref="Reference"/>.</summary>
public sealed record FeatureDistribution(string Feature, string Kind, string Grouping, string Reference,
    IReadOnlyList<NumericGroupDistribution>? Numeric, IReadOnlyList<CategoricalGroupDistribution>? Categorical);

public static class DistributionSection
{
    public static List<FeatureDistribution> Build(DataAuditInput input, IReadOnlyList<Grouping> groupings, DataAuditOptions options)
    {
        var result = new List<FeatureDistribution>();
        foreach (var g in groupings)
        {
            var reference = LabelSection.Privileged(g, g.Counts(), options);
            foreach (var f in input.NumericFeatures) result.Add(Numeric(f, g, reference));
            foreach (var f in input.CategoricalFeatures) result.Add(Categorical(f, g, reference));
        }
        return result;
    }

    /// <summary>Numeric summaries per group and SMD = (mean_g − mean_ref) / sqrt((s_g² + s_ref²)/2) against group <paramref name="reference"/>.</summary>
    public static FeatureDistribution Numeric(NumericVariable f, Grouping g, int reference)
    {
        var summaries = Summaries(f.Values, g.Codes, g.Levels.Length);
        var rows = new List<NumericGroupDistribution>(summaries.Length);
        for (var c = 0; c < summaries.Length; c++)
        {
            var smd = c == reference ? Metric.Undefined("reference group") : StandardizedMeanDifference.Continuous(summaries[c], summaries[reference]);
            rows.Add(new NumericGroupDistribution(g.Levels[c], summaries[c], smd, smd.Value is { } v && Math.Abs(v) > StandardizedMeanDifference.Threshold));
        }
        return new FeatureDistribution(f.Name, "numeric", g.Name, g.Levels[reference], rows, null);
    }

    /// <summary>Summaries of the present values of every group in one pass that buckets the values by group.</summary>
    internal static NumericSummary[] Summaries(double[] values, int[] codes, int groups)
    {
        var counts = new int[groups + 1];
        for (var i = 0; i < values.Length; i++) if (!double.IsNaN(values[i])) counts[codes[i] + 1]++;
        for (var c = 1; c <= groups; c++) counts[c] += counts[c - 1];
        var buffer = new double[counts[groups]];
        var cursor = (int[])counts.Clone();
        for (var i = 0; i < values.Length; i++) if (!double.IsNaN(values[i])) buffer[cursor[codes[i]]++] = values[i];
        var result = new NumericSummary[groups];
        for (var c = 0; c < groups; c++) result[c] = NumericSummary.OfPresent(buffer.AsSpan(counts[c], counts[c + 1] - counts[c]));
        return result;
    }

    /// <summary>Level shares per group and, per level, the SMD of the level indicator against group <paramref name="reference"/>.</summary>
    public static FeatureDistribution Categorical(CategoricalVariable f, Grouping g, int reference)
    {
        var k = g.Levels.Length;
        var l = f.Levels.Length;
        var table = new long[k * l];
        var n = new long[k];
        for (var i = 0; i < f.Codes.Length; i++)
        {
            if (f.Codes[i] < 0) continue;
            table[g.Codes[i] * l + f.Codes[i]]++;
            n[g.Codes[i]]++;
        }
        var rows = new List<CategoricalGroupDistribution>(k);
        for (var c = 0; c < k; c++)
        {
            var levels = new List<LevelShare>(l);
            var imbalanced = false;
            for (var j = 0; j < l; j++)
            {
                var smd = c == reference ? Metric.Undefined("reference group") : StandardizedMeanDifference.Proportion(table[c * l + j], n[c], table[reference * l + j], n[reference]);
                imbalanced |= smd.Value is { } v && Math.Abs(v) > StandardizedMeanDifference.Threshold;
                levels.Add(new LevelShare(f.Levels[j], table[c * l + j], n[c] > 0 ? (double)table[c * l + j] / n[c] : double.NaN, smd));
            }
            rows.Add(new CategoricalGroupDistribution(g.Levels[c], n[c], levels, imbalanced));
        }
        return new FeatureDistribution(f.Name, "categorical", g.Name, g.Levels[reference], null, rows);
    }
}
