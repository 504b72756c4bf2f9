using Vigil.Reporting.Card;
using Vigil.Reporting.Document;
using Vigil.Reporting.External;
using Vigil.Reporting.Sections;

namespace Vigil.Reporting.Risk;

/// <summary>
/// Risk rows from an external validation and from mitigations (NIST AI RMF 1.0), by the rules of
/// <see cref="Transportability"/>:
/// <list type="bullet">
/// <item>Discrimination lost at a site: MEASURE 2.5 (validity) and MAP 2.3 (the deployment population differs),
/// impact moderate, likelihood likely when the external interval lies below the internal value, else possible.</item>
/// <item>Calibration lost at a site (O/E out of range): MEASURE 2.5; MAP 2.3, impact moderate, likelihood likely when
/// O/E's bootstrap interval lies wholly outside the acceptable range, else possible (also when it has no interval).</item>
/// <item>Sensitivity overall, or a protected group's miss rate, worse by 5 points or more at a site: MEASURE 2.5;
/// MAP 2.3; MEASURE 2.6 (and MEASURE 2.11 for a group), impact serious, likelihood likely when the intervals do not
/// overlap, else possible. Suppressed groups give no row (their numbers would show).</item>
/// <item>A mitigation flagged as levelling down: MEASURE 2.11 (and MEASURE 2.6 when a sensitivity fell), impact
/// serious when a sensitivity fell, else moderate; likelihood possible (a point estimate on held-out rows, without an interval).</item>
/// </list>
/// </summary>
public static class ExternalRisks
{
    /// <summary>The rows (without Id; <see cref="RiskRegisterBuilder"/> numbers them).</summary>
    public static IReadOnlyList<RiskRow> Rows(ValidationReportModel? v, IReadOnlyList<MitigationReportModel> mitigations, int minCell, CardFacts card)
    {
        var assigner = new RiskAssigner(card);
        var rows = new List<RiskRow>();
        void Add(string kind, string finding, string evidence, string display, string key, string subcategories, string characteristics, int impact, int likelihood)
        {
            var (owner, treatment, status) = assigner.Assign(kind, key, Treatment(kind, display));
            var functions = string.Join(", ", subcategories.Split("; ").Select(s => s.Split(' ')[0]).Distinct());
            rows.Add(new RiskRow("", kind, finding, evidence, display, functions, subcategories, characteristics, impact, likelihood, owner, treatment, status));
        }
        if (v is not null)
        {
            var inn = v.Internal;
            foreach (var s in v.External.Where(s => ValidationSection.SiteShown(s, minCell)))
            {
                var where = $"overall at {s.Site}";
                if (Transportability.LostDiscrimination(s, inn))
                    Add(RiskKindNames.ExternalDiscrimination, $"Discrimination lost at external site {s.Site}: the model ranks patients less well than at {v.TrainingSite}",
                        $"AUROC {Numbers.DecimalWithCi(s.Auroc)} vs {Numbers.DecimalWithCi(inn.Auroc)} internal (out-of-fold), 95% DeLong; {v.SourceName}",
                        where, $"site={s.Site}", "MEASURE 2.5; MAP 2.3", RiskRegisterBuilder.Valid, SeverityScale.ModerateImpact,
                        SeverityScale.EvidenceLikelihood(Transportability.ClearlyBelow(s.Auroc, inn.Auroc)));
                if (Transportability.Miscalibrated(s))
                    Add(RiskKindNames.ExternalCalibration, $"Calibration lost at external site {s.Site}: predicted risks do not match observed rates",
                        $"observed/expected {Numbers.DecimalWithCi(s.ObservedExpected)} outside [{Numbers.Fixed(Transportability.OeLow, 2)}, {Numbers.Fixed(Transportability.OeHigh, 2)}] "
                        + $"(internal {(inn.ObservedExpected.Value is double io ? Numbers.Fixed(io, 3) : "n/a")}); Brier {Numbers.DecimalWithCi(s.Brier)}; {v.SourceName}",
                        where, $"site={s.Site}", "MEASURE 2.5; MAP 2.3", RiskRegisterBuilder.Valid, SeverityScale.ModerateImpact,
                        SeverityScale.EvidenceLikelihood(Transportability.ClearlyMiscalibrated(s)));
                if (Transportability.MateriallyWorse(s.Sensitivity, inn.Sensitivity, higherIsWorse: false))
                    Add(RiskKindNames.ExternalMissRate, $"Sensitivity lower at external site {s.Site}: more missed disease",
                        $"sensitivity {Numbers.PercentWithCi(s.Sensitivity)} vs {Numbers.PercentWithCi(inn.Sensitivity)} internal, 95% Wilson; {v.SourceName}",
                        where, $"site={s.Site}", "MEASURE 2.5; MAP 2.3; MEASURE 2.6", $"{RiskRegisterBuilder.Valid}; {RiskRegisterBuilder.Safe}", SeverityScale.SeriousImpact,
                        SeverityScale.EvidenceLikelihood(Transportability.Separated(s.Sensitivity, inn.Sensitivity)));
                foreach (var attribute in v.Protected)
                    foreach (var ig in inn.Groups(attribute))
                    {
                        var baseGroup = ValidationSection.Shown(inn, attribute, ig.Group, minCell);
                        var sg = ValidationSection.Shown(s, attribute, ig.Group, minCell);
                        if (baseGroup is null || sg is null || !Transportability.MateriallyWorse(sg.Fnr, baseGroup.Fnr, higherIsWorse: true)) continue;
                        Add(RiskKindNames.ExternalMissRate, $"Miss rate of {attribute} = {ig.Group} higher at external site {s.Site}",
                            $"FNR {Numbers.PercentWithCi(sg.Fnr)} ({Numbers.Count(sg.Positives)} positives) vs {Numbers.PercentWithCi(baseGroup.Fnr)} internal, 95% Wilson; {v.SourceName}",
                            $"{attribute} = {ig.Group} at {s.Site}", $"{attribute}={ig.Group}", "MEASURE 2.5; MAP 2.3; MEASURE 2.11; MEASURE 2.6",
                            $"{RiskRegisterBuilder.Valid}; {RiskRegisterBuilder.Fair}; {RiskRegisterBuilder.Safe}", SeverityScale.SeriousImpact,
                            SeverityScale.EvidenceLikelihood(Transportability.Separated(sg.Fnr, baseGroup.Fnr)));
                    }
            }
        }
        foreach (var m in mitigations.Where(m => m.LevellingDown))
        {
            var hidden = MitigationSection.Hidden(m, minCell);
            var sensitivity = m.WorseOff.Any(w => w.Metric == "sensitivity");
            var shown = m.WorseOff.Where(w => !hidden.Contains(w.Group)).ToList();
            Add(RiskKindNames.LevellingDown, $"Mitigation {m.Method} levels down: the {m.DisparityName} narrowed partly by making a group worse off",
                $"{m.DisparityName} {MitigationSection.Disparity(m.DisparityBefore)} → {MitigationSection.Disparity(m.DisparityAfter)}; worse off: "
                + string.Join("; ", shown.Select(w => $"{m.Protected} = {w.Group} {w.Metric} {Numbers.Percent(w.Before)} → {Numbers.Percent(w.After)}"))
                + (shown.Count < m.WorseOff.Count ? $"{(shown.Count > 0 ? "; " : "")}{m.WorseOff.Count - shown.Count} suppressed group(s)" : "") + $"; held-out rows of {m.SourceName}",
                string.Join(", ", m.WorseOff.Select(w => hidden.Contains(w.Group) ? "a suppressed group" : $"{m.Protected} = {w.Group}").Distinct()),
                $"method={m.Method}", sensitivity ? "MEASURE 2.11; MEASURE 2.6" : "MEASURE 2.11",
                sensitivity ? $"{RiskRegisterBuilder.Fair}; {RiskRegisterBuilder.Safe}" : RiskRegisterBuilder.Fair,
                sensitivity ? SeverityScale.SeriousImpact : SeverityScale.ModerateImpact, SeverityScale.Possible);
        }
        return rows;

        string Treatment(string kind, string display) => kind switch
        {
            RiskKindNames.ExternalDiscrimination => Treatments.ExternalDiscrimination(display.Replace("overall at ", "", StringComparison.Ordinal)),
            RiskKindNames.ExternalCalibration => Treatments.ExternalCalibration(display.Replace("overall at ", "", StringComparison.Ordinal)),
            RiskKindNames.ExternalMissRate => Treatments.ExternalMissRate(display.StartsWith("overall at ", StringComparison.Ordinal) ? display.Replace("overall ", "", StringComparison.Ordinal) : "(" + display + ")"),
            _ => Treatments.LevellingDown(mitigations.FirstOrDefault(m => m.LevellingDown)?.Method ?? "the mitigation"),
        };
    }
}
