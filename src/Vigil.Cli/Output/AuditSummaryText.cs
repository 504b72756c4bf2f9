using System.Globalization;
using Vigil.Core;
using Vigil.Application.Audit;
using Vigil.Core.Audit;

namespace Vigil.Cli.Output;

/// <summary>
/// The words and numbers both human-readable renderings (table and Markdown) share, safety first: each
/// grouping leads with FNR by group, its gap and its test against the reference group.
/// </summary>
internal static class AuditSummaryText
{
    public static readonly string[] GroupHeaders =
        ["group", "n", "positives", "FNR [95% CI]", "p FNR vs ref (Holm)", "FPR", "TPR", "PPV", "NPV", "AUROC", "flags"];

    public static string Headline(AuditResult r, AuditInputInfo input)
    {
        var target = input.Score is not null
            ? $"score '{input.Score}' >= {Number(input.Threshold)}"
            : $"prediction '{input.Prediction}'";
        return $"Vigil audit of {input.File}: {r.Rows} rows; label '{input.Label}' (positive '{input.PositiveLabel}'); {target}";
    }

    public static string OverallLine(AuditResult r)
    {
        var o = r.Overall;
        var line = $"Overall: FNR {WithCi(o[(int)GroupMetric.Fnr])}, FPR {WithCi(o[(int)GroupMetric.Fpr])}, " +
                   $"PPV {Number(o[(int)GroupMetric.Ppv])}, NPV {Number(o[(int)GroupMetric.Npv])}, accuracy {Number(o[(int)GroupMetric.Accuracy])}";
        if (r.HasScore) line += $", AUROC {WithCi(o[(int)GroupMetric.Auroc])}, Brier {Number(o[(int)GroupMetric.Brier])}, ECE {Number(o[(int)GroupMetric.Ece])}";
        return line;
    }

    public static string[] GroupRow(GroupingResult grouping, GroupResult g)
    {
        var flags = new List<string>();
        if (g.Key.Label == grouping.ReferenceGroup) flags.Add("reference");
        if (g.SmallCell) flags.Add("small cell");
        var test = g.FnrVsReference;
        var p = test.PAdjusted is { } adj ? $"{PValue(test.PValue)} ({PValue(adj)})" : "-";
        return
        [
            g.Key.Label, g.N.ToString(CultureInfo.InvariantCulture), Number(g[GroupMetric.Positives]), WithCi(g[GroupMetric.Fnr]), p,
            Number(g[GroupMetric.Fpr]), Number(g[GroupMetric.Tpr]), Number(g[GroupMetric.Ppv]), Number(g[GroupMetric.Npv]),
            Number(g[GroupMetric.Auroc]), string.Join(", ", flags),
        ];
    }

    public static IEnumerable<string> DisparityLines(GroupingResult grouping)
    {
        Metric Find(IReadOnlyList<NamedMetric> family, string name) => family.First(m => m.Name == name).Metric;
        yield return $"FNR gap (max - min): {WithCi(Find(grouping.BetweenGroups, "false_negative_rate_difference"))}; " +
                     $"FNR vs reference '{grouping.ReferenceGroup}' (others pooled - reference): {WithCi(Find(grouping.VsReference, "false_negative_rate_difference"))}";
        yield return $"Demographic parity difference {WithCi(Find(grouping.BetweenGroups, "demographic_parity_difference"))}, " +
                     $"equalized odds difference {WithCi(Find(grouping.BetweenGroups, "equalized_odds_difference"))}, " +
                     $"disparate impact {WithCi(Find(grouping.VsReference, "disparate_impact"))}";
        var small = grouping.Groups.Where(g => g.SmallCell).Select(g => g.Key.Label).ToList();
        if (small.Count > 0) yield return $"Small cells (n below the --min-cell threshold): {string.Join(", ", small)}; treat their rates with caution and suppress them in shared reports.";
    }

    public static string Number(Metric m) => m.Value is { } v ? Number(v) : "n/a";

    public static string Number(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "n/a";

    public static string WithCi(Metric m) =>
        m.Value is null ? "n/a" : m.Ci is { } ci ? $"{Number(m.Value)} [{Number(ci.Low)}, {Number(ci.High)}]" : Number(m.Value);

    private static string PValue(double? p) =>
        p is not { } x ? "n/a" : x < 0.001 ? "<0.001" : x.ToString("0.###", CultureInfo.InvariantCulture);
}
