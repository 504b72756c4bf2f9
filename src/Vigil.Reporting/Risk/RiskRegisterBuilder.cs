using Vigil.Reporting.Audit;
using Vigil.Reporting.Card;
using Vigil.Reporting.Document;
using Vigil.Reporting.External;

namespace Vigil.Reporting.Risk;

/// <summary>
/// Turns the audit's findings into NIST AI RMF 1.0 risk rows: FNR and FPR gaps against the reference group,
/// poor calibration, small cells and undefined metrics, for every attribute and intersection. Rows are sorted
/// by severity (highest first), then in audit order, and numbered R01, R02, ...
/// </summary>
public static class RiskRegisterBuilder
{
    /// <summary>The trustworthiness characteristic of fairness.</summary>
    public const string Fair = "Fair – with harmful bias managed";

    /// <summary>The trustworthiness characteristic of safety.</summary>
    public const string Safe = "Safe";

    /// <summary>The trustworthiness characteristic of validity.</summary>
    public const string Valid = "Valid and reliable";

    /// <summary>Metrics whose undefined value is a finding.</summary>
    private static readonly string[] WatchedMetrics = ["sensitivity", "fnr", "specificity", "fpr", "ppv", "npv", "auroc", "ece"];

    /// <summary>Builds the register (no study plan, no extra rows).</summary>
    public static IReadOnlyList<RiskRow> Build(AuditReportModel audit, SmallCellPolicy cells, IReadOnlyList<MissedCaseEstimate> translation, CardFacts card) =>
        Build(audit, cells, translation, card, [], null, null);

