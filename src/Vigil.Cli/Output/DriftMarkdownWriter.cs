using System.Text;
using Vigil.Application.Drift;
using Vigil.Core.Drift;

namespace Vigil.Cli.Output;

/// <summary>Renders a drift report as GitHub-flavoured Markdown.</summary>
public static class DriftMarkdownWriter
{
    public static string Render(DriftJobResult job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var report = job.Report;
        var sb = new StringBuilder();
        sb.Append("# Drift report\n\n");
        sb.Append($"Current `{Cell(report.CurrentPath)}` ({report.CurrentRows} rows) against reference `{Cell(report.ReferencePath)}` ({report.ReferenceRows} rows); tests: {report.TestSelection}.\n\n");
        Write(sb, "## All rows", report.Overall, report);
        var minCell = job.Document.Settings.MinCell;
        for (var i = 0; i < job.Groups.Count; i++)
        {
            var by = job.Groups[i].Drift;
            var shown = job.Document.Groups[i];
            sb.Append("## ").Append(Cell(DriftGroupText.Title(shown))).Append("\n\n");
            sb.Append("| ").Append(string.Join(" | ", DriftGroupText.Header)).Append(" |\n|---|---:|---:|---:|---:|---:|\n");
            foreach (var g in shown.Groups)
                sb.Append("| ").Append(string.Join(" | ", DriftGroupText.Row(g, shown.ReferenceGroup, minCell).Select(Cell))).Append(" |\n");
            sb.Append('\n');
            // Column tables only for groups whose statistics are shown: a suppressed group's tests rest on its few rows.
            for (var k = 0; k < by.Groups.Count; k++)
                if (shown.Groups[k].DatasetDrift is not null)
                    Write(sb, "### " + Cell(DriftGroupText.DetailTitle(by.Column, shown.Groups[k], minCell)), by.Groups[k].Result, report);
            if (by.OnlyInReference.Count > 0) sb.Append($"Values of {Cell(by.Column)} only in the reference (not compared): {Cell(string.Join(", ", by.OnlyInReference))}\n\n");
            if (by.OnlyInCurrent.Count > 0) sb.Append($"Values of {Cell(by.Column)} only in the current data (not compared): {Cell(string.Join(", ", by.OnlyInCurrent))}\n\n");
        }
        if (report.Multivariate is { } mv)
        {
            sb.Append("## Multivariate drift (domain classifier)\n\n");
            sb.Append($"{mv.Model}, {mv.Folds}-fold cross-validation, seed {mv.Seed}, {mv.Rows} rows: AUROC {DriftTextFormat.Score(mv.Auroc.Value)}");
            sb.Append(mv.Auroc.Ci is { } ci ? $" (95% CI {DriftTextFormat.Score(ci.Low)} to {DriftTextFormat.Score(ci.High)})\n\n" : $" ({mv.Auroc.Reason})\n\n");
            sb.Append("| feature | AUROC drop when permuted |\n|---|---:|\n");
            foreach (var f in mv.Features) sb.Append($"| {Cell(f.Feature)} | {DriftTextFormat.Score(f.AurocDrop)} |\n");
            sb.Append('\n');
        }
        if (report.Stream is { } stream)
        {
            sb.Append($"## Sequential detectors on {Cell(stream.Column)}\n\n{stream.Observations} observations of the current file in row order, standardised by the reference.\n\n");
            sb.Append("| detector | alarms | in-control ARL0 (simulated from the reference) |\n|---|---|---|\n");
            foreach (var d in stream.Detectors) sb.Append($"| {Cell(d.Detector)} | {DriftTextFormat.Alarms(d)} | {DriftTextFormat.Arl0(d.Arl0)} |\n");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, string title, DriftResult result, DriftReport report)
    {
        sb.Append(title).Append("\n\n");
        sb.Append("| column | type | role | test | score | threshold | verdict | other tests (* = drift) |\n");
        sb.Append("|---|---|---|---|---:|---|---|---|\n");
        foreach (var c in result.Columns)
        {
            var drift = c.Tests.First(t => t.Test == c.DriftTest);
            sb.Append($"| {Cell(c.Column)} | {DriftTextFormat.Type(c.Type)} | {report.RoleOf(c.Column).ToString().ToLowerInvariant()} | {c.DriftTest} | " +
                      $"{DriftTextFormat.Score(c.Score)} | {DriftTextFormat.Threshold(drift)} | {DriftTextFormat.Verdict(c.Drift)}" +
                      $"{(drift.Reason is null ? "" : $" ({Cell(drift.Reason)})")} | {Cell(DriftTextFormat.OtherTests(c))} |\n");
        }
        sb.Append('\n').Append(DriftTextFormat.Share(result.Dataset)).Append("\n\n");
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
