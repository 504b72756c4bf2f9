using System.Globalization;
using Vigil.Reporting.Document;
using Vigil.Reporting.Vignette;

namespace Vigil.Reporting.Sections;

/// <summary>
/// "Case vignette (SYNTHETIC)" (with --data and --model): a composite missed patient of the affected group, the model's
/// score and explanation, and the timeline of what the model did and what the miss costs (docs/governance.md).
/// </summary>
public static class CaseVignetteSection
{
    public static IEnumerable<Block> Build(CaseVignette? v)
    {
        if (v is null) yield break;
        yield return new Heading(2, $"Case vignette: a missed patient in {v.Subject} (SYNTHETIC)");
        if (v.Refused is not null)
        {
            yield return new Paragraph($"No vignette for {v.Subject}: {v.Refused}");
            yield break;
        }
        yield return new Paragraph(
            $"SYNTHETIC COMPOSITE — this patient does not exist. Built from the {v.MissedPatients} patients of {v.Subject} in {v.DataName} " +
            "who had the condition and whom the model did not flag (false negatives): the median of every numeric input and the most common " +
            $"value of every categorical one. No row of {v.DataName} equals it (checked on every model input).");
        yield return new Table(["model input", "this synthetic patient", "typical flagged patient", "contribution to the log-odds"],
            v.Features.Select(f => (IReadOnlyList<string>)[f.Feature, f.Value, f.FlaggedValue, Numbers.WithSign(f.Contribution, 3)]).ToList());
        yield return new Paragraph(v.Attribution);
        var c = v.Cost;
        var fnr = v.GroupFnr is double r ? $" The model misses {Numbers.Percent(r)} of the patients with the condition in {v.Subject} (audit)." : "";
        yield return new Heading(3, "Timeline (SYNTHETIC)");
        yield return new BulletList(
        [
            $"The patient presents. The model ({v.ModelName}) scores {Fixed(v.Score)}; the alert threshold is {Fixed(v.Threshold)}: NO ALERT. A typical flagged patient with the condition scores {Fixed(v.FlaggedScore)}.",
            $"What the alert would have set off, and did not: {c.Action}.",
            $"When the miss surfaces: {c.Detected}.",
            $"What the miss costs: {c.Cost}.{fnr}",
        ]);
        yield return new Paragraph($"Clinical translation: scenario '{c.Scenario}' ({c.Source}).");
    }

    private static string Fixed(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
}
