using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Data;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Reference;

/// <summary>The columns of a labelled reference file (the validation set the model was accepted on).</summary>
/// <param name="Label">The outcome column (coded by the one label kernel: 1/0, true/false, yes/no, or <paramref name="PositiveLabel"/>).</param>
/// <param name="Score">The model's score column (probabilities in [0, 1]).</param>
/// <param name="PositiveLabel">The positive value, when the label is not a recognised binary coding.</param>
public sealed record ReferenceColumns(string Label, string Score, string? PositiveLabel = null);

/// <summary>
/// Summarises a labelled reference file into the <see cref="ReferenceProfile"/> a registration carries (no rows):
/// reads it with Vigil's audit loader (<see cref="AuditLoader"/>: the label kernel, scores in [0, 1], protected
/// attributes banded as registered, missing levels as "(missing)"), predicts positive at score ≥ the registration's
/// threshold, and keeps
/// <list type="bullet">
/// <item>every group's confusion counts and score sum (all rows as attribute null, level "overall");</item>
/// <item>each watched feature's bins: edges at the reference deciles of its non-missing values (duplicates dropped, so a
/// discrete feature has fewer bins), the share of non-missing rows per bin (<see cref="ReferenceBinning"/>), and its
/// missing share;</item>
/// <item>the score's bins the same way, and the prevalence (positives / rows).</item>
/// </list>
/// </summary>
public static class ReferenceProfileBuilder
{
    /// <summary>Quantile bins of a feature: deciles.</summary>
    public const int Bins = 10;

    /// <summary>The profile of a reference file for a registration's protected attributes, watched features and threshold.</summary>
    public static ReferenceProfile Build(string path, ReferenceColumns columns, IReadOnlyList<ProtectedSpec> protectedSpecs,
        IReadOnlyList<string> watchedFeatures, double threshold)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(protectedSpecs);
        ArgumentNullException.ThrowIfNull(watchedFeatures);
        if (!(threshold is >= 0 and <= 1)) throw VigilException.Option("threshold", $"{threshold}: expected a number in [0, 1]");
        using var source = TabularSource.Open(path);
        var bands = protectedSpecs.Where(p => p.Bands is { Count: > 0 }).Select(p => new Bands(p.Name, [.. p.Bands!])).ToList();
        var (data, _) = AuditLoader.Load(source, new AuditColumns(columns.Label, columns.Score, null, threshold,
            [.. protectedSpecs.Select(p => p.Name)], bands, columns.PositiveLabel));
        var features = new List<(string, double[])>(watchedFeatures.Count);
        foreach (var name in watchedFeatures)
            features.Add((name, source.ReadNumeric(name, "a watched feature").Values));
        return Build(data, features, protectedSpecs);
    }

    /// <summary>The profile of loaded rows (pure): <paramref name="features"/> are the watched features' values (NaN = missing).</summary>
    public static ReferenceProfile Build(AuditData data, IReadOnlyList<(string Name, double[] Values)> features, IReadOnlyList<ProtectedSpec>? protectedSpecs = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(features);
        if (data.Scores is null) throw VigilException.Option("score", "the reference profile needs the model's scores");
        var n = data.Rows;
        if (n == 0) throw VigilException.BadData("the reference file has no rows");
        var groups = new List<ReferenceGroup> { Group(null, GroupTotals.OverallLevel, data, _ => true) };
        foreach (var attribute in data.Attributes)
        {
            var spec = protectedSpecs?.FirstOrDefault(p => p.Name == attribute.Name) ?? new ProtectedSpec(attribute.Name, null, null);
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in attribute.Codes) present.Add(attribute.Levels[c]);
            foreach (var level in LevelOrder.Sort(spec, present))
            {
                var code = Array.IndexOf(attribute.Levels, level);
                groups.Add(Group(attribute.Name, level, data, i => attribute.Codes[i] == code));
            }
        }
        long positives = 0;
        foreach (var l in data.Labels) positives += l;
        var featureBins = new List<ReferenceBins>(features.Count);
        foreach (var (name, values) in features)
        {
            if (values.Length != n) throw new ArgumentException($"feature '{name}' has {values.Length} values for {n} rows", nameof(features));
            featureBins.Add(BinsOf(name, values));
        }
        return new ReferenceProfile(n, (double)positives / n, groups, featureBins, BinsOf("score", data.Scores))
        {
            Calibration = Estimation.ReferenceCalibrationMaps.Build(data),
        };
    }

    /// <summary>Decile bins of <paramref name="values"/> (NaN = missing): edges, shares of the non-missing values, missing share.</summary>
    public static ReferenceBins BinsOf(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(present);
        var missingShare = values.Length == 0 ? 0 : (double)(values.Length - present.Length) / values.Length;
        var edges = new List<double>(Bins - 1);
        if (present.Length > 0)
        {
            for (var k = 1; k < Bins; k++)
            {
                var q = present[Math.Min(present.Length - 1, (int)((long)k * present.Length / Bins))];
                if (q > present[0] && (edges.Count == 0 || q > edges[^1])) edges.Add(q);
            }
        }
        var counts = new long[edges.Count + 1];
        foreach (var v in present) counts[ReferenceBinning.BinOf(edges, v)]++;
        var shares = new double[counts.Length];
        for (var b = 0; b < counts.Length; b++) shares[b] = present.Length == 0 ? 0 : (double)counts[b] / present.Length;
        return new ReferenceBins(name, edges, shares, missingShare);
    }

    private static ReferenceGroup Group(string? attribute, string level, AuditData data, Func<int, bool> member)
    {
        long tn = 0, fp = 0, fn = 0, tp = 0;
        var scoreSum = 0.0;
        for (var i = 0; i < data.Rows; i++)
        {
            if (!member(i)) continue;
            scoreSum += data.Scores![i];
            if (data.Labels[i] == 1)
            {
                if (data.Predictions[i] == 1) tp++;
                else fn++;
            }
            else if (data.Predictions[i] == 1) fp++;
            else tn++;
        }
        return new ReferenceGroup(attribute, level, tn, fp, fn, tp, scoreSum);
    }
}
