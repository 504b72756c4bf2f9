using Vigil.Reporting.Audit;
using Vigil.Reporting.Charts;
using Vigil.Reporting.Document;
using Vigil.Reporting.External;

namespace Vigil.Reporting.Sections;

/// <summary>
/// The "Mitigation" section (from `vigil mitigate`, vigil.mitigation/v1, one part per file): the method and what it
/// needs at prediction time stated as warnings a clinician sees (the protected attribute, randomized answers), a
/// levelling-down flag first when the gap closed by making a group worse off, the before/after table on the held-out
/// rows, the targeted disparity with its paired bootstrap interval, a chart of per-group sensitivity before and after,
/// and the sweep's Pareto chart when the file has a sweep. Groups under the small-cell threshold show no count or rate.
/// </summary>
public static class MitigationSection
{
    /// <summary>The groups to hide in <paramref name="m"/> (held-out sizes, complementary suppression included).</summary>
    public static HashSet<string> Hidden(MitigationReportModel m, int minCell)
    {
        var mask = GroupMask.Hide([.. m.GroupsBefore.Select(g => g.N)], [.. m.GroupsBefore.Select(g => g.Positives)], m.OverallBefore.N, m.OverallBefore.Positives, minCell);
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mask.Length; i++)
            if (mask[i] || m.OverallBefore.N < minCell) hidden.Add(m.GroupsBefore[i].Group);
        return hidden;
    }

    /// <summary>"n X, Y pos." of a held-out group as the small-cell policy allows (rounded when it protects a smaller group).</summary>
    public static string Counts(MitigationReportModel m, MitigationPerformance group, int minCell)
    {
        if (group.Group == "overall") return GroupMask.Counts(group.N, group.Positives, CellProtection.Exact);
        var decided = GroupMask.Decide([.. m.GroupsBefore.Select(g => g.N)], [.. m.GroupsBefore.Select(g => g.Positives)], m.OverallBefore.N, m.OverallBefore.Positives, minCell);
        for (var i = 0; i < m.GroupsBefore.Count; i++)
            if (m.GroupsBefore[i].Group == group.Group) return GroupMask.Counts(group.N, group.Positives, decided[i]);
        return GroupMask.Counts(group.N, group.Positives, CellProtection.Exact);
    }

    /// <summary>The charts of every file: sensitivity before/after by group, and the Pareto chart of a sweep.</summary>
    public static IReadOnlyList<Chart> Charts(IReadOnlyList<MitigationReportModel> files, int minCell)
    {
        var charts = new List<Chart>();
        for (var k = 0; k < files.Count; k++)
        {
            var m = files[k];
            var hidden = Hidden(m, minCell);
            var shown = m.GroupsBefore.Where(g => !hidden.Contains(g.Group)).Select(g => g.Group).ToList();
            var categories = new List<string> { "overall" };
            categories.AddRange(shown.Select(g => $"{m.Protected} = {g}"));
            IntervalPoint P(MitigationPerformance? p) => p is null ? new IntervalPoint(null, null, null, "no held-out rows")
                : new IntervalPoint(p.Sensitivity.Value, p.Sensitivity.Lower, p.Sensitivity.Upper, p.Sensitivity.Value is null ? Numbers.Undefined(p.Sensitivity) : null);
            var before = new List<IntervalPoint> { P(m.OverallBefore) };
            before.AddRange(shown.Select(g => P(m.GroupsBefore.FirstOrDefault(x => x.Group == g))));
            var after = new List<IntervalPoint> { P(m.OverallAfter) };
            after.AddRange(shown.Select(g => P(m.GroupsAfter.FirstOrDefault(x => x.Group == g))));
            var chart = IntervalChart.Render($"mitigation-{k + 1}-{FnrHeatMap.FileSafe(m.Method)}-sensitivity.svg", $"chart-mitigation-{k + 1}",
                $"Sensitivity before and after {m.Method} by {m.Protected}", "sensitivity (%)", categories,
                [new IntervalSeries("before", 3, before), new IntervalSeries("after", 0, after)], percent: true, "95% Wilson intervals",
                hidden.Count > 0 ? $"{hidden.Count} group(s) not shown (small-cell suppression)." : null);
            charts.Add(chart);
            if (m.Sweep.Count > 0) charts.Add(ParetoChart.Render(m, $"mitigation-{k + 1}-{FnrHeatMap.FileSafe(m.Method)}-pareto.svg", $"chart-pareto-{k + 1}"));
        }
        return charts;
    }

    /// <summary>The warnings a clinician must see, most serious first (levelling down, attribute at prediction, randomized, others from the file).</summary>
    public static IReadOnlyList<string> Warnings(MitigationReportModel m, int minCell)
    {
        var hidden = Hidden(m, minCell);
        var list = new List<string>();
        if (m.LevellingDown)
            list.Add($"LEVELLING DOWN: the {m.DisparityName} narrowed partly by making a group worse off: "
                + string.Join("; ", m.WorseOff.Select(w => hidden.Contains(w.Group)
                    ? $"a suppressed group's {w.Metric} fell"
                    : $"{m.Protected} = {w.Group}: {w.Metric} {Numbers.Percent(w.Before)} → {Numbers.Percent(w.After)}"))
                + $" (beyond the tolerance {Numbers.Fixed(m.LevellingTolerance * 100, 1)} points). Fairness gained this way harms the patients whose care got worse.");
        list.AddRange(AlertBurden.Warnings(m));
        if (m.NeedsProtectedAttribute)
            list.Add($"Needs each patient's {m.Protected} at prediction time: the decision depends on it, which may not be lawful or acceptable (disparate treatment); check before deploying.");
        if (m.Randomized)
            list.Add("Randomized: the same patient scored twice can get a different answer (draws are seeded, so a run is reproducible, but a single patient's result is a coin flip near the threshold).");
        var others = m.Warnings.Where(w => !w.StartsWith("levelling down", StringComparison.Ordinal)
            && !w.Contains("protected attribute of every patient", StringComparison.Ordinal) && !w.Contains("randomized classifier", StringComparison.Ordinal)).ToList();
        if (hidden.Count == 0) list.AddRange(others);
        else if (others.Count > 0) list.Add($"{others.Count} further warning(s) in {m.SourceName}, not shown here because they may name a suppressed group.");
        return list;
    }

    /// <summary>One line summarising a mitigation (Model Card, HTI-1).</summary>
    public static string Summary(MitigationReportModel m) =>
        $"{m.Method} ({m.Stage}; {m.Reference}) on {m.Protected}, fitted on {Numbers.Count(m.TrainRows)} rows and evaluated on {Numbers.Count(m.TestRows)} held-out rows of {m.DataPath}: "
        + $"{m.DisparityName} {Disparity(m.DisparityBefore)} → {Disparity(m.DisparityAfter)}, change {Disparity(m.DisparityChange)}; "
        + $"balanced accuracy {Numbers.PercentWithCi(m.OverallBefore.BalancedAccuracy)} → {Numbers.PercentWithCi(m.OverallAfter.BalancedAccuracy)}"
        + (m.LevellingDown ? "; LEVELLING DOWN flagged" : "")
        + (m.NeedsProtectedAttribute ? $"; needs {m.Protected} at prediction time" : "")
        + (m.Randomized ? "; randomized" : "") + $" (from {m.SourceName}).";

    /// <summary>A disparity with its bootstrap interval, in percentage points.</summary>
    public static string Disparity(MetricValue d) =>
        d.Value is not double v ? Numbers.Undefined(d)
        : $"{Numbers.Fixed(v * 100, 1)} pts" + (d.HasInterval ? $" ({Numbers.Fixed(d.Lower!.Value * 100, 1)} to {Numbers.Fixed(d.Upper!.Value * 100, 1)})" : "");

    /// <summary>The section's blocks (none without mitigation files).</summary>
    public static IEnumerable<Block> Build(IReadOnlyList<MitigationReportModel> files, int minCell, IReadOnlyList<Chart> charts)
    {
        if (files.Count == 0) yield break;
        yield return new Heading(2, "Mitigation");
        yield return new Paragraph($"{files.Count} bias mitigation(s) from vigil mitigate, each fitted on a training split and compared before and after on the same held-out rows "
            + "(95% Wilson intervals on rates, DeLong on AUROC, paired percentile bootstrap on the disparity; differences in percentage points).");
        var chartIndex = 0;
        foreach (var m in files)
        {
            var hidden = Hidden(m, minCell);
            yield return new Heading(3, $"{m.Method} on {m.Protected} ({m.SourceName})");
            yield return new Paragraph($"Method: {m.Method}, {m.Stage} ({m.Reference}). Data {m.DataPath}: {Numbers.Count(m.TrainRows)} training rows, {Numbers.Count(m.TestRows)} held-out rows.");
            var warnings = Warnings(m, minCell);
            yield return warnings.Count > 0 ? new BulletList([.. warnings.Select(w => "Warning: " + w)]) : new Paragraph("No warning: the method needs no protected attribute at prediction time, is deterministic, and no group got worse beyond the tolerance.");
            yield return new Paragraph($"Targeted disparity ({m.DisparityName}, max − min over the groups): {Disparity(m.DisparityBefore)} before, {Disparity(m.DisparityAfter)} after; "
                + $"change {Disparity(m.DisparityChange)}"
                + (m.DisparityChange.Upper is double hi && hi < 0 ? " — the gap shrank (the interval excludes 0)." : m.DisparityChange.Lower is double lo && lo > 0 ? " — the gap grew (the interval excludes 0)." : " — the interval includes 0: no clear change."));
            var rows = new List<IReadOnlyList<string>>();
            void Add(MitigationPerformance before, MitigationPerformance? after, string label)
            {
                if (hidden.Contains(before.Group) && before.Group != "overall")
                {
                    rows.Add([label, $"suppressed (fewer than {minCell} held-out rows, or derivable from such a group)", "", "", ""]);
                    return;
                }
                foreach (var (name, get) in new (string, Func<MitigationPerformance, MetricValue>)[]
                    { ("accuracy", p => p.Accuracy), ("balanced accuracy", p => p.BalancedAccuracy), ("AUROC", p => p.Auroc), ("sensitivity", p => p.Sensitivity), ("specificity", p => p.Specificity),
                      ("alert rate", p => p.SelectionRate), ("PPV", AlertBurden.Ppv) })
                {
                    var b = get(before);
                    var a = after is null ? new MetricValue(null, null, null, "no held-out rows") : get(after);
                    var auroc = name == "AUROC";
                    rows.Add([$"{label} ({Counts(m, before, minCell)})", name,
                        auroc ? Numbers.DecimalWithCi(b) : Numbers.PercentWithCi(b), auroc ? Numbers.DecimalWithCi(a) : Numbers.PercentWithCi(a),
                        Transportability.Change(a, b) is double d ? (auroc ? Numbers.WithSign(d, 3) : $"{Numbers.WithSign(d * 100, 1)} pts") : "n/a"]);
                    if (name == "alert rate" && b.Value is double rb)
                        rows.Add([$"{label} ({Counts(m, before, minCell)})", "alerts per 1,000 patients", Numbers.Fixed(1000 * rb, 0),
                            a.Value is double ra ? Numbers.Fixed(1000 * ra, 0) : Numbers.Undefined(a), a.Value is double ra2 ? Numbers.WithSign(1000 * (ra2 - rb), 0) : "n/a"]);
                }
            }
            if (m.OverallBefore.N < minCell) rows.Add(["overall", $"suppressed (fewer than {minCell} held-out rows)", "", "", ""]);
            else Add(m.OverallBefore, m.OverallAfter, "overall");
            foreach (var g in m.GroupsBefore) Add(g, m.GroupsAfter.FirstOrDefault(x => x.Group == g.Group), $"{m.Protected} = {g.Group}");
            yield return new Table(["group", "measure", "before", "after", "change"], rows);
            yield return new Figure(charts[chartIndex++]);
            if (m.Sweep.Count > 0)
            {
                yield return new Paragraph($"Sweep over {m.SweepParameter}: each setting fitted on the training rows and evaluated on the held-out rows; "
                    + $"Pareto-optimal settings: {string.Join(", ", m.Sweep.Where(p => p.ParetoOptimal).Select(p => p.Label).DefaultIfEmpty("none"))}.");
                yield return new Figure(charts[chartIndex++]);
            }
        }
    }
}
