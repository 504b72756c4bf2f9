using System.Globalization;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Risk;
using Vigil.Reporting.Sections;

namespace Vigil.Reporting.Chai;

/// <summary>An overall metric of the audit: its display label and value.</summary>
/// <param name="Label">E.g. "Sensitivity (true-positive rate)".</param>
/// <param name="Metric">The audit's value with its interval.</param>
/// <param name="IsRate">True for proportions (shown as %), false for AUROC.</param>
public sealed record OverallMetric(string Label, MetricValue Metric, bool IsRate);

/// <summary>A group's FNR or FPR minus its reference group's, with Newcombe's interval and the Holm-adjusted p.</summary>
public sealed record RateGap(AttributeAudit Attribute, GroupAudit Group, string Rate, double Difference, double? Lower, double? Upper, double? PAdjusted)
{
    /// <summary>"sex = F vs M".</summary>
    public string Name => $"{GroupNames.Display(Attribute, Group)} vs {Attribute.ReferenceGroup}";
}

/// <summary>An attribute-level disparity metric of the audit (e.g. Fairlearn's FNR difference between groups).</summary>
public sealed record DisparityValue(AttributeAudit Attribute, string Section, string Name, string Label, MetricValue Metric, bool IsDifference);

/// <summary>
/// The audit's numbers that the CHAI Applied Model Card and the ONC HTI-1 source attributes carry, with small-cell
/// suppression applied: suppressed groups (and gaps against a suppressed reference) are left out, and an
/// attribute's disparity values only appear when none of its groups is suppressed (a max − min over groups could
/// otherwise reveal a small group's rate).
/// </summary>
public static class AuditFindings
{
    /// <summary>The disparity metrics reported, as (section, name, label, is a difference of rates).</summary>
    public static readonly IReadOnlyList<(string Section, string Name, string Label, bool IsDifference)> DisparityMetrics =
    [
        ("between_groups", "false_negative_rate_difference", "FNR difference between groups (largest − smallest)", true),
        ("between_groups", "false_positive_rate_difference", "FPR difference between groups (largest − smallest)", true),
        ("between_groups", "equalized_odds_difference", "Equalized-odds difference", true),
        ("between_groups", "demographic_parity_ratio", "Demographic-parity ratio (smallest / largest selection rate)", false),
    ];

    /// <summary>Overall AUROC, sensitivity, specificity, PPV (empty when the whole audit is suppressed).</summary>
    public static IReadOnlyList<OverallMetric> Overall(ReportContext ctx)
    {
        var o = ctx.Audit.Overall;
        if (ctx.Cells.IsSuppressed(o)) return [];
        return
        [
            new("AUROC", o.Metric("auroc"), false),
            new("Sensitivity (true-positive rate)", o.Metric("sensitivity"), true),
            new("Specificity (true-negative rate)", o.Metric("specificity"), true),
            new("PPV (positive predictive value)", o.Metric("ppv"), true),
        ];
    }

    /// <summary>FNR ("fnr") or FPR ("fpr") gaps of every shown group against its shown reference group.</summary>
    public static IReadOnlyList<RateGap> Gaps(ReportContext ctx, string rate)
    {
        var gaps = new List<RateGap>();
        foreach (var a in ctx.Audit.Attributes)
        {
            if (a.Reference is not { } reference || !ctx.Cells.ShowsRate(reference, rate)) continue;
            foreach (var g in a.Groups.Where(g => g.Label != a.ReferenceGroup && ctx.Cells.ShowsRate(g, rate)))
            {
                var test = rate == "fnr" ? g.FnrTest : g.FprTest;
                if (test?.Difference is not double d) continue;
                var (m1, m2) = (g.Metric(rate), reference.Metric(rate));
                double? lower = null, upper = null;
                if (m1.Value is double p1 && m1.HasInterval && m2.Value is double p2 && m2.HasInterval)
                {
                    var n = DifferenceInterval.Newcombe(p1, m1.Lower!.Value, m1.Upper!.Value, p2, m2.Lower!.Value, m2.Upper!.Value);
                    (lower, upper) = (n.Lower, n.Upper);
                }
                gaps.Add(new RateGap(a, g, rate, d, lower, upper, test.PAdjusted));
            }
        }
        return gaps;
    }

    /// <summary>Disparity values of every attribute none of whose groups is suppressed.</summary>
    public static IReadOnlyList<DisparityValue> Disparities(ReportContext ctx)
    {
        var values = new List<DisparityValue>();
        foreach (var a in ctx.Audit.Attributes.Where(a => !a.Groups.Any(ctx.Cells.IsSuppressed)))
            foreach (var (section, name, label, isDifference) in DisparityMetrics)
                if (a.Disparity(section, name) is { } m)
                    values.Add(new DisparityValue(a, section, name, label, m, isDifference));
        return values;
    }

    /// <summary>Every shown group with its FNR (overall first).</summary>
    public static IReadOnlyList<(string Name, MetricValue Fnr)> FnrByGroup(ReportContext ctx)
    {
        var list = new List<(string, MetricValue)>();
        if (ctx.Cells.ShowsRate(ctx.Audit.Overall, "fnr")) list.Add(("overall", ctx.Audit.Overall.Metric("fnr")));
        foreach (var a in ctx.Audit.Attributes)
            list.AddRange(a.Groups.Where(g => ctx.Cells.ShowsRate(g, "fnr")).Select(g => (GroupNames.Display(a, g), g.Metric("fnr"))));
        return list;
    }

    /// <summary>True when a gap is significant after Holm at the audit's level.</summary>
    public static bool Significant(ReportContext ctx, RateGap gap) => gap.PAdjusted is double p && p < ctx.Audit.Alpha;

    /// <summary>A number for JSON: invariant culture, ASCII minus, at most <paramref name="decimals"/> decimals.</summary>
    public static string Json(double x, int decimals) =>
        Math.Round(x, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
}
