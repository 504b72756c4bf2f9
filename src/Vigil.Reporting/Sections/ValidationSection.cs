using Vigil.Reporting.Audit;
using Vigil.Reporting.Charts;
using Vigil.Reporting.Document;
using Vigil.Reporting.External;

namespace Vigil.Reporting.Sections;

/// <summary>
/// The "External validation" section (from `vigil validate`, vigil.validation/v1): the internal (out-of-fold at the
/// training site) and each external site side by side, the false-negative rate of every protected group per site
/// with its change against internal, charts of AUROC and of per-group sensitivity by site with their intervals, and
/// a plain-words statement of where transportability is lost and for whom (<see cref="Transportability"/>). Groups
/// under the small-cell threshold at a site show no count or rate (<see cref="GroupMask"/>).
/// </summary>
public static class ValidationSection
{
    /// <summary>The suppression of one site's groups of one attribute.</summary>
    /// <summary>True for each group of the site whose FNR and sensitivity must not be shown.</summary>
    private static bool[] Mask(ValidationSite site, string attribute, int minCell)
    {
        var groups = site.Groups(attribute);
        var decided = GroupMask.Decide([.. groups.Select(g => g.N)], [.. groups.Select(g => g.Positives)], site.N, site.Positives, minCell);
        return [.. groups.Select((g, i) => !ComplementarySuppression.ShowsRate(decided[i], g.N, g.Positives, minCell, "fnr"))];
    }

    /// <summary>True when a site's rates may be shown: it has at least min-cell patients, positives and negatives (docs/suppression.md).</summary>
    public static bool SiteShown(ValidationSite site, int minCell) =>
        ComplementarySuppression.Primary(site.N, site.Positives, minCell).Shown == CellShown.Exact;

    /// <summary>True when a site shows the rate <paramref name="metric"/> ("sensitivity", "specificity", ...; <see cref="ComplementarySuppression.ShowsRate"/>).</summary>
    public static bool SiteShowsRate(ValidationSite site, int minCell, string metric) =>
        ComplementarySuppression.ShowsRate(ComplementarySuppression.Primary(site.N, site.Positives, minCell), site.N, site.Positives, minCell, metric);

    /// <summary>The note in place of a suppressed site's numbers.</summary>
    public static string SiteNote(ValidationSite site, int minCell) =>
        site.N < minCell ? $"suppressed (fewer than {minCell} patients)" : $"suppressed (fewer than {minCell} positives or negatives)";

    /// <summary>The counts of a shown group at a site, "n X, Y pos.", rounded when the group protects a smaller one.</summary>
    public static string Counts(ValidationSite site, string attribute, SiteGroup group, int minCell)
    {
        var groups = site.Groups(attribute);
        var decided = GroupMask.Decide([.. groups.Select(g => g.N)], [.. groups.Select(g => g.Positives)], site.N, site.Positives, minCell);
        for (var i = 0; i < groups.Count; i++)
            if (groups[i].Group == group.Group) return GroupMask.Counts(group.N, group.Positives, decided[i]);
        return GroupMask.Counts(group.N, group.Positives, CellProtection.Exact);
    }

    /// <summary>The group at a site, or null when it is absent or suppressed.</summary>
    public static SiteGroup? Shown(ValidationSite site, string attribute, string group, int minCell)
    {
        var groups = site.Groups(attribute);
        var mask = Mask(site, attribute, minCell);
        for (var i = 0; i < groups.Count; i++)
            if (groups[i].Group == group) return mask[i] ? null : groups[i];
        return null;
    }

    /// <summary>Every group label of an attribute over all sites, in first-seen order.</summary>
    private static List<string> GroupLabels(ValidationReportModel v, string attribute) =>
        v.Sites.SelectMany(s => s.Groups(attribute)).Select(g => g.Group).Distinct(StringComparer.Ordinal).ToList();

    private static string SiteHeader(ValidationSite s) => s.Internal ? $"{s.Site} (internal, out-of-fold)" : $"{s.Site} (external)";

