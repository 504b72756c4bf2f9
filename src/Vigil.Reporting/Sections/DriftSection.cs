using ScottPlot;
using Vigil.Reporting.Charts;
using Vigil.Reporting.Document;
using Vigil.Reporting.Drift;

namespace Vigil.Reporting.Sections;

/// <summary>
/// The drift section (from `vigil drift --format json`): the dataset verdict, the table of drifted columns (test,
/// score, threshold), and for each drifted column a histogram of the reference and current shares per bin (the
/// drift JSON's own binning). Bins holding fewer rows than the small-cell threshold in either file (share × rows) are
/// masked: their bars are left out and the description says how many.
/// </summary>
public static class DriftSection
{
    /// <summary>Reference bars (Okabe–Ito blue) and current bars (Okabe–Ito orange).</summary>
    private static readonly Color ReferenceColour = Color.FromHex(OkabeIto.Hex[3]), CurrentColour = Color.FromHex(OkabeIto.Hex[0]);

    /// <summary>Histograms of the drifted columns (empty without a drift document).</summary>
    public static IReadOnlyList<Chart> Charts(DriftReportModel? drift, int minCell)
    {
        var charts = new List<Chart>();
        if (drift is null) return charts;
        var k = 0;
        foreach (var c in drift.Columns.Where(c => c.Drift == true && c.Histogram is not null))
            charts.Add(Histogram(c, drift, minCell, k++));
        return charts;
    }

    /// <summary>The section's blocks (none without a drift document).</summary>
    public static IEnumerable<Block> Build(DriftReportModel? drift, IReadOnlyList<Chart> charts)
    {
        if (drift is null) yield break;
        var d = drift.Dataset;
        yield return new Heading(2, "Data drift");
        var verdict = d.Drift switch
        {
            true => "Dataset drift detected",
            false => "No dataset drift",
            null => "Dataset drift undefined",
        };
        yield return new Paragraph($"{verdict}: {Numbers.Count(d.DriftedColumns)} of {Numbers.Count(d.Columns)} columns drifted"
            + (d.Share is double s ? $" (share {Numbers.Fixed(s, 3)}" : " (share undefined") + $"; dataset drift when the share is at least {Numbers.Fixed(d.Threshold, 2)})"
            + (d.UndefinedColumns > 0 ? $"; {Numbers.Count(d.UndefinedColumns)} columns have an undefined test and are left out of the share" : "")
            + $". Reference {drift.ReferencePath} ({Numbers.Count(drift.ReferenceRows)} rows) against current {drift.CurrentPath} ({Numbers.Count(drift.CurrentRows)} rows), "
            + $"from {drift.SourceName} (vigil drift, Evidently's tests and thresholds).");
        var drifted = drift.Columns.Where(c => c.Drift == true).ToList();
        if (drifted.Count > 0)
        {
            yield return new Table(["column", "type", "role", "test", "score", "threshold", "drift when"],
                drifted.Select(c => (IReadOnlyList<string>)[c.Column, c.Type, c.Role, c.Test,
                    c.Score is double sc ? Numbers.Fixed(sc, 4) : "n/a",
                    c.Threshold is double th ? Numbers.Fixed(th, 4) : "n/a",
                    c.Kind == "p_value" ? "p-value below the threshold" : c.Kind == "distance" ? "distance at or above the threshold" : "—"]).ToList());
        }
        var stable = drift.Columns.Where(c => c.Drift == false).Select(c => c.Column).ToList();
        var undefined = drift.Columns.Where(c => c.Drift is null).Select(c => $"{c.Column} ({c.Reason ?? "undefined"})").ToList();
        var facts = new List<string>();
        if (stable.Count > 0) facts.Add("No drift: " + string.Join(", ", stable) + ".");
        if (undefined.Count > 0) facts.Add("Undefined: " + string.Join("; ", undefined) + ".");
        if (drift.DomainClassifierAuroc is double auroc)
            facts.Add($"Multivariate: a classifier tells reference from current rows with out-of-fold AUROC {Numbers.Fixed(auroc, 3)} (0.5 = indistinguishable).");
        foreach (var (group, gd) in drift.ByGroup)
            facts.Add(gd is null
                ? $"Within {drift.ByColumn} = {group}: suppressed (small-cell rule)."
                : $"Within {drift.ByColumn} = {group}: {Numbers.Count(gd.DriftedColumns)} of {Numbers.Count(gd.Columns)} columns drifted"
                  + (gd.Drift == true ? " (dataset drift)." : "."));
        if (facts.Count > 0) yield return new BulletList(facts);
        foreach (var c in charts) yield return new Figure(c);
    }

