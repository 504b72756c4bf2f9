using System.Globalization;
using System.Text;
using Vigil.Application.Scan;
using Vigil.Core;
using Vigil.Core.Scan;

using Vigil.Reporting.Audit;

namespace Vigil.Cli.Output;

/// <summary>The table and Markdown renderings of a scan (the JSON is the vigil.scan/v2 contract).</summary>
public static class ScanTextRenderer
{
    private static readonly string[] Headers = ["#", "subgroup", "rows", "pop.", "events", "rate (95% CI)", "rest", "score", "p", "adj. p", "flags"];

    /// <summary>The headers, with the gap column only when the scan has a reference group (so plain scans read as before).</summary>
    private static string[] HeadersOf(ScanResult r) => r.Reference is null ? Headers : [.. Headers[..^1], "gap vs ref", Headers[^1]];

    private static string[] RowOf(int rank, ScanSubgroup s, ScanResult r)
    {
        var row = Row(rank, s);
        return r.Reference is null ? row : [.. row[..^1], s.ReferenceGap is { } g ? GapText(g) : "—", row[^1]];
    }

    private static string GapText(Metric m) =>
        m.Value is not { } v ? "—"
        : m.Ci is { } ci ? string.Create(CultureInfo.InvariantCulture, $"{v:+0.000;-0.000} ({ci.Low:0.000}-{ci.High:0.000})")
        : string.Create(CultureInfo.InvariantCulture, $"{v:+0.000;-0.000} (overlaps)");

    private static string[] Row(int rank, ScanSubgroup s) =>
    [
        rank.ToString(CultureInfo.InvariantCulture),
        s.Definition,
        s.Rows.ToString(CultureInfo.InvariantCulture),
        s.Population.ToString(CultureInfo.InvariantCulture),
        s.Events.ToString(CultureInfo.InvariantCulture),
        RateText(s.Rate),
        s.ComplementRate.Value is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "—",
        s.Score.ToString("0.00", CultureInfo.InvariantCulture),
        PText(s.PValue),
        PText(s.AdjustedPValue),
        string.Join(" ", new[] { s.Significant ? "significant" : null, s.SmallCell ? "small_cell" : null }.Where(f => f is not null)),
    ];

    private static string RateText(Metric m) =>
        m.Value is not { } v ? "—"
        : m.Ci is { } ci ? string.Create(CultureInfo.InvariantCulture, $"{v:0.000} ({ci.Low:0.000}-{ci.High:0.000})")
        : v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string PText(double? p) =>
        p is not { } v ? "—" : v < 0.0001 ? "<0.0001" : v.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Headline(ScanJobResult job)
    {
        var r = job.Result;
        var inv = CultureInfo.InvariantCulture;
        var how = r.Method == ScanMethod.Mdss
            ? string.Create(inv, $"MDSS Bernoulli scan, {r.Options.Restarts} restarts, randomization test with {r.Options.Replicates} permutations")
            : string.Create(inv, $"exhaustive scan of {r.Candidates} conjunctions, one-sided tests, {ScanJob.AdjustmentName(r.Options.Adjustment)}-adjusted p-values");
        return string.Create(inv,
            $"Scan of {ScanEngine.Name(r.Metric)} in {job.File} by {string.Join(", ", r.Attributes)} (up to {r.Options.MaxOrder} at a time): {how}. " +
            $"Population: {ScanEngine.Population(r.Metric)}: {r.Population} records, {r.Events} events, rate {RateText(r.OverallRate)}.") +
            (r.Reference is not { } g ? ""
                : g.Rows < r.Options.MinCell ? string.Create(inv, $" Reference group {g.Definition}: fewer than {r.Options.MinCell} rows.")
                : string.Create(inv, $" Reference group {g.Definition}: {g.Population} records, {g.Events} events, rate {RateText(g.Rate)}."));
    }

    public static string Markdown(ScanJobResult job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var result = job.Result;
        static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
        var sb = new StringBuilder();
        sb.Append("# Vigil scan\n\n").Append(Escape(Headline(job))).Append("\n\n");
        // scan.md is shareable (docs/suppression.md): small counts in notes and rows are masked; the JSON keeps them.
        var min = result.Options.MinCell;
        foreach (var note in job.Notes) sb.Append("- Note: ").Append(Escape(SmallCellText.Mask(note, min))).Append('\n');
        if (job.Notes.Count > 0) sb.Append('\n');
        MarkdownTable(sb, result, result.Subgroups, min, Escape);
        if (result.Intersections.Count > 0)
        {
            sb.Append("## Named intersections\n\n");
            MarkdownTable(sb, result, result.Intersections, min, Escape);
        }
        sb.Append(string.Create(CultureInfo.InvariantCulture,
            $"rate = events / population of the subgroup (Wilson interval); rest = rate in the complement; score = Bernoulli log-likelihood ratio; small_cell = fewer than {result.Options.MinCell} rows.\n"));
        return sb.ToString();
    }

    private static void MarkdownTable(StringBuilder sb, ScanResult result, IReadOnlyList<ScanSubgroup> subgroups, int min, Func<string, string> escape)
    {
        var headers = HeadersOf(result);
        sb.Append("| ").Append(string.Join(" | ", headers)).Append(" |\n");
        sb.Append('|').Append(string.Concat(headers.Select(_ => " --- |"))).Append('\n');
        var rank = 1;
        foreach (var s in subgroups)
        {
            var row = RowOf(rank++, s, result);
            if (ComplementarySuppression.Primary(checked((int)s.Rows), checked((int)s.Population), min).Shown != CellShown.Exact)
            {
                for (var c = 2; c <= 6; c++) row[c] = $"suppressed (fewer than {min})";
                if (result.Reference is not null) row[^2] = $"suppressed (fewer than {min})";
            }
            sb.Append("| ").Append(string.Join(" | ", row.Select(escape))).Append(" |\n");
        }
        sb.Append('\n');
    }

    public static string Table(ScanJobResult job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var result = job.Result;
        var headers = HeadersOf(result);
        var rows = new List<string[]> { headers };
        var rank = 1;
        foreach (var s in result.Subgroups) rows.Add(RowOf(rank++, s, result));
        var named = rows.Count;
        if (result.Intersections.Count > 0)
        {
            rows.Add(headers);
            rank = 1;
            foreach (var s in result.Intersections) rows.Add(RowOf(rank++, s, result));
        }
        var widths = new int[headers.Length];
        foreach (var r in rows)
            for (var c = 0; c < r.Length; c++) widths[c] = Math.Max(widths[c], r[c].Length);
        var sb = new StringBuilder();
        sb.Append(Headline(job)).Append('\n');
        foreach (var note in job.Notes) sb.Append("note: ").Append(note).Append('\n');
        sb.Append('\n');
        for (var i = 0; i < rows.Count; i++)
        {
            if (i == named) sb.Append("\nnamed intersections:\n");
            var r = rows[i];
            for (var c = 0; c < r.Length; c++)
            {
                if (c > 0) sb.Append("  ");
                sb.Append(c == 1 ? r[c].PadRight(widths[c]) : r[c].PadLeft(widths[c]));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
