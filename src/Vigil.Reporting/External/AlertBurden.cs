using Vigil.Core.Statistics;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.External;

/// <summary>
/// The workload side of a mitigation (docs/report.md, "Mitigation: alert burden"): alerts per 1,000 patients
/// = 1,000 × selection rate, and PPV = TP / (TP + FP) with TP = sensitivity × positives and FP = (1 − specificity) ×
/// negatives on the held-out rows (Wilson interval on those counts). A mitigation is flagged when the alert rate moves
/// by more than <see cref="AlertRateTolerance"/> (absolute) or AUROC falls by more than <see cref="AurocTolerance"/>.
/// </summary>
public static class AlertBurden
{
    /// <summary>Largest acceptable change of the alert rate: 5 percentage points (50 alerts per 1,000 patients).</summary>
    public const double AlertRateTolerance = 0.05;

    /// <summary>Largest acceptable fall of AUROC: 0.02.</summary>
    public const double AurocTolerance = 0.02;

    /// <summary>Alerts per 1,000 patients, or null when the selection rate is undefined.</summary>
    public static double? PerThousand(MitigationPerformance p) => p.SelectionRate.Value is double r ? 1000 * r : null;

    /// <summary>PPV from the sensitivity, specificity and counts, with a Wilson interval; undefined when nobody is flagged.</summary>
    public static MetricValue Ppv(MitigationPerformance p)
    {
        if (p.Sensitivity.Value is not double sens || p.Specificity.Value is not double spec) return new MetricValue(null, null, null, "sensitivity or specificity undefined");
        var tp = Math.Round(sens * p.Positives);
        var fp = Math.Round((1 - spec) * (p.N - p.Positives));
        if (tp + fp == 0) return new MetricValue(null, null, null, "no patient flagged");
        var ci = WilsonInterval.Compute(tp, tp + fp);
        return new MetricValue(tp / (tp + fp), ci?.Low, ci?.High, null);
    }

    /// <summary>The workload and discrimination warnings of a mitigation (overall, held-out rows), empty when both moves are within tolerance.</summary>
    public static IReadOnlyList<string> Warnings(MitigationReportModel m)
    {
        var list = new List<string>();
        var before = m.OverallBefore;
        var after = m.OverallAfter;
        if (before.SelectionRate.Value is double rb && after.SelectionRate.Value is double ra && Math.Abs(ra - rb) > AlertRateTolerance)
        {
            var ppvB = Ppv(before);
            var ppvA = Ppv(after);
            list.Add($"WORKLOAD: the alert rate {(ra > rb ? "rises" : "falls")} from {Numbers.Percent(rb)} to {Numbers.Percent(ra)} "
                + $"({Numbers.Fixed(1000 * rb, 0)} → {Numbers.Fixed(1000 * ra, 0)} alerts per 1,000 patients, beyond the tolerance of ±{Numbers.Fixed(1000 * AlertRateTolerance, 0)})"
                + (rb > 0 ? $": the team reviewing alerts sees {Numbers.Fixed(ra / rb, 2)} times as many patients" : "")
                + $"; PPV {Numbers.PercentWithCi(ppvB)} → {Numbers.PercentWithCi(ppvA)}. Check that capacity exists before adopting it.");
        }
        if (before.Auroc.Value is double ab && after.Auroc.Value is double aa && ab - aa > AurocTolerance)
            list.Add($"DISCRIMINATION: AUROC falls from {Numbers.Fixed(ab, 3)} to {Numbers.Fixed(aa, 3)} ({Numbers.WithSign(aa - ab, 3)}, beyond the tolerance of {Numbers.Fixed(AurocTolerance, 2)}) "
                + $"while the {m.DisparityName} moves {MitigationDisparity(m)}: the model ranks every patient less well.");
        return list;
    }

    private static string MitigationDisparity(MitigationReportModel m) =>
        m.DisparityBefore.Value is double b && m.DisparityAfter.Value is double a ? $"from {Numbers.Fixed(b * 100, 1)} to {Numbers.Fixed(a * 100, 1)} points" : "by an undefined amount";
}
