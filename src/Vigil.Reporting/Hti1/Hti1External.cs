using Vigil.Reporting.Document;
using Vigil.Reporting.External;
using Vigil.Reporting.Sections;

namespace Vigil.Reporting.Hti1;

/// <summary>
/// HTI-1 source attributes answered from an external validation (vigil validate: data source, demographics,
/// process, validity and fairness in external data, attributes 17, 19, 20, 23, 24) and from mitigations (vigil
/// mitigate: approaches to manage bias, attribute 16). Small cells are suppressed at every site.
/// </summary>
public static class Hti1External
{
    /// <summary>The files the lines of <paramref name="optionId"/> come from.</summary>
    public static IReadOnlyList<string> Sources(ReportContext ctx, string optionId) =>
        optionId == "predictive_fairness_bias_mitigation" ? [.. ctx.Mitigations.Select(m => m.SourceName)]
        : ctx.Validation is { } v ? [v.SourceName] : [];

    /// <summary>The measured lines for the attribute with <paramref name="optionId"/> (empty when Vigil has nothing for it).</summary>
    public static IReadOnlyList<string> Lines(ReportContext ctx, string optionId)
    {
        var v = ctx.Validation;
        var min = ctx.Cells.MinCell;
        var lines = new List<string>();
        switch (optionId)
        {
            case "predictive_fairness_bias_mitigation":
                foreach (var m in ctx.Mitigations)
                {
                    lines.Add("Measured by Vigil: " + MitigationSection.Summary(m));
                    lines.AddRange(MitigationSection.Warnings(m, min).Select(w => $"Warning ({m.Method}): {w}"));
                }
                break;
            case "predictive_validation_data_source" when v is not null:
                lines.Add($"Measured by Vigil ({v.SourceName}): trained at {v.TrainingSite}, validated unchanged at {string.Join(", ", v.External.Select(s => s.N < min ? $"{s.Site} (suppressed)" : $"{s.Site} (n {Numbers.Count(s.N)})"))} of {v.DataPath}.");
                break;
            case "predictive_validation_demographics" when v is not null:
                foreach (var s in v.External)
                    foreach (var attribute in v.Protected)
                        lines.Add($"{s.Site}, {attribute}: " + string.Join("; ", s.Groups(attribute).Select(g =>
                            ValidationSection.Shown(s, attribute, g.Group, min) is { } sg ? $"{g.Group} {Numbers.Count(sg.N)} ({Numbers.Percent((double)sg.N / s.N)})" : $"{g.Group} suppressed (small cell)")));
                break;
            case "predictive_validation_process" when v is not null:
                lines.Add("Measured by Vigil: " + ValidationSection.Intro(v));
                break;
            case "predictive_performance_external_validity" when v is not null:
                foreach (var s in v.External)
                    lines.Add(!ValidationSection.SiteShown(s, min) ? $"{s.Site}: {ValidationSection.SiteNote(s, min)}"
                        : $"{s.Site}: AUROC {Numbers.DecimalWithCi(s.Auroc)} (internal {Numbers.DecimalWithCi(v.Internal.Auroc)}); Brier {Numbers.DecimalWithCi(s.Brier)}; observed/expected {Numbers.DecimalWithCi(s.ObservedExpected)}; "
                          + $"sensitivity {Numbers.PercentWithCi(s.Sensitivity)}, specificity {Numbers.PercentWithCi(s.Specificity)}, PPV {Numbers.PercentWithCi(s.Ppv)} at threshold {Numbers.Fixed(v.Threshold, 3)}.");
                lines.Add(ValidationSection.Statement(v, min).First());
                break;
            case "predictive_performance_external_fairness" when v is not null:
                foreach (var s in v.External)
                    foreach (var attribute in v.Protected)
                        lines.Add($"{s.Site}, FNR by {attribute}: " + string.Join("; ", s.Groups(attribute).Select(g =>
                        {
                            if (ValidationSection.Shown(s, attribute, g.Group, min) is not { } sg) return $"{g.Group} suppressed (small cell)";
                            var baseGroup = ValidationSection.Shown(v.Internal, attribute, g.Group, min);
                            return $"{g.Group} {Numbers.PercentWithCi(sg.Fnr)}"
                                + (baseGroup is not null && Transportability.Change(sg.Fnr, baseGroup.Fnr) is double d ? $" (Δ {Numbers.WithSign(d * 100, 1)} pts vs internal)" : "");
                        })));
                break;
            default:
                break;
        }
        return lines;
    }
}