    /// <summary>
    /// Builds the register with <paramref name="extra"/> rows (external validation, mitigation; their Id is assigned here), the GOVERN and MAP rows
    /// of the card, and treatments that use <paramref name="plan"/> (study sizes) and <paramref name="volume"/> (review workload) when given.
    /// Rows are sorted by severity, then by magnitude (for an FNR gap the additional missed cases a year with a volume, else per
    /// 1,000 positives; for an FPR gap additional false alarms per 1,000), then in audit order.
    /// </summary>
    public static IReadOnlyList<RiskRow> Build(AuditReportModel audit, SmallCellPolicy cells, IReadOnlyList<MissedCaseEstimate> translation, CardFacts card,
        IEnumerable<RiskRow> extra, StudyPlanReportModel? plan, DeploymentVolume? volume)
    {
        var assigner = new RiskAssigner(card);
        var rows = new List<RiskRow>();
        void Add(string kind, string finding, string evidence, string groupDisplay, string groupKey, string subcategories, string characteristics, int impact, int likelihood,
            string treatment, MissedCaseEstimate? missed = null, double magnitude = 0)
        {
            var (owner, assigned, status) = assigner.Assign(kind, groupKey, treatment);
            var functions = string.Join(", ", subcategories.Split("; ").Select(s => s.Split(' ')[0]).Distinct());
            rows.Add(new RiskRow("", kind, finding, evidence, groupDisplay, functions, subcategories, characteristics, impact, likelihood, owner, assigned, status)
            {
                MissedCases = missed,
                Magnitude = magnitude,
            });
        }

        if (!cells.IsSuppressed(audit.Overall))
        {
            Calibration(audit, audit.Overall, "overall", "overall", Add);
            Undefined(audit, audit.Overall, "overall", "overall", "all patients", "", plan, Add);
        }
        foreach (var attribute in audit.Attributes)
        {
            var reference = attribute.Reference;
            foreach (var group in attribute.Groups)
            {
                var display = GroupNames.Display(attribute, group);
                var key = GroupNames.Key(attribute, group);
                if (cells.IsSuppressed(group))
                {
                    // A group of 100 or more with few positives or negatives keeps its miss-rate finding (docs/suppression.md).
                    if (reference is not null && group != reference && cells.ShowsRate(group, "fnr") && cells.ShowsRate(reference, "fnr")
                        && translation.FirstOrDefault(t => t.Attribute == attribute && t.Group == group) is { } large)
                        Add(RiskKindNames.FnrGap, $"False-negative rate higher than in the reference group ({reference.Label}): more missed positives",
                            GapEvidence(audit, "FNR", group.Metric("fnr"), reference, reference.Metric("fnr"), large.Difference, large.Test)
                                + $"; {Numbers.Fixed(large.PerThousandPositives.Estimate, 0)} ({Numbers.Fixed(large.PerThousandPositives.Lower, 0)} to {Numbers.Fixed(large.PerThousandPositives.Upper, 0)}) additional missed per 1,000 positive patients",
                            display, key, "MEASURE 2.11; MEASURE 2.6; MANAGE 4.1", $"{Safe}; {Fair}",
                            SeverityScale.MissedCaseImpact(large.PerThousandPositives.Estimate), SeverityScale.GapLikelihood(large.Difference.Lower, large.Significant),
                            Treatments.MissedCases(attribute.Name, group.Label, plan, null), large,
                            large.PerYear?.Estimate ?? large.PerThousandPositives.Estimate);
                    // A complementary-suppressed group gets no row: any finding would show its numbers.
                    if (!cells.IsSmallCell(group)) continue;
                    Add(RiskKindNames.SmallCell, "Group too small to assess: performance and fairness unknown",
                        $"{cells.Note}; no count or rate is reported", display, key, "MAP 2.3; MEASURE 2.11", $"{Valid}; {Fair}",
                        SeverityScale.ModerateImpact, SeverityScale.Possible, Treatments.SmallGroup(attribute.Name, group.Label, plan));
                    continue;
                }
                if (reference is not null && group != reference && !cells.IsSuppressed(reference))
                {
                    var fnr = translation.FirstOrDefault(t => t.Attribute == attribute && t.Group == group);
                    if (fnr is not null)
                        Add(RiskKindNames.FnrGap, $"False-negative rate higher than in the reference group ({reference.Label}): more missed positives",
                            GapEvidence(audit, "FNR", group.Metric("fnr"), reference, reference.Metric("fnr"), fnr.Difference, fnr.Test)
                                + $"; {Numbers.Fixed(fnr.PerThousandPositives.Estimate, 0)} ({Numbers.Fixed(fnr.PerThousandPositives.Lower, 0)} to {Numbers.Fixed(fnr.PerThousandPositives.Upper, 0)}) additional missed per 1,000 positive patients"
                                + (fnr.PerYear is { } py ? $"; {Numbers.Fixed(py.Estimate, 1)} ({Numbers.Fixed(py.Lower, 1)} to {Numbers.Fixed(py.Upper, 1)}) a year at the stated volume" : ""),
                            display, key, "MEASURE 2.11; MEASURE 2.6; MANAGE 4.1", $"{Safe}; {Fair}",
                            SeverityScale.MissedCaseImpact(fnr.PerThousandPositives.Estimate), SeverityScale.GapLikelihood(fnr.Difference.Lower, fnr.Significant),
                            Treatments.MissedCases(attribute.Name, group.Label, plan, ReviewsPerYear(audit, group, volume)), fnr,
                            // Among rows of equal severity, the larger clinical burden first: missed cases a year when a volume is given, else per 1,000 positives.
                            fnr.PerYear?.Estimate ?? fnr.PerThousandPositives.Estimate);
                    FprGap(audit, attribute, group, reference, display, key, Add);
                }
                Calibration(audit, group, display, key, Add);
                Undefined(audit, group, display, key, attribute.Name, group.Label, plan, Add);
            }
        }
        rows.AddRange(extra);
        rows.AddRange(GovernanceRisks.Rows(card));
        return rows
            .Select((r, i) => (r, i))
            .OrderByDescending(x => x.r.Severity).ThenByDescending(x => x.r.Magnitude).ThenBy(x => x.i)
            .Select((x, k) => x.r with { Id = $"R{k + 1:00}" })
            .ToList();
    }

    /// <summary>
    /// Patients of the group the model does not flag in a year at the stated volume: volume × (group rows / all rows) × (1 − the group's
    /// selection rate); null without a volume or a selection rate.
    /// </summary>
    public static double? ReviewsPerYear(AuditReportModel audit, GroupAudit group, DeploymentVolume? volume) =>
        volume is null || audit.Overall.N == 0 || group.Metric("selection_rate").Value is not double rate
            ? null
            : volume.PatientsPerYear * group.N / audit.Overall.N * (1 - rate);

    private delegate void Adder(string kind, string finding, string evidence, string groupDisplay, string groupKey, string subcategories, string characteristics, int impact, int likelihood,
        string treatment, MissedCaseEstimate? missed = null, double magnitude = 0);

