using System.Globalization;
using System.Text;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Thresholds;
using Vigil.Models.Training;
using Vigil.Models.Validation;
using Vigil.Reporting.Audit;
using Vigil.Reporting.External;

namespace Vigil.Application.Validation;

/// <summary>validation.md: the sites side by side (performance, calibration), FNR by group per site, and the notes.</summary>
internal static class ValidationMarkdown
{
    private static string F(double? v, string format = "F3") =>
        v is { } x && double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Cell(Metric m) =>
        m.Value is null ? $"n/a ({m.Reason})" : m.Ci is { } ci ? $"{F(m.Value)} ({F(ci.Low)} to {F(ci.High)})" : F(m.Value);

    public static string Render(ValidationResult result, ValidationRun run)
    {
        var sb = new StringBuilder();
        var settings = result.Settings;
        var t = result.Training.Threshold;
        var learner = run.Options.Learner;
        sb.AppendLine(CultureInfo.InvariantCulture, $"# External validation: trained on {run.TrainingSite}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Model: {(run.Kind == ModelKind.Logistic ? "logistic regression (ML.NET L-BFGS)" : "LightGBM")} on {string.Join(", ", run.Features.Select(f => f.Name))}; " +
            $"label `{learner.Label}`; seed {learner.Seed}; {learner.Folds}-fold out-of-fold scores for the internal column. " +
            $"Threshold {F(t.Value, "G4")} ({t.Rule.Name}{(t.Rule.Method is ThresholdMethod.Sensitivity or ThresholdMethod.AlertRate ? $" {F(t.Rule.Target)}" : "")}), chosen on the training site's out-of-fold scores and applied unchanged everywhere.");
        sb.AppendLine();
        sb.Append("| metric | ");
        sb.AppendJoin(" | ", settings.Select(s => $"{s.Name} ({(s.External ? "external" : "internal")})"));
        sb.AppendLine(" |");
        sb.Append("|---|");
        foreach (var _ in settings) sb.Append("---|");
        sb.AppendLine();
        // The small-cell policy of every shareable output (docs/suppression.md), at the run's --min-cell: a site with few positives or negatives shows its size only.
        var min = run.Options.MinCell;
        var site = settings.Select(s => ComplementarySuppression.Primary(s.Performance.N, s.Performance.Positives, min)).ToList();
        string SiteNote(int i) => site[i].Shown == CellShown.Hidden ? $"suppressed (fewer than {min} patients)" : $"suppressed (fewer than {min} positives or negatives)";
        sb.Append("| n (positives) |");
        for (var i = 0; i < settings.Count; i++)
            sb.Append(' ').Append(site[i].Shown switch
            {
                CellShown.Hidden => SiteNote(i),
                CellShown.SizeOnly => $"{settings[i].Performance.N} ({SiteNote(i)})",
                _ => $"{settings[i].Performance.N} ({settings[i].Performance.Positives})",
            }).Append(" |");
        sb.AppendLine();
        foreach (var (name, get) in ValidationDocumentBuilder.PerformanceRows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {name} |");
            for (var i = 0; i < settings.Count; i++)
                sb.Append(' ').Append(site[i].Shown == CellShown.Exact || (name is "alert_rate" or "selection_rate" && site[i].Shown != CellShown.Hidden)
                    || ComplementarySuppression.ShowsRate(site[i], settings[i].Performance.N, settings[i].Performance.Positives, min, name)
                    ? Cell(get(settings[i].Performance)) : SiteNote(i)).Append(" |");
            sb.AppendLine();
        }
        foreach (var (name, index) in new[] { ("calibration slope", 5), ("calibration intercept", 6), ("calibration-in-the-large", 4) })
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {name} |");
            for (var i = 0; i < settings.Count; i++)
                sb.Append(' ').Append(site[i].Shown == CellShown.Exact ? Cell(settings[i].Calibration.Metrics.All[index]) : SiteNote(i)).Append(" |");
            sb.AppendLine();
        }
        sb.AppendLine();
        sb.AppendLine("Calibration slope and intercept: logistic recalibration of the outcome on logit(score), 1 and 0 when calibrated; calibration-in-the-large: the intercept with the slope fixed at 1 (docs/calibration.md); bootstrap percentile 95% intervals.");
        sb.AppendLine("AUROC with DeLong 95% CI; rates with Wilson 95% CI; observed_expected = Σy / Σscore (1 = calibrated in the large, > 1 = risk underestimated).");
        sb.AppendLine();
        foreach (var attribute in settings[0].Groups.Select(g => g.Attribute).Distinct())
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"## False negative rate by {attribute}");
            sb.AppendLine();
            sb.Append("| group | ");
            sb.AppendJoin(" | ", settings.Select(s => s.Name));
            sb.AppendLine(" |");
            sb.Append("|---|");
            foreach (var _ in settings) sb.Append("---|");
            sb.AppendLine();
            var groups = settings.SelectMany(s => s.Groups).Where(g => g.Attribute == attribute).Select(g => g.Group).Distinct().ToList();
            var decided = settings.Select(s =>
            {
                var of = s.Groups.Where(x => x.Attribute == attribute).ToList();
                var cells = GroupMask.Decide([.. of.Select(x => checked((int)x.N))], [.. of.Select(x => checked((int)x.Positives))], s.Performance.N, s.Performance.Positives, min);
                return of.Select((x, k) => (x.Group, cells[k])).ToDictionary(x => x.Group, x => x.Item2, StringComparer.Ordinal);
            }).ToList();
            foreach (var group in groups)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {group} |");
                for (var i = 0; i < settings.Count; i++)
                {
                    var g = settings[i].Groups.FirstOrDefault(x => x.Attribute == attribute && x.Group == group);
                    sb.Append(' ').Append(g is null ? "no rows" : decided[i][group] switch
                    {
                        { Shown: CellShown.SizeOnly or CellShown.RoundedSizeOnly } p when ComplementarySuppression.ShowsRate(p, checked((int)g.N), checked((int)g.Positives), min, "fnr")
                            => $"{Cell(g.Fnr)} [suppressed/{(p.Shown == CellShown.RoundedSizeOnly ? "≈" + SmallCellPolicy.Round(checked((int)g.N)) : g.N)}] (fewer than {min} negatives)",
                        { Shown: CellShown.Hidden, Reason: CellReason.SmallGroup } => $"suppressed (fewer than {min} patients)",
                        { Shown: CellShown.Hidden or CellShown.SizeOnly or CellShown.RoundedSizeOnly, Reason: CellReason.SmallOutcome } => $"suppressed (fewer than {min} positives or negatives)",
                        { Shown: CellShown.Hidden or CellShown.SizeOnly or CellShown.RoundedSizeOnly } => "suppressed (so that a smaller group cannot be derived)",
                        { Shown: CellShown.Rounded } => $"{Cell(g.Fnr)} [≈{SmallCellPolicy.Round(checked((int)g.Positives))}/≈{SmallCellPolicy.Round(checked((int)g.N))}]",
                        { Shown: CellShown.RoundedOutcome } => $"{Cell(g.Fnr)} [≈{SmallCellPolicy.Round(checked((int)g.Positives))}/{g.N}]",
                        _ => $"{Cell(g.Fnr)} [{g.Positives}/{g.N}]",
                    }).Append(" |");
                }
                sb.AppendLine();
            }
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"FNR = missed positives / positives, Wilson 95% CI; [positives/n] of the group (≈: rounded to the nearest {SmallCellPolicy.RoundingBase}); groups with fewer than {min} patients, positives or negatives are suppressed, with groups from which they could be derived (docs/suppression.md).");
            sb.AppendLine();
            ReferenceDifferences(sb, settings, attribute, groups, min);
        }
        var trainingMissing = ValidationDocumentBuilder.TrainingMissing(result);
        var kinds = run.Features.ToDictionary(f => f.Name, f => f.Kind);
        var notes = settings.SelectMany(s => ValidationDocumentBuilder.Notes(s, kinds, trainingMissing).Select(n => $"- {s.Name}: {SmallCellText.Mask(n, min)}")).ToList();
        if (notes.Count > 0)
        {
            sb.AppendLine("## Notes");
            sb.AppendLine();
            foreach (var n in notes) sb.AppendLine(n);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Each group's FNR and FPR minus its reference group's, per site, under the FNR table's small-cell rule
    /// (<see cref="ReferenceDifferenceMask"/>): a suppressed group shows no difference; a small group's suppression
    /// never hides another group's.
    /// </summary>
    private static void ReferenceDifferences(StringBuilder sb, IReadOnlyList<ValidationSetting> settings, string attribute, IReadOnlyList<string> groups, int min)
    {
        var perSite = settings.Select(s => s.Groups.Where(x => x.Attribute == attribute).ToList()).ToList();
        if (!perSite.Any(of => of.Any(g => g.ReferenceGroup is not null))) return;
        var shown = new List<Dictionary<string, (DifferenceShown Fnr, DifferenceShown Fpr)>>(settings.Count);
        for (var i = 0; i < settings.Count; i++)
        {
            var of = perSite[i];
            var reference = of.FindIndex(g => g.Group == of.FirstOrDefault()?.ReferenceGroup);
            var decided = ReferenceDifferenceMask.Decide([.. of.Select(x => checked((int)x.N))], [.. of.Select(x => checked((int)x.Positives))],
                settings[i].Performance.N, settings[i].Performance.Positives, reference, min);
            shown.Add(of.Select((g, k) => (g.Group, decided[k])).ToDictionary(x => x.Group, x => x.Item2, StringComparer.Ordinal));
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"### Differences against the reference group by {attribute}");
        sb.AppendLine();
        sb.Append("| group |");
        for (var i = 0; i < settings.Count; i++)
        {
            var reference = perSite[i].FirstOrDefault()?.ReferenceGroup ?? "reference";
            sb.Append(CultureInfo.InvariantCulture, $" {settings[i].Name}: FNR diff vs {reference} | {settings[i].Name}: FPR diff vs {reference} |");
        }
        sb.AppendLine();
        sb.Append("|---|");
        foreach (var _ in settings) sb.Append("---|---|");
        sb.AppendLine();
        foreach (var group in groups)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {group} |");
            for (var i = 0; i < settings.Count; i++)
            {
                var g = perSite[i].FirstOrDefault(x => x.Group == group);
                if (g is null)
                {
                    sb.Append(" no rows | no rows |");
                    continue;
                }
                var (fnr, fpr) = shown[i][group];
                sb.Append(' ').Append(DifferenceCell(fnr, g.FnrVsReference, g.ReferenceGroup)).Append(" |");
                sb.Append(' ').Append(DifferenceCell(fpr, g.FprVsReference, g.ReferenceGroup)).Append(" |");
            }
            sb.AppendLine();
        }
        sb.AppendLine();
        sb.AppendLine("Difference = the group's rate minus the reference group's (the reference is the site's largest group unless the run named one); "
            + "a difference is shown only where both rates are: a suppressed group shows none, nor does any group when the reference's rate is suppressed (docs/suppression.md).");
        sb.AppendLine();
    }

    private static string DifferenceCell(DifferenceShown shown, RateTest? test, string? reference) => shown switch
    {
        DifferenceShown.GroupSuppressed => "suppressed (with its group)",
        DifferenceShown.ReferenceSuppressed => $"suppressed (reference {reference} suppressed)",
        _ => ValidationDocumentBuilder.VsReference(test) is { Value: { } d } m
            ? (d > 0 ? "+" : "") + F(d) + (m.Ci is [var lo, var hi] ? $" ({F(lo)} to {F(hi)})" : "")
            : $"n/a ({test?.Reason ?? "no reference group"})",
    };
}
