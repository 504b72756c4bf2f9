using System.Globalization;
using System.Text;
using Vigil.Contracts.Common;
using Vigil.Contracts.Estimation;

namespace Vigil.Application.Estimation;

/// <summary>
/// The table and Markdown renderings of a vigil.estimate/v1 document. An unreliable estimate opens with the word
/// UNRELIABLE and its reasons, and every unreliable group is marked in its row, so no reader sees the numbers without the verdict.
/// </summary>
public static class EstimateTextWriter
{
    private static readonly string[] Columns = ["group", "n_ref", "n_cur", "calib", "sensitivity", "fnr", "specificity", "ppv", "npv", "selection_rate", "auroc", "prevalence", "prevalence_bbse", "prevalence_mlls", "reliable"];

    public static string Render(EstimateDocument document, bool markdown)
    {
        ArgumentNullException.ThrowIfNull(document);
        var sb = new StringBuilder();
        var title = $"Estimated performance without labels ({document.Settings.Score} ≥ {Num(document.Settings.Threshold)}; {document.Inputs[1].Path} against {document.Inputs[0].Path})";
        sb.AppendLine(markdown ? "# " + title : title);
        sb.AppendLine();
        if (!document.Support.Reliable)
        {
            sb.AppendLine(markdown ? "**UNRELIABLE: the current data leave the reference's support.**" : "UNRELIABLE: the current data leave the reference's support.");
            foreach (var r in document.Support.Reasons) sb.AppendLine("- " + r);
            sb.AppendLine();
        }
        sb.AppendLine($"Calibration: {document.Calibration.Method} ({document.Calibration.ChosenBy}; Brier isotonic {Metric(document.Calibration.IsotonicBrier)}, Platt {Metric(document.Calibration.PlattBrier)})");
        sb.AppendLine($"Covariate shift: {document.Shift.Reason}");
        if (document.Shift.EffectiveSampleSize is { } ess)
            sb.AppendLine($"Importance weights: effective sample size {ess.ToString("0", CultureInfo.InvariantCulture)}, {document.Shift.ClippedWeights} clipped");
        sb.AppendLine("Intervals: 95% bootstrap percentile intervals of the realized value on the current rows.");
        sb.AppendLine();
        var rows = new List<string[]> { Row("all", document.Overall) };
        foreach (var grouping in document.Groups)
            foreach (var g in grouping.Groups) rows.Add(Row(grouping.Attribute + "=" + g.Group, g));
        if (markdown)
        {
            sb.AppendLine("| " + string.Join(" | ", Columns) + " |");
            sb.AppendLine("|" + string.Concat(Enumerable.Repeat(" --- |", Columns.Length)));
            foreach (var r in rows) sb.AppendLine("| " + string.Join(" | ", r) + " |");
        }
        else
        {
            var widths = Columns.Select((c, k) => Math.Max(c.Length, rows.Max(r => r[k].Length))).ToArray();
            sb.AppendLine(string.Join("  ", Columns.Select((c, k) => c.PadRight(widths[k]))).TrimEnd());
            foreach (var r in rows) sb.AppendLine(string.Join("  ", r.Select((v, k) => v.PadRight(widths[k]))).TrimEnd());
        }
        var notes = new List<string>();
        foreach (var grouping in document.Groups)
        {
            foreach (var g in grouping.Groups)
            {
                if (g.SuppressedReason is { } why) notes.Add($"{grouping.Attribute}={g.Group}: {why}");
                foreach (var n in g.Notes.Except(document.Support.Reasons))
                    notes.Add($"{grouping.Attribute}={g.Group}: {n}");
            }
            foreach (var only in grouping.OnlyInReference) notes.Add($"{grouping.Attribute}={only}: in the reference only (no current rows to estimate)");
        }
        if (notes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(markdown ? "## Notes" : "Notes:");
            foreach (var n in notes) sb.AppendLine("- " + n);
        }
        return sb.ToString();
    }

    private static string[] Row(string name, EstimateGroupValue g)
    {
        var m = g.Metrics;
        return
        [
            name, Count(g.ReferenceRows, g.CountsRounded), Count(g.CurrentRows, g.CountsRounded), g.Calibration + " " + g.CalibrationMethod,
            Metric(m.Sensitivity), Metric(m.Fnr), Metric(m.Specificity), Metric(m.Ppv), Metric(m.Npv), Metric(m.SelectionRate),
            Metric(m.Auroc), Metric(m.Prevalence), Metric(m.PrevalenceBbse), Metric(m.PrevalenceMlls), g.Reliable ? "yes" : "UNRELIABLE",
        ];
    }

    /// <summary>A count as the document gives it: exact, "≈" when rounded, "suppressed" when withheld.</summary>
    private static string Count(long? count, bool rounded) =>
        count is not { } c ? "suppressed" : rounded ? "≈" + c.ToString(CultureInfo.InvariantCulture) : c.ToString(CultureInfo.InvariantCulture);

    private static string Metric(MetricValue m) =>
        m.Value is not { } v ? "— (" + (m.Reason ?? "undefined") + ")"
        : m.Ci is [var lo, var hi] ? $"{Num(v)} [{Num(lo)}, {Num(hi)}]" : Num(v);

    private static string Num(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
