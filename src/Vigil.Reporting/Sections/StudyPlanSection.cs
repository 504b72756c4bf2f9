using Vigil.Reporting.Document;
using Vigil.Reporting.External;

namespace Vigil.Reporting.Sections;

/// <summary>
/// "Prospective study plan" (with --study-plan): for each audited group, the patients a prospective study needs to
/// estimate its sensitivity within the plan's width (Buderer 1996), and whether the audited data already hold enough
/// positives. The treatments of the risk register quote the same numbers.
/// </summary>
public static class StudyPlanSection
{
    /// <summary>The section's blocks (none without a plan).</summary>
    public static IEnumerable<Block> Build(StudyPlanReportModel? plan, int minCell)
    {
        if (plan is null) yield break;
        yield return new Heading(2, "Prospective study plan");
        yield return new Paragraph($"From {plan.SourceName} (vigil plan-study): patients needed per group to estimate its sensitivity within ±"
            + (plan.Width is double w ? $"{Numbers.Fixed(w * 100, 0)} points" : "the planned width") + $" at {Numbers.Fixed(plan.Confidence * 100, 0)}% confidence, "
            + "given the group's observed sensitivity and prevalence (Buderer 1996).");
        if (plan.Groups.Count == 0) yield break;
        yield return new Table(["group", "observed sensitivity", "patients needed", "of whom with the condition", "audited data suffice"],
            plan.Groups.Select(g => (IReadOnlyList<string>)(g.N < minCell
                ? [$"{g.Attribute} = {g.Group}", $"suppressed (fewer than {minCell} patients)", "", "", ""]
                : [$"{g.Attribute} = {g.Group}", g.Sensitivity is double s ? Numbers.Percent(s) : "n/a",
                   g.Patients is int n ? Numbers.Thousands(n) : g.Reason ?? "n/a", g.Cases is int c ? Numbers.Thousands(c) : "",
                   g.Cases is int k ? (g.Positives >= k ? "yes" : "no") : ""])).ToList());
    }
}