    /// <summary>The charts: AUROC by site, and per protected attribute the sensitivity of each group by site.</summary>
    public static IReadOnlyList<Chart> Charts(ValidationReportModel? v, int minCell)
    {
        if (v is null) return [];
        var sites = v.Sites.Select(s => s.Site).ToList();
        var charts = new List<Chart>
        {
            IntervalChart.Render("validation-auroc.svg", "chart-validation-auroc", $"AUROC by site (trained at {v.TrainingSite})", "AUROC", sites,
                [new IntervalSeries("AUROC", 3, v.Sites.Select(s => !SiteShown(s, minCell) ? new IntervalPoint(null, null, null, "suppressed") : Point(s.Auroc)).ToList())],
                percent: false, "95% DeLong intervals"),
        };
        var k = 0;
        foreach (var attribute in v.Protected)
        {
            var labels = GroupLabels(v, attribute);
            if (labels.Count == 0) continue;
            var series = labels.Select((g, i) => new IntervalSeries($"{attribute} = {g}", i,
                v.Sites.Select(s => Shown(s, attribute, g, minCell) is { } sg ? Point(sg.Sensitivity)
                    : s.Groups(attribute).Any(x => x.Group == g) ? new IntervalPoint(null, null, null, $"suppressed (fewer than {minCell} patients)") : new IntervalPoint(null, null, null, "no patients")).ToList())).ToList();
            charts.Add(IntervalChart.Render($"validation-sensitivity-{FnrHeatMap.FileSafe(attribute)}.svg", $"chart-validation-sens-{k++}",
                $"Sensitivity by {attribute} and site", "sensitivity (%)", sites, series, percent: true, "95% Wilson intervals"));
        }
        return charts;
    }

    private static IntervalPoint Point(MetricValue m) => new(m.Value, m.Lower, m.Upper, m.Value is null ? Numbers.Undefined(m) : null);

    /// <summary>The section's blocks (none without a validation document).</summary>
    public static IEnumerable<Block> Build(ValidationReportModel? v, int minCell, IReadOnlyList<Chart> charts)
    {
        if (v is null) yield break;
        yield return new Heading(2, "External validation");
        yield return new Paragraph(Intro(v));
        foreach (var line in Statement(v, minCell).Take(1)) yield return new Paragraph(line);
        var statement = Statement(v, minCell).Skip(1).ToList();
        if (statement.Count > 0) yield return new BulletList(statement);
        foreach (var b in Tables(v, minCell)) yield return b;
        foreach (var c in charts) yield return new Figure(c);
        var notes = v.External.SelectMany(s => s.Notes.Select(n => $"{s.Site}: {SmallCellText.Mask(n, minCell)}")).ToList();
        if (notes.Count > 0)
        {
            yield return new Heading(3, "Notes from vigil validate");
            yield return new BulletList(notes);
        }
    }

    /// <summary>How the sites were compared, in one paragraph.</summary>
    public static string Intro(ValidationReportModel v) =>
        $"A {v.ModelKind} model trained at {v.TrainingSite} ({v.DataPath}) and applied unchanged, threshold included ({v.ThresholdMethod}, {Numbers.Fixed(v.Threshold, 3)}), "
        + $"to {string.Join(", ", v.External.Select(s => s.Site))}; the internal column holds the out-of-fold results at {v.TrainingSite}. "
        + $"From {v.SourceName} (vigil validate). Rates with 95% Wilson intervals, AUROC with 95% DeLong intervals; Δ is external minus internal.";

