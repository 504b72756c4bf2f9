namespace Vigil.Core.DataAudit;

/// <summary>A numeric feature in one group, with its SMD against the reference group (|SMD| &gt; 0.1 flagged).</summary>
public sealed record NumericGroupDistribution(string Group, DescriptiveSummary Summary, Metric Smd, bool Imbalanced);

/// <summary>One level's count and share among the group's present values, and its proportion SMD against the reference group.</summary>
public sealed record LevelShare(string Level, long Count, double Share, Metric Smd);

/// <summary>A categorical feature in one group (present values only); imbalanced when any level's |SMD| &gt; 0.1.</summary>
public sealed record CategoricalGroupDistribution(string Group, long N, IReadOnlyList<LevelShare> Levels, bool Imbalanced);

/// <summary>A feature's distribution by one grouping, SMDs taken against <see cref="Reference"/>.</summary>
public sealed record FeatureDistribution(string Feature, string Kind, string Grouping, string Reference,
    IReadOnlyList<NumericGroupDistribution>? Numeric, IReadOnlyList<CategoricalGroupDistribution>? Categorical);

public static class DistributionSection
{
    public static List<FeatureDistribution> Build(DataAuditInput input, IReadOnlyList<Grouping> groupings, DataAuditOptions options) =>
        Build(input, groupings, options, NumericRows(input, groupings, options));

    internal static List<FeatureDistribution> Build(DataAuditInput input, IReadOnlyList<Grouping> groupings, DataAuditOptions options, FeatureDistribution[,] numeric)
    {
        var references = References(groupings, options);
        var result = new List<FeatureDistribution>();
        for (var g = 0; g < groupings.Count; g++)
        {
            for (var f = 0; f < input.NumericFeatures.Count; f++) result.Add(numeric[f, g]);
            foreach (var f in input.CategoricalFeatures) result.Add(Categorical(f, groupings[g], references[g]));
        }
        return result;
    }

    /// <summary>The numeric rows [feature, grouping], each feature sorted once.</summary>
    internal static FeatureDistribution[,] NumericRows(DataAuditInput input, IReadOnlyList<Grouping> groupings, DataAuditOptions options)
    {
        var rows = new FeatureDistribution[input.NumericFeatures.Count, groupings.Count];
        var references = References(groupings, options);
        for (var f = 0; f < input.NumericFeatures.Count; f++)
        {
            var sorted = SortedFeature.Of(input.NumericFeatures[f].Values);
            for (var g = 0; g < groupings.Count; g++)
                rows[f, g] = Numeric(input.NumericFeatures[f].Name, sorted, groupings[g], references[g]);
        }
        return rows;
    }

    internal static int[] References(IReadOnlyList<Grouping> groupings, DataAuditOptions options) =>
        groupings.Select(g => LabelSection.Privileged(g, g.Counts(), options)).ToArray();

    /// <summary>Numeric summaries per group and SMD = (mean_g − mean_ref) / sqrt((s_g² + s_ref²)/2) against group <paramref name="reference"/>.</summary>
    public static FeatureDistribution Numeric(NumericVariable f, Grouping g, int reference) =>
        Numeric(f.Name, SortedFeature.Of(f.Values), g, reference);

    internal static FeatureDistribution Numeric(string name, SortedFeature sorted, Grouping g, int reference) =>
        Numeric(name, sorted.Summaries(g.Codes, g.Levels.Length), g, reference);

    /// <summary>As above, from each group's summary.</summary>
    internal static FeatureDistribution Numeric(string name, DescriptiveSummary[] summaries, Grouping g, int reference)
    {
        var rows = new List<NumericGroupDistribution>(summaries.Length);
        for (var c = 0; c < summaries.Length; c++)
        {
            var smd = c == reference ? Metric.Undefined("reference group") : StandardizedMeanDifference.Continuous(summaries[c], summaries[reference]);
            rows.Add(new NumericGroupDistribution(g.Levels[c], summaries[c], smd, smd.Value is { } v && Math.Abs(v) > StandardizedMeanDifference.Threshold));
        }
        return new FeatureDistribution(name, "numeric", g.Name, g.Levels[reference], rows, null);
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
        return Categorical(f.Name, f.Levels, table, n, g, reference);
    }

    /// <summary>As above, from the counted groups × levels table (row-major) and the present values per group.</summary>
    internal static FeatureDistribution Categorical(string name, string[] featureLevels, long[] table, long[] n, Grouping g, int reference)
    {
        var k = g.Levels.Length;
        var l = featureLevels.Length;
        var rows = new List<CategoricalGroupDistribution>(k);
        for (var c = 0; c < k; c++)
        {
            var levels = new List<LevelShare>(l);
            var imbalanced = false;
            for (var j = 0; j < l; j++)
            {
                var smd = c == reference ? Metric.Undefined("reference group") : StandardizedMeanDifference.Proportion(table[c * l + j], n[c], table[reference * l + j], n[reference]);
                imbalanced |= smd.Value is { } v && Math.Abs(v) > StandardizedMeanDifference.Threshold;
                levels.Add(new LevelShare(featureLevels[j], table[c * l + j], n[c] > 0 ? (double)table[c * l + j] / n[c] : double.NaN, smd));
            }
            rows.Add(new CategoricalGroupDistribution(g.Levels[c], n[c], levels, imbalanced));
        }
        return new FeatureDistribution(name, "categorical", g.Name, g.Levels[reference], null, rows);
    }
}
