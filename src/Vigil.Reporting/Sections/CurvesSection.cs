using Vigil.Reporting.Audit;
using Vigil.Reporting.Charts;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>
/// ROC, calibration and decision curves from the audit's "curves" block (vigil audit --curves): for all patients and
/// for each attribute and intersection, one ROC chart, one reliability diagram (uniform bins) and one decision-curve
/// chart with the groups as lines, and a calibration table (Brier, ECE, MCE, O/E, calibration-in-the-large, slope,
/// intercept with their intervals). Suppressed groups get a note and no line; reliability bins with fewer patients
/// than the small-cell threshold are not plotted (their observed rate is a rate of a small cell).
/// </summary>
public static class CurvesSection
{
    /// <summary>Thresholds at which the alt text of a decision curve states the net benefit.</summary>
    private static readonly double[] DescribedThresholds = [0.1, 0.2, 0.3, 0.5];

    /// <summary>The charts of the section, in order (empty when the audit has no curves).</summary>
    public static IReadOnlyList<Chart> Charts(ReportContext ctx)
    {
        var charts = new List<Chart>();
        if (ctx.Audit.Curves is not { } curves) return charts;
        var k = 0;
        foreach (var (name, file, groups) in Panels(ctx, curves))
        {
            var shown = groups.Where(g => !g.Suppressed).Select(g => g.Curves).ToList();
            if (shown.Count == 0) continue;
            if (Roc(ctx, name, file, shown, k) is { } roc) charts.Add(roc);
            if (Reliability(ctx, name, file, shown, k) is { } rel) charts.Add(rel);
            if (Decision(name, file, shown, k) is { } dc) charts.Add(dc);
            k++;
        }
        return charts;
    }

    /// <summary>The section's blocks (none when the audit has no curves).</summary>
    public static IEnumerable<Block> Build(ReportContext ctx, IReadOnlyList<Chart> charts)
    {
        if (ctx.Audit.Curves is not { } curves) yield break;
        yield return new Heading(2, "Discrimination, calibration and net benefit by group");
        yield return new Paragraph("ROC curves show how well the score separates patients with and without the condition (the diagonal is a useless model). "
            + "Reliability diagrams compare the predicted probability with the observed rate in equal-width bins of predicted probability (the diagonal is perfect calibration). "
            + "Decision curves show the net benefit, true positives minus false positives weighted by the odds of the threshold probability per patient, "
            + "against treating everyone and treating no one (Vickers & Elkin 2006).");
        var byFile = charts.ToDictionary(c => c.FileName, StringComparer.Ordinal);
        foreach (var (name, file, groups) in Panels(ctx, curves))
        {
            yield return new Heading(3, name == "overall" ? "All patients" : $"By {name}");
            var notes = groups.Where(g => g.Suppressed).Select(g => $"{name} = {g.Curves.Group}: {g.Note}").ToList();
            foreach (var g in groups.Where(g => !g.Suppressed))
            {
                if (g.Curves.Roc is null) notes.Add($"{Who(name, g.Curves.Group)}: no ROC curve ({g.Curves.RocReason})");
                if (g.Curves.Calibration?.Uniform is null) notes.Add($"{Who(name, g.Curves.Group)}: no reliability diagram ({g.Curves.CalibrationReason ?? "no uniform bins"})");
                if (g.Curves.Decision is null) notes.Add($"{Who(name, g.Curves.Group)}: no decision curve ({g.Curves.DecisionReason})");
            }
            if (notes.Count > 0) yield return new BulletList(notes);
            foreach (var prefix in new[] { "roc", "calibration", "decision-curve" })
                if (byFile.TryGetValue($"{prefix}-{file}.svg", out var chart)) yield return new Figure(chart);
        }
        yield return new Heading(3, "Calibration by group");
        yield return new Paragraph($"Brier score, expected and maximum calibration error (ECE, MCE; uniform bins), observed/expected ratio (O/E), calibration-in-the-large (CITL), "
            + $"calibration slope and intercept (logistic recalibration), with the audit's {Numbers.Level(ctx.Audit)} intervals where it computed them. "
            + "A well-calibrated model has O/E and slope near 1 and ECE, CITL and intercept near 0.");
        yield return CalibrationTable(ctx, curves);
    }