    private static void FprGap(AuditReportModel audit, AttributeAudit attribute, GroupAudit group, GroupAudit reference, string display, string key, Adder add)
    {
        var test = group.FprTest;
        var g = group.Metric("fpr");
        var r = reference.Metric("fpr");
        if (test?.Difference is not double d || d <= 0 || g.Value is not double pg || r.Value is not double pr || !g.HasInterval || !r.HasInterval) return;
        var (diff, lo, hi) = DifferenceInterval.Newcombe(pg, g.Lower!.Value, g.Upper!.Value, pr, r.Lower!.Value, r.Upper!.Value);
        var significant = test.PAdjusted is double p && p < audit.Alpha;
        add(RiskKindNames.FprGap, $"False-positive rate higher than in the reference group ({reference.Label}): more unnecessary work-up",
            GapEvidence(audit, "FPR", g, reference, r, new Interval(diff, lo, hi), test)
                + $"; {Numbers.Fixed(diff * 1000, 0)} ({Numbers.Fixed(lo * 1000, 0)} to {Numbers.Fixed(hi * 1000, 0)}) additional false alarms per 1,000 patients without the condition",
            display, key, "MEASURE 2.11", Fair, SeverityScale.FalseAlarmImpact(diff * 1000), SeverityScale.GapLikelihood(lo, significant),
            Treatments.FalseAlarms(attribute.Name, group.Label), null, diff * 1000);
    }

    private static void Calibration(AuditReportModel audit, GroupAudit group, string display, string key, Adder add)
    {
        var ece = group.Metric("ece");
        if (ece.Value is not double v || v <= SeverityScale.CalibrationThreshold) return;
        var certain = ece.Lower is double lo && lo > SeverityScale.CalibrationThreshold;
        add(RiskKindNames.Calibration, "Poor calibration: predicted probabilities do not match observed rates",
            $"ECE {Numbers.DecimalWithCi(ece)} above the threshold {Numbers.Fixed(SeverityScale.CalibrationThreshold, 2)}"
                + (ece.HasInterval ? $" ({Numbers.Level(audit)} bootstrap interval)" : " (no interval: run the audit with --bootstrap)"),
            display, key, "MEASURE 2.5", Valid, SeverityScale.ModerateImpact, SeverityScale.EvidenceLikelihood(certain), Treatments.Recalibrate(display));
    }

    /// <summary>Metrics that need a score column: without one they are undefined everywhere, which is no finding about a group.</summary>
    private static readonly string[] ScoreMetrics = ["auroc", "ece"];

    private static void Undefined(AuditReportModel audit, GroupAudit group, string display, string key, string attribute, string label, StudyPlanReportModel? plan, Adder add)
    {
        var undefined = WatchedMetrics
            .Where(m => audit.ScoreColumn is not null || !ScoreMetrics.Contains(m))
            .Where(m => group.Metrics.ContainsKey(m) && group.Metric(m).Value is null).ToList();
        if (undefined.Count == 0) return;
        add(RiskKindNames.UndefinedMetric, "Metric undefined in this group: performance cannot be assessed",
            string.Join("; ", undefined.Select(m => $"{m}: {group.Metric(m).Reason ?? "undefined"}")),
            display, key, "MEASURE 2.5; MANAGE 4.1", Valid, SeverityScale.ModerateImpact, SeverityScale.Possible,
            attribute.Length == 0 ? "Collect more patients with and without the condition, then re-audit; do not deploy on a model whose performance cannot be measured." : Treatments.Undefined(attribute, label, plan));
    }

    private static string GapEvidence(AuditReportModel audit, string name, MetricValue g, GroupAudit reference, MetricValue r, Interval difference, GroupTest test) =>
        $"{name} {Numbers.PercentWithCi(g)} vs {Numbers.PercentWithCi(r)} in {reference.Label} ({Numbers.Level(audit)} Wilson); "
        + $"difference {Numbers.WithSign(difference.Estimate * 100, 1)} points ({Numbers.Fixed(difference.Lower * 100, 1)} to {Numbers.Fixed(difference.Upper * 100, 1)}, Newcombe); "
        + $"{test.Method ?? "test"} p = {(test.PValue is double p ? Numbers.PValue(p) : "n/a")}, Holm-adjusted p = {(test.PAdjusted is double q ? Numbers.PValue(q) : "n/a")}";
}
