using System.Globalization;

namespace Vigil.Core.DataAudit;

/// <summary>One answered question: the narrative from the YAML file (or null) and the facts the audit measured (possibly none).</summary>
public sealed record DatasheetAnswer(DatasheetQuestion Question, string? Narrative, IReadOnlyList<string> FromAudit);

public sealed record DatasheetAnsweredSection(DatasheetSection Section, IReadOnlyList<DatasheetAnswer> Answers);

/// <summary>A Datasheet for Datasets: every question of the paper, narrative answers from the user, quantitative answers from the audit.</summary>
public sealed record Datasheet(string Title, IReadOnlyList<DatasheetAnsweredSection> Sections)
{
    /// <summary>
    /// Fills the datasheet: the narrative answers (already validated against
    /// <see cref="DatasheetQuestions"/>) and, for the questions the audit can answer — count, instance data,
    /// label, missing information, subpopulations, preprocessing (declared sentinels), composition impacts
    /// (the audit's findings) — sentences built from the result.
    /// </summary>
    public static Datasheet Build(string title, IReadOnlyDictionary<string, string> narrative, DataAuditResult audit, IReadOnlyList<string> findings)
    {
        var sections = new List<DatasheetAnsweredSection>();
        foreach (var section in DatasheetQuestions.Sections)
        {
            var answers = section.Questions
                .Select(q => new DatasheetAnswer(q, narrative.GetValueOrDefault($"{section.Key}.{q.Key}"), FromAudit($"{section.Key}.{q.Key}", audit, findings)))
                .ToList();
            sections.Add(new DatasheetAnsweredSection(section, answers));
        }
        return new Datasheet(title, sections);
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.Select(n => $"`{n}`").ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private static string Pct(double x) => (x * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static List<string> FromAudit(string key, DataAuditResult r, IReadOnlyList<string> findings)
    {
        var input = r.Input;
        var facts = new List<string>();
        switch (key)
        {
            case "composition.count":
                facts.Add($"{input.Rows} instances.");
                if (r.Sites is { } sites)
                    facts.Add("By site: " + string.Join(", ", sites.Sites.Select(s => $"{s.Site} {s.N}")) + ".");
                break;
            case "composition.instance_data":
                facts.Add($"Label `{input.LabelColumn}`; protected attributes {Names(input.Protected.Select(p => p.Name))}; " +
                          $"numeric features {Names(input.NumericFeatures.Select(f => f.Name))}; categorical features {Names(input.CategoricalFeatures.Select(f => f.Name))}.");
                break;
            case "composition.label":
                facts.Add($"Positive when {input.PositiveRule}: {r.Labels.Positives} of {r.Labels.N - r.Labels.MissingLabel} labelled instances " +
                          $"({Pct(r.Labels.Prevalence.Value ?? double.NaN)}); {r.Labels.MissingLabel} without a label.");
                if (r.Annotations is { } a)
                    facts.Add($"Annotators {string.Join(", ", a.Annotators)}: {a.Method.Replace('_', ' ')} {a.Overall.Kappa.Value?.ToString("F3", CultureInfo.InvariantCulture) ?? "undefined"}.");
                break;
            case "composition.missing_information":
                foreach (var m in r.Missingness.Where(m => m.Missing > 0))
                    facts.Add($"`{m.Column}`: {m.Missing} of {m.N} missing ({Pct((double)m.Missing / m.N)})" +
                              (m.MissingSentinel > 0 ? $", {m.MissingSentinel} of them declared sentinel values" : "") + ".");
                if (facts.Count == 0) facts.Add("No feature has missing values.");
                break;
            case "composition.subpopulations":
                foreach (var c in r.Composition.Where(c => c.Site is null))
                    facts.Add($"{c.Grouping}: " + string.Join(", ", c.Groups.Select(g => $"{g.Group} {g.N} ({Pct(g.Share)})")) + ".");
                break;
            case "preprocessing.preprocessing":
                foreach (var f in input.NumericFeatures.Where(f => f.Sentinels.Length > 0))
                    facts.Add($"The audit treats {string.Join(", ", f.Sentinels.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))} in `{f.Name}` as missing ({f.MissingSentinel} cells).");
                break;
            case "uses.composition_impacts":
                facts.AddRange(findings);
                break;
        }
        return facts;
    }
}