    /// <summary>The side-by-side table and one FNR table per protected attribute.</summary>
    public static IEnumerable<Block> Tables(ValidationReportModel v, int minCell)
    {
        var inn = v.Internal;
        var header = new List<string> { "measure" };
        header.AddRange(v.Sites.Select(SiteHeader));
        string Cell(ValidationSite s, Func<ValidationSite, MetricValue> get, bool rate, bool delta, string metric)
        {
            if (!SiteShowsRate(s, minCell, metric)) return SiteNote(s, minCell);
            var m = get(s);
            var text = rate ? Numbers.PercentWithCi(m) : Numbers.DecimalWithCi(m);
            if (delta && !s.Internal && Transportability.Change(m, get(inn)) is double d)
                text += rate ? $"; Δ {Numbers.WithSign(d * 100, 1)} pts" : $"; Δ {Numbers.WithSign(d, 3)}";
            return text;
        }
        IReadOnlyList<string> Row(string name, Func<ValidationSite, MetricValue> get, bool rate, string metric = "") =>
            [name, .. v.Sites.Select(s => Cell(s, get, rate, true, metric))];
        yield return new Table(header,
        [
            ["n (positives)", .. v.Sites.Select(s => s.N < minCell ? SiteNote(s, minCell) : SiteShown(s, minCell) ? $"{Numbers.Count(s.N)} ({Numbers.Count(s.Positives)})" : $"{Numbers.Count(s.N)} ({SiteNote(s, minCell)})")],
            Row("prevalence", s => s.Prevalence, rate: true),
            Row("AUROC", s => s.Auroc, rate: false),
            Row("Brier score", s => s.Brier, rate: false),
            Row("observed/expected", s => s.ObservedExpected, rate: false),
            Row($"sensitivity at {Numbers.Fixed(v.Threshold, 3)}", s => s.Sensitivity, rate: true, "sensitivity"),
            Row($"specificity at {Numbers.Fixed(v.Threshold, 3)}", s => s.Specificity, rate: true, "specificity"),
            Row($"PPV at {Numbers.Fixed(v.Threshold, 3)}", s => s.Ppv, rate: true),
        ]);
        foreach (var attribute in v.Protected)
        {
            var labels = GroupLabels(v, attribute);
            if (labels.Count == 0) continue;
            yield return new Paragraph($"False-negative rate (missed disease) by {attribute}, per site (n, positives; Δ against internal in percentage points):");
            var rows = new List<IReadOnlyList<string>>();
            foreach (var g in labels)
            {
                var baseGroup = Shown(inn, attribute, g, minCell);
                rows.Add([$"{attribute} = {g}", .. v.Sites.Select(s =>
                {
                    if (!s.Groups(attribute).Any(x => x.Group == g)) return "no patients";
                    if (Shown(s, attribute, g, minCell) is not { } sg) return $"suppressed (fewer than {minCell} patients or positives, or derivable from such a group)";
                    var text = $"{Numbers.PercentWithCi(sg.Fnr)}; {Counts(s, attribute, sg, minCell)}";
                    if (!s.Internal && baseGroup is not null && Transportability.Change(sg.Fnr, baseGroup.Fnr) is double d) text += $"; Δ {Numbers.WithSign(d * 100, 1)} pts";
                    return text;
                })]);
            }
            yield return new Table(["group", .. v.Sites.Select(SiteHeader)], rows);
            foreach (var b in ReferenceDifferences(v, attribute, labels, minCell)) yield return b;
        }
    }

