using Spectre.Console;
using Vigil.Application.Drift;
using Vigil.Core.Drift;

namespace Vigil.Cli.Output;

/// <summary>Renders a drift report as terminal tables (Spectre.Console, no colour codes in the text).</summary>
public static class DriftTableWriter
{
    public static string Render(DriftJobResult job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var report = job.Report;
        var sw = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(sw),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        console.WriteLine($"Drift: {report.CurrentPath} ({report.CurrentRows} rows) against {report.ReferencePath} ({report.ReferenceRows} rows)");
        Write(console, "All rows", report.Overall, report);
        var minCell = job.Document.Settings.MinCell;
        for (var i = 0; i < job.Groups.Count; i++)
        {
            var by = job.Groups[i].Drift;
            var shown = job.Document.Groups[i];
            var summary = new Table { Title = new TableTitle(Markup.Escape(DriftGroupText.Title(shown))) };
            for (var h = 0; h < DriftGroupText.Header.Count; h++)
                summary.AddColumn(h == 0 ? new TableColumn(DriftGroupText.Header[h]) : new TableColumn(DriftGroupText.Header[h]).RightAligned());
            foreach (var g in shown.Groups)
                summary.AddRow(DriftGroupText.Row(g, shown.ReferenceGroup, minCell).Select(Markup.Escape).ToArray());
            console.Write(summary);
            // Column tables only for groups whose statistics are shown: a suppressed group's tests rest on its few rows.
            for (var k = 0; k < by.Groups.Count; k++)
                if (shown.Groups[k].DatasetDrift is not null)
                    Write(console, DriftGroupText.DetailTitle(by.Column, shown.Groups[k], minCell), by.Groups[k].Result, report);
            if (by.OnlyInReference.Count > 0) console.WriteLine($"{by.Column} values only in the reference (not compared): {string.Join(", ", by.OnlyInReference)}");
            if (by.OnlyInCurrent.Count > 0) console.WriteLine($"{by.Column} values only in the current data (not compared): {string.Join(", ", by.OnlyInCurrent)}");
        }
        if (report.Multivariate is { } mv)
        {
            console.WriteLine();
            console.WriteLine($"Domain classifier ({mv.Model}, {mv.Folds}-fold, seed {mv.Seed}, {mv.Rows} rows): AUROC {DriftTextFormat.Score(mv.Auroc.Value)}" +
                              (mv.Auroc.Ci is { } ci ? $" (95% CI {DriftTextFormat.Score(ci.Low)} to {DriftTextFormat.Score(ci.High)})" : $" ({mv.Auroc.Reason})"));
            var t = new Table().AddColumn("feature").AddColumn(new TableColumn("AUROC drop when permuted").RightAligned());
            foreach (var f in mv.Features) t.AddRow(Markup.Escape(f.Feature), DriftTextFormat.Score(f.AurocDrop));
            console.Write(t);
        }
        if (report.Stream is { } stream)
        {
            console.WriteLine();
            console.WriteLine($"Sequential detectors on '{stream.Column}' ({stream.Observations} observations of the current file in row order, standardised by the reference):");
            var t = new Table().AddColumn("detector").AddColumn("alarms").AddColumn("in-control ARL0 (simulated from the reference)");
            foreach (var d in stream.Detectors) t.AddRow(Markup.Escape(d.Detector), DriftTextFormat.Alarms(d), DriftTextFormat.Arl0(d.Arl0));
            console.Write(t);
        }
        return sw.ToString();
    }

    private static void Write(IAnsiConsole console, string title, DriftResult result, DriftReport report)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        table.AddColumn("column").AddColumn("type").AddColumn("role").AddColumn("test").AddColumn(new TableColumn("score").RightAligned())
            .AddColumn("threshold").AddColumn("verdict").AddColumn("other tests (* = drift)");
        foreach (var c in result.Columns)
        {
            var drift = c.Tests.First(t => t.Test == c.DriftTest);
            table.AddRow(Markup.Escape(c.Column), DriftTextFormat.Type(c.Type), report.RoleOf(c.Column).ToString().ToLowerInvariant(),
                c.DriftTest, DriftTextFormat.Score(c.Score), DriftTextFormat.Threshold(drift),
                DriftTextFormat.Verdict(c.Drift) + (drift.Reason is null ? "" : $" ({Markup.Escape(drift.Reason)})"),
                Markup.Escape(DriftTextFormat.OtherTests(c)));
        }
        console.Write(table);
        console.WriteLine(DriftTextFormat.Share(result.Dataset));
    }
}
