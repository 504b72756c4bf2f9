using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>Where the numbers come from: the audit's input, threshold, intervals and tests.</summary>
public static class MethodSection
{
    /// <summary>Plain-text facts about the audit, for the report and the Model Card.</summary>
    public static IReadOnlyList<string> Facts(ReportContext ctx)
    {
        var a = ctx.Audit;
        var level = Numbers.Level(a);
        return
        [
            $"Audit: {a.SourceName} (vigil.audit/v2) of {a.DataFile}; label '{a.Label}' (positive = '{a.PositiveLabel}').",
            a.ScoreColumn is not null
                ? $"Predictions: score column '{a.ScoreColumn}', positive when score ≥ {(a.Threshold is double t ? Numbers.Fixed(t, 2) : "n/a")}."
                : $"Predictions: 0/1 column '{a.PredictionColumn}' (no score: AUROC and calibration are not available).",
            $"Intervals: {level} Wilson score intervals on rates"
                + (a.Bootstrap > 0 ? $"; {a.Bootstrap} bootstrap replicates give the intervals of AUROC and ECE." : "; no bootstrap, so AUROC and ECE have no interval."),
            "Tests: each group's FNR and FPR against the reference group's (two-proportion z test, or Fisher's exact test when a cell is under 5), "
                + "Holm-adjusted across the groups of an attribute.",
            $"Attributes: {string.Join("; ", a.Attributes.Select(x => $"{x.Name} (reference {x.ReferenceGroup})"))}.",
        ];
    }
}
