using System.Globalization;
using System.Text;
using Vigil.Contracts.Common;
using Vigil.Contracts.Mitigation;
using SmallCellText = Vigil.Reporting.Audit.SmallCellText;

namespace Vigil.Application.Mitigation;

/// <summary>recommendation.md: the ranked candidates of a recommendation document, for the committee (values as in the JSON, suppressed ones as "suppressed").</summary>
internal static class RecommendationMarkdown
{
    public static string Render(RecommendationDocument d)
    {
        var md = new StringBuilder();
        var r = d.Rule;
        md.Append(CultureInfo.InvariantCulture, $"# Mitigation recommendation: {r.Attribute} = {r.Group}\n\n");
        var id = r.RuleId is null ? "" : " " + r.RuleId;
        var bound = r.Bound is double b ? ", bound " + Fixed(b) : "";
        md.Append(CultureInfo.InvariantCulture, $"Rule ({r.Source}{id}): the {r.Metric.ToUpperInvariant()} gap of {r.Attribute} = {r.Group} to {r.Reference}{bound}. Evidence: {SmallCellText.Mask(r.Evidence, d.Settings.MinCell)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Every candidate was fitted on the same {d.Split.TrainRows} training rows and measured on the same {d.Split.TestRows} held-out rows (stratified by group × outcome, seed {d.Split.Seed}); model before mitigation: {d.Split.ModelBefore}.\n\n");
        var b0 = d.Baseline;
        md.Append(CultureInfo.InvariantCulture, $"Before mitigation, held out: FNR gap {Value(b0.Gap)}, sensitivity {Value(b0.GroupSensitivity)} in {r.Group} and {Value(b0.ReferenceSensitivity)} in {r.Reference}; overall AUROC {Value(b0.Auroc)}, sensitivity {Value(b0.Sensitivity)}, alert rate {Value(b0.SelectionRate)}.\n\n");
        md.Append("| rank | method | what it does | FNR gap after | effect (gap closed) | alert burden change | AUROC change | sensitivity change | flags |\n");
        md.Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var c in d.Candidates)
        {
            var flags = new List<string>();
            if (c.NotRun is not null) flags.Add("not run: " + c.NotRun);
            if (c.LevellingDown) flags.Add("levelling down");
            if (c.NeedsProtectedAttributeAtPrediction) flags.Add($"needs {r.Attribute} at prediction");
            if (c.Randomized) flags.Add("randomized");
            md.Append(CultureInfo.InvariantCulture,
                $"| {c.Rank} | {c.Method} | {c.Description} | {(c.After is null ? "—" : Value(c.After.Gap))} | {Value(c.Effect)} | {Value(c.Costs.AlertBurdenChange)} | {Value(c.Costs.AurocChange)} | {Value(c.Costs.SensitivityChange)} | {string.Join("; ", flags)} |\n");
        }
        md.Append(CultureInfo.InvariantCulture, $"\nRanking: {d.Ranking}.\n\n");
        md.Append("A positive effect closes the gap; the costs are after − before on the held-out rows (alert burden = share of patients flagged). The held-out estimates carry sampling error: confirm the chosen method prospectively (`vigil plan-study --protocol`).\n");
        if (d.Notes.Count > 0)
        {
            md.Append("\nNotes:\n\n");
            foreach (var n in d.Notes) md.Append(CultureInfo.InvariantCulture, $"- {SmallCellText.Mask(n, d.Settings.MinCell)}\n");
        }
        return md.ToString();
    }

    private static string Value(MetricValue m)
    {
        if (m.Value is not double v) return m.Reason is { } reason && reason.StartsWith("suppressed", StringComparison.Ordinal) ? "suppressed" : "n/a";
        return m.Ci is [var lo, var hi] ? $"{Fixed(v)} ({Fixed(lo)} to {Fixed(hi)})" : Fixed(v);
    }

    private static string Fixed(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