    /// <summary>
    /// Each group's FNR and FPR minus its site's reference group's, under the FNR table's small-cell rule
    /// (<see cref="ReferenceDifferenceMask"/>); nothing for a document without reference differences.
    /// </summary>
    public static IEnumerable<Block> ReferenceDifferences(ValidationReportModel v, string attribute, IReadOnlyList<string> labels, int minCell)
    {
        if (!v.Sites.Any(s => s.Groups(attribute).Any(g => g.ReferenceGroup is not null))) yield break;
        var shown = v.Sites.Select(s =>
        {
            var groups = s.Groups(attribute);
            var reference = groups.Count == 0 ? -1 : IndexOf(groups, groups[0].ReferenceGroup);
            var decided = ReferenceDifferenceMask.Decide([.. groups.Select(g => g.N)], [.. groups.Select(g => g.Positives)], s.N, s.Positives, reference, minCell);
            return groups.Select((g, i) => (g.Group, decided[i])).ToDictionary(x => x.Group, x => x.Item2, StringComparer.Ordinal);
        }).ToList();
        string Reference(ValidationSite s) => s.Groups(attribute) is [var first, ..] ? first.ReferenceGroup ?? "reference" : "reference";
        var header = new List<string> { "group" };
        foreach (var s in v.Sites) header.AddRange([$"{s.Site}: FNR diff vs {Reference(s)}", $"{s.Site}: FPR diff vs {Reference(s)}"]);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var label in labels)
        {
            var row = new List<string> { $"{attribute} = {label}" };
            for (var k = 0; k < v.Sites.Count; k++)
            {
                var g = v.Sites[k].Groups(attribute).FirstOrDefault(x => x.Group == label);
                if (g is null)
                {
                    row.AddRange(["no patients", "no patients"]);
                    continue;
                }
                var (fnr, fpr) = shown[k][label];
                row.Add(DifferenceCell(fnr, g.FnrDifference, g.ReferenceGroup));
                row.Add(DifferenceCell(fpr, g.FprDifference, g.ReferenceGroup));
            }
            rows.Add(row);
        }
        yield return new Paragraph($"False-negative and false-positive rate of each {attribute} group minus its site's reference group's, in percentage points "
            + "(the reference is the site's largest group unless the run named one); shown only where both rates are shown (docs/suppression.md):");
        yield return new Table(header, rows);
    }

    private static int IndexOf(IReadOnlyList<SiteGroup> groups, string? label)
    {
        for (var i = 0; i < groups.Count; i++)
            if (groups[i].Group == label) return i;
        return -1;
    }

    private static string DifferenceCell(DifferenceShown shown, MetricValue? difference, string? reference) => shown switch
    {
        DifferenceShown.GroupSuppressed => "suppressed (with its group)",
        DifferenceShown.ReferenceSuppressed => $"suppressed (reference {reference} suppressed)",
        _ => difference is not { Value: double d } m ? (difference is null ? "n/a" : Numbers.Undefined(difference))
            : $"{Numbers.WithSign(d * 100, 1)} pts" + (m.HasInterval ? $" ({Numbers.WithSign(m.Lower!.Value * 100, 1)} to {Numbers.WithSign(m.Upper!.Value * 100, 1)})" : ""),
    };

    /// <summary>
    /// The plain-words statement: first a one-line verdict, then one line per loss (discrimination, calibration,
    /// sensitivity, and each group whose miss rate rose), naming the site and the group with both numbers.
    /// </summary>
    public static IEnumerable<string> Statement(ValidationReportModel v, int minCell)
    {
        var inn = v.Internal;
        var lines = new List<string>();
        var lostAt = new List<string>();
        foreach (var s in v.External)
        {
            var whole = SiteShown(s, minCell);
            if (!whole) lines.Add($"{s.Site}: discrimination and calibration cannot be reported ({s.Site} has fewer than {minCell} patients, positives or negatives).");
            var lost = false;
            if (whole && Transportability.LostDiscrimination(s, inn))
            {
                lost = true;
                lines.Add($"{s.Site}: discrimination drops — AUROC {Numbers.DecimalWithCi(s.Auroc)} against {Numbers.DecimalWithCi(inn.Auroc)} at {inn.Site}"
                    + (Transportability.ClearlyBelow(s.Auroc, inn.Auroc) ? " (the whole interval lies below the internal value)." : " (the intervals overlap: the drop may be chance)."));
            }
            if (whole && Transportability.Miscalibrated(s))
            {
                lost = true;
                var oe = s.ObservedExpected.Value!.Value;
                lines.Add($"{s.Site}: calibration is lost — observed/expected {Numbers.Fixed(oe, 2)}: the model {(oe > 1 ? "underestimates" : "overestimates")} risk there "
                    + $"({Numbers.Percent(Math.Abs(oe - 1))} {(oe > 1 ? "more" : "fewer")} cases than predicted; internal {(inn.ObservedExpected.Value is double io ? Numbers.Fixed(io, 2) : "n/a")}); recalibrate before use there.");
            }
            if (SiteShowsRate(s, minCell, "sensitivity") && Transportability.MateriallyWorse(s.Sensitivity, inn.Sensitivity, higherIsWorse: false))
            {
                lost = true;
                lines.Add($"{s.Site}: sensitivity falls from {Numbers.PercentWithCi(inn.Sensitivity)} to {Numbers.PercentWithCi(s.Sensitivity)} — more patients with the disease are missed at the same threshold.");
            }
            foreach (var attribute in v.Protected)
                foreach (var ig in inn.Groups(attribute))
                {
                    var baseGroup = Shown(inn, attribute, ig.Group, minCell);
                    var sg = Shown(s, attribute, ig.Group, minCell);
                    if (baseGroup is null || sg is null) continue;
                    if (!Transportability.MateriallyWorse(sg.Fnr, baseGroup.Fnr, higherIsWorse: true)) continue;
                    lost = true;
                    lines.Add($"{s.Site}, {attribute} = {ig.Group}: the miss rate (FNR) rises from {Numbers.PercentWithCi(baseGroup.Fnr)} to {Numbers.PercentWithCi(sg.Fnr)} "
                        + $"({Counts(s, attribute, sg, minCell)})"
                        + (Transportability.Separated(sg.Fnr, baseGroup.Fnr) ? "; the intervals do not overlap." : "; the intervals overlap, so the rise is uncertain."));
                }
            var hidden = v.Protected.SelectMany(a => s.Groups(a).Where(g => Shown(s, a, g.Group, minCell) is null).Select(g => $"{a} = {g.Group}")).ToList();
            if (hidden.Count > 0)
                lines.Add($"{s.Site}: {string.Join(", ", hidden)} cannot be assessed (small-cell suppression: fewer than {minCell} patients, positives or negatives, or derivable from such a group).");
            if (lost) lostAt.Add(s.Site);
        }
        var verdict = lostAt.Count == 0
            ? $"Transportability: no material loss of discrimination, calibration or sensitivity at any external site (rules in docs/report.md)."
            : $"Transportability is lost at {string.Join(", ", lostAt)} (of {v.External.Count()} external sites): the model trained at {v.TrainingSite} should not be used there without local recalibration and re-validation.";
        return [verdict, .. lines];
    }
}
