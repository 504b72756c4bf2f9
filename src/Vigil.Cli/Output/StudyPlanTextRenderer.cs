using System.Globalization;
using System.Text;
using Vigil.Application.StudyPlan;
using Vigil.Core.StudyPlanning;

namespace Vigil.Cli.Output;

/// <summary>The table and Markdown renderings of a study plan (the JSON is the vigil.study-plan/v2 contract).</summary>
public static class StudyPlanTextRenderer
{
    /// <summary>A readable table (plain text or Markdown).</summary>
    public static string Render(StudyPlan plan, bool markdown)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var rows = new List<string[]>();
        string[] header = ["plan", "group", "expected", "prevalence", "positives (cases)", "patients"];
        void Precision(string group, PrecisionPlan p) => rows.Add(
        [
            string.Create(inv, $"{p.Measure} ±{p.HalfWidth:0.###} ({p.Confidence:0.##%} CI)"), group, Text(p.Proportion), Text(p.Prevalence),
            string.Create(inv, $"{p.Cases.Whole} ({p.Cases.Exact:0.0})"), p.Patients.Whole.ToString(inv),
        ]);
        void Gap(string group, GapPlan g)
        {
            var what = string.Create(inv, $"gap {g.P1 - g.P2:0.###} (alpha {g.Alpha:0.###}, power {g.Power:0.##})");
            var prefix = group.Length > 0 ? group + " / " : "";
            rows.Add([what + " CC", prefix + "group 1", Text(g.P1), Text(g.Prevalence1), g.Corrected.Cases1.Whole.ToString(inv), g.Corrected.Patients1.Whole.ToString(inv)]);
            rows.Add([what + " CC", prefix + "group 2", Text(g.P2), Text(g.Prevalence2), g.Corrected.Cases2.Whole.ToString(inv), g.Corrected.Patients2.Whole.ToString(inv)]);
            rows.Add([what + " no CC", prefix + "group 1", Text(g.P1), Text(g.Prevalence1), g.Uncorrected.Cases1.Whole.ToString(inv), g.Uncorrected.Patients1.Whole.ToString(inv)]);
            rows.Add([what + " no CC", prefix + "group 2", Text(g.P2), Text(g.Prevalence2), g.Uncorrected.Cases2.Whole.ToString(inv), g.Uncorrected.Patients2.Whole.ToString(inv)]);
        }
        if (plan.Sensitivity is { } se) Precision("all", se);
        if (plan.Specificity is { } sp) Precision("all", sp);
        if (plan.Gap is { } gp) Gap("", gp);
        foreach (var g in plan.Groups ?? [])
        {
            var name = $"{g.Attribute}={g.Group}";
            if (g.Precision is { } p) Precision(name + string.Create(inv, $" (has {g.Positives} positives)"), p);
            if (g.Gap is { } gg) Gap(name, gg);
            if (g.Reason is not null) rows.Add(["—", name, g.Sensitivity is { } s ? Text(s) : "—", g.Prevalence is { } v ? Text(v) : "—", g.Reason, ""]);
        }

        sb.Append(markdown ? "# Vigil study plan\n\n" : "Vigil study plan\n\n");
        if (markdown)
        {
            sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n|").Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
            foreach (var r in rows) sb.Append("| ").Append(string.Join(" | ", r.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }
        else
        {
            var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
            foreach (var r in rows.Prepend(header))
                sb.Append(string.Join("  ", r.Select((c, k) => k < 2 ? c.PadRight(widths[k]) : c.PadLeft(widths[k]))).TrimEnd()).Append('\n');
        }
        if (plan.Sensitivity is not null)
            sb.Append('\n').Append(string.Create(inv, $"Patients to recruit: {Math.Max(plan.Sensitivity.Patients.Whole, plan.Specificity?.Patients.Whole ?? 0)}")).Append('\n');
        sb.Append('\n').Append("Precision: Buderer (1996), cases = z²·P(1−P)/w², patients = cases / prevalence (sensitivity) or / (1 − prevalence) (specificity). ")
            .Append("Gap: Fleiss, Levin and Paik (2003) two-proportion formula, two-sided, with (CC) and without continuity correction; patients = positives / group prevalence.\n");
        return sb.ToString();
    }

    private static string Text(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