    private static Chart Histogram(DriftColumn c, DriftReportModel drift, int minCell, int k)
    {
        var h = c.Histogram!;
        var bins = h.Reference.Length;
        string Format(double x) => Numbers.Fixed(x, Math.Abs(x) >= 100 ? 0 : Math.Abs(x) >= 10 ? 1 : 2);
        var labels = Enumerable.Range(0, bins).Select(i => h.BinLabel(i, Format)).ToArray();
        var masked = new bool[bins];
        for (var i = 0; i < bins; i++)
        {
            var refCount = h.Reference[i] * c.NReference;
            var curCount = h.Current[i] * c.NCurrent;
            masked[i] = (refCount > 0 && refCount < minCell - 0.5) || (curCount > 0 && curCount < minCell - 0.5);
        }
        var title = $"Distribution of {c.Column}: reference vs current";
        var plot = new Plot();
        plot.Title(title);
        plot.YLabel("share of rows (%)");
        var refBars = new List<Bar>();
        var curBars = new List<Bar>();
        for (var i = 0; i < bins; i++)
        {
            if (masked[i]) continue;
            refBars.Add(new Bar { Position = i - 0.2, Value = h.Reference[i] * 100, Size = 0.4, FillColor = ReferenceColour, LineWidth = 0 });
            curBars.Add(new Bar { Position = i + 0.2, Value = h.Current[i] * 100, Size = 0.4, FillColor = CurrentColour, LineWidth = 0 });
        }
        plot.Add.Bars(refBars.ToArray());
        plot.Add.Bars(curBars.ToArray());
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"reference ({Path.GetFileName(drift.ReferencePath)})", FillColor = ReferenceColour });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"current ({Path.GetFileName(drift.CurrentPath)})", FillColor = CurrentColour });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bins).Select(i => (double)i).ToArray(), labels);
        ChartStyle.RotatedCategoryLabels(plot, labels, 35);
        var top = Enumerable.Range(0, bins).Where(i => !masked[i]).Select(i => Math.Max(h.Reference[i], h.Current[i]) * 100).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimits(-0.7, bins - 0.3, 0, top * 1.25);
        var maskedCount = masked.Count(m => m);
        var described = Enumerable.Range(0, bins).Select(i => masked[i] ? $"{labels[i]}: masked" : $"{labels[i]}: {Numbers.Percent(h.Reference[i])} vs {Numbers.Percent(h.Current[i])}");
        var description = $"Histogram of {c.Column} ({(h.Binning == "per_value" ? "one bar pair per value" : "Sturges bins of the reference")}): share of reference rows (blue) and current rows (orange) per bin; "
            + $"{c.Test} score {(c.Score is double s ? Numbers.Fixed(s, 4) : "n/a")} against threshold {(c.Threshold is double t ? Numbers.Fixed(t, 4) : "n/a")}"
            + (maskedCount > 0 ? $"; {maskedCount} bins with fewer than {minCell} rows in a file are masked" : "") + ". "
            + string.Join("; ", described) + ".";
        var width = Math.Max(560, 120 + 44 * bins);
        return SvgAccessibility.Build($"drift-{FnrHeatMap.FileSafe(c.Column)}.svg", $"chart-drift-{k}", title, description, ChartStyle.Svg(plot, width, 440));
    }
}