    /// <summary>The calibration table: all patients, then every group of every attribute.</summary>
    public static Table CalibrationTable(ReportContext ctx, CurveSet curves)
    {
        string[] keys = ["brier", "ece", "mce", "oe_ratio", "citl", "slope", "intercept"];
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (name, _, groups) in Panels(ctx, curves))
            foreach (var g in groups)
            {
                var who = name == "overall" ? "all patients" : $"{name} = {g.Curves.Group}";
                if (g.Suppressed)
                {
                    rows.Add([who, .. Enumerable.Repeat(g.Note, keys.Length + 1)]);
                    continue;
                }
                var n = g.Curves.N is int nn ? Numbers.Count(nn) : "";
                if (g.Curves.Calibration is not { } cal)
                {
                    rows.Add([who, n, .. Enumerable.Repeat($"n/a ({g.Curves.CalibrationReason})", keys.Length)]);
                    continue;
                }
                rows.Add([who, n, .. keys.Select(key => Numbers.DecimalWithCi(cal.Metric(key)))]);
            }
        return new Table(["group", "n", "Brier", "ECE", "MCE", "O/E", "CITL", "slope", "intercept"], rows);
    }

    private sealed record ShownGroup(GroupCurves Curves, bool Suppressed, string Note);

    /// <summary>"overall" with all patients, then each attribute with its groups (suppression decided here once).</summary>
    private static IEnumerable<(string Name, string File, IReadOnlyList<ShownGroup> Groups)> Panels(ReportContext ctx, CurveSet curves)
    {
        var overallSuppressed = curves.Overall.Suppressed || ctx.Cells.IsSuppressed(ctx.Audit.Overall);
        yield return ("overall", "overall", [new ShownGroup(curves.Overall, overallSuppressed, ctx.Cells.Note)]);
        foreach (var attribute in curves.ByAttribute)
        {
            var audited = ctx.Audit.Attributes.FirstOrDefault(a => a.Name == attribute.Attribute);
            var groups = attribute.Groups.Select(g =>
            {
                var group = audited?.Groups.FirstOrDefault(x => x.Label == g.Group);
                if (group is not null && ctx.Cells.IsSuppressed(group)) return new ShownGroup(g, true, ctx.Cells.NoteFor(group));
                if (g.N < ctx.Cells.MinCell) return new ShownGroup(g, true, ctx.Cells.Note);
                if (g.Suppressed) return new ShownGroup(g, true, "suppressed (a small cell in the audit)");
                return new ShownGroup(g, false, "");
            }).ToList();
            yield return (attribute.Attribute, FnrHeatMap.FileSafe(attribute.Attribute), groups);
        }
    }

    private static string Who(string panel, string group) => panel == "overall" ? "all patients" : $"{panel} = {group}";

    private static string Label(string panel, GroupCurves g) => panel == "overall" ? "all patients" : g.Group;

    private static string F2(double x) => Numbers.Fixed(x, 2);

    private static Chart? Roc(ReportContext ctx, string panel, string file, IReadOnlyList<GroupCurves> groups, int k)
    {
        var withRoc = groups.Where(g => g.Roc is not null).ToList();
        if (withRoc.Count == 0) return null;
        var title = panel == "overall" ? "ROC curve, all patients" : $"ROC curves by {panel}";
        var parts = withRoc.Select(g =>
        {
            var audited = panel == "overall" ? ctx.Audit.Overall
                : ctx.Audit.Attributes.FirstOrDefault(a => a.Name == panel)?.Groups.FirstOrDefault(x => x.Label == g.Group);
            var auroc = audited?.Metric("auroc");
            var text = auroc is { Value: double } ? Numbers.DecimalWithCi(auroc).Replace(" (", $" ({Numbers.Level(ctx.Audit)} CI ", StringComparison.Ordinal)
                : Numbers.Fixed(g.Roc!.Area(), 3) + " (area under the plotted curve)";
            return $"{Label(panel, g)} AUROC {text}" + (g.N is int n ? $", n {Numbers.Count(n)}" : "");
        });
        var description = $"{title}: true-positive rate against false-positive rate, one coloured line per group with the group's marker shape every few points, "
            + "and the grey diagonal of a useless model. " + string.Join("; ", parts) + ".";
        var lines = withRoc.Select(g => new CurveLine(Label(panel, g), g.Roc!.Fpr, g.Roc.Tpr)).ToList();
        return CurveCharts.Svg(CurveCharts.Roc(title, lines), $"roc-{file}.svg", $"chart-roc-{k}", title, description);
    }

    private static Chart? Reliability(ReportContext ctx, string panel, string file, IReadOnlyList<GroupCurves> groups, int k)
    {
        var withBins = groups.Where(g => g.Calibration?.Uniform is not null).ToList();
        if (withBins.Count == 0) return null;
        var title = panel == "overall" ? "Calibration (reliability diagram), all patients" : $"Calibration (reliability diagrams) by {panel}";
        var lines = new List<CurveLine>();
        var parts = new List<string>();
        var hidden = 0;
        foreach (var g in withBins)
        {
            var bins = g.Calibration!.Uniform!;
            var keep = Enumerable.Range(0, bins.Count.Length).Where(i => bins.Count[i] >= ctx.Cells.MinCell && double.IsFinite(bins.MeanPredicted[i]) && double.IsFinite(bins.Observed[i])).ToArray();
            hidden += bins.Count.Length - keep.Length - bins.Count.Count(c => c == 0);
            lines.Add(new CurveLine(Label(panel, g), keep.Select(i => bins.MeanPredicted[i]).ToArray(), keep.Select(i => bins.Observed[i]).ToArray()));
            parts.Add($"{Label(panel, g)}: ECE {Numbers.DecimalWithCi(g.Calibration.Metric("ece"))}, slope {Numbers.DecimalWithCi(g.Calibration.Metric("slope"))}, "
                + $"O/E {Numbers.DecimalWithCi(g.Calibration.Metric("oe_ratio"))}; bins (predicted → observed) "
                + (keep.Length == 0 ? "none shown" : string.Join(", ", keep.Select(i => $"{F2(bins.MeanPredicted[i])} → {F2(bins.Observed[i])}"))));
        }
        var description = $"{title}: observed event rate against mean predicted probability in equal-width bins, one coloured line per group with the group's marker at each plotted bin, "
            + "and the grey diagonal of perfect calibration"
            + (hidden > 0 ? $"; {hidden} bins with fewer than {ctx.Cells.MinCell} patients are not plotted" : "") + ". " + string.Join("; ", parts) + ".";
        return CurveCharts.Svg(CurveCharts.Reliability(title, lines), $"calibration-{file}.svg", $"chart-calibration-{k}", title, description);
    }

    private static Chart? Decision(string panel, string file, IReadOnlyList<GroupCurves> groups, int k)
    {
        var withDc = groups.Where(g => g.Decision is not null).ToList();
        if (withDc.Count == 0) return null;
        var title = panel == "overall" ? "Decision curve, all patients" : $"Decision curves by {panel}";
        // The useful ranges stay in the caption's first sentence (shown in view); the net benefit values follow.
        var ranges = withDc.Select(g => $"{Label(panel, g)}: {Useful(g.Decision!)}");
        var values = withDc.Select(g =>
        {
            var d = g.Decision!;
            var at = DescribedThresholds.Select(t => Nearest(d.Threshold, t)).Where(i => i >= 0).Distinct()
                .Select(i => $"at {F2(d.Threshold[i])} model {Numbers.Fixed(d.NetBenefit[i], 3)} vs treat-all {Numbers.Fixed(d.TreatAll[i], 3)}");
            return $"{Label(panel, g)} " + string.Join(", ", at);
        });
        var description = $"{title}: net benefit against the threshold probability (each group's model a thick coloured line with the group's marker shape, "
            + "its treat-all a thin line of the same colour without markers, treat-none the black horizontal line at 0); "
            + string.Join("; ", ranges) + ". Net benefit: " + string.Join("; ", values) + ".";
        var model = withDc.Select(g => new CurveLine(Label(panel, g), g.Decision!.Threshold, g.Decision.NetBenefit)).ToList();
        var all = withDc.Select(g => new CurveLine(Label(panel, g), g.Decision!.Threshold, g.Decision.TreatAll)).ToList();
        return CurveCharts.Svg(CurveCharts.Decision(title, model, all), $"decision-curve-{file}.svg", $"chart-decision-{k}", title, description);
    }

    /// <summary>The thresholds where the model's net benefit exceeds both treat-all and treat-none, in words, with the gaps (<see cref="DecisionCurveRanges"/>).</summary>
    public static string Useful(DecisionCurve d) => DecisionCurveRanges.Describe(d);

    private static int Nearest(double[] xs, double x)
    {
        var best = -1;
        for (var i = 0; i < xs.Length; i++)
            if (double.IsFinite(xs[i]) && (best < 0 || Math.Abs(xs[i] - x) < Math.Abs(xs[best] - x))) best = i;
        return best >= 0 && Math.Abs(xs[best] - x) <= 0.05 ? best : -1;
    }
}
