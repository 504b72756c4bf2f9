using System.Globalization;
using Vigil.Contracts.DataAudit;
using Vigil.Core.DataAudit;

namespace Vigil.Reporting.DataAudit;

/// <summary>
/// A Datasheet for Datasets (the data audit's <see cref="Datasheet"/>: every question of
/// <see cref="DatasheetQuestions"/>, rendered by the data audit's renderer) filled from a saved vigil.data-audit/v2
/// JSON instead of the in-memory result: the measured answers use the same sentences as
/// <see cref="Datasheet.Build"/> (count, instance data, label, missing information, subpopulations, preprocessing,
/// composition impacts). Shareable: groups flagged as small cells show no count (the report's small-cell rule).
/// </summary>
public static class DataAuditDatasheet
{
    /// <summary>The schema read.</summary>
    public const string Schema = DataAuditContract.Schema;

    /// <summary>Reads <paramref name="path"/> and builds the datasheet with the narrative answers (keys "section.question").</summary>
    public static Datasheet FromFile(string path, string? title, IReadOnlyDictionary<string, string> narrative) =>
        From(DataAuditContract.Read(path), Path.GetFileName(path), title, narrative);

    /// <summary>Builds the datasheet from the JSON text; <paramref name="name"/> names the file in errors.</summary>
    public static Datasheet FromJson(string json, string name, string? title, IReadOnlyDictionary<string, string> narrative) =>
        From(DataAuditContract.Parse(json, name), name, title, narrative);

    /// <summary>Builds the datasheet from a typed data-audit document.</summary>
    public static Datasheet From(DataAuditDocument document, string name, string? title, IReadOnlyDictionary<string, string> narrative)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(narrative);
        var facts = new Facts(document);
        var sections = DatasheetQuestions.Sections.Select(section => new DatasheetAnsweredSection(section, section.Questions
            .Select(q => new DatasheetAnswer(q, narrative.GetValueOrDefault($"{section.Key}.{q.Key}"), facts.For($"{section.Key}.{q.Key}")))
            .ToList())).ToList();
        var files = document.Inputs.Count > 0 ? string.Join(", ", document.Inputs.Select(i => i.Path)) : name;
        return new Datasheet(title ?? $"Datasheet: {files}", sections);
    }

    private sealed class Facts(DataAuditDocument d)
    {
        private int MinCell => d.Settings.MinCell;

        private static string Names(IEnumerable<string?> names)
        {
            var list = names.Select(n => $"`{n}`").ToList();
            return list.Count == 0 ? "none" : string.Join(", ", list);
        }

        private static string Pct(double x) => (x * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

        private static string N(double x) => x.ToString("0", CultureInfo.InvariantCulture);

        public List<string> For(string key)
        {
            var facts = new List<string>();
            var s = d.Settings;
            switch (key)
            {
                case "composition.count":
                    facts.Add($"{N(d.Rows)} instances.");
                    if (d.Sites is { } sites)
                        facts.Add("By site: " + string.Join(", ", sites.Sites.Select(x => $"{x.Site} {Shown(x.N, null)}")) + ".");
                    break;
                case "composition.instance_data":
                    facts.Add($"Label `{s.Label}`; protected attributes {Names(s.Protected)}; " +
                              $"numeric features {Names(s.NumericFeatures)}; categorical features {Names(s.CategoricalFeatures)}.");
                    break;
                case "composition.label":
                    var labels = d.Labels;
                    var prevalence = labels.Prevalence.Value is { } pv ? Pct(pv) : "undefined";
                    facts.Add($"Positive when {s.PositiveRule}: {N(labels.Positives)} of {N(labels.N - labels.MissingLabel)} labelled instances ({prevalence}); {N(labels.MissingLabel)} without a label.");
                    break;
                case "composition.missing_information":
                    foreach (var m in d.Missingness)
                    {
                        if (m.Missing <= 0) continue;
                        facts.Add($"`{m.Column}`: {N(m.Missing)} of {N(m.N)} missing ({Pct((double)m.Missing / m.N)})"
                            + (m.MissingSentinel > 0 ? $", {N(m.MissingSentinel)} of them declared sentinel values" : "") + ".");
                    }
                    if (facts.Count == 0) facts.Add("No feature has missing values.");
                    break;
                case "composition.subpopulations":
                    foreach (var c in d.Composition.Where(c => c.Site is null))
                        facts.Add($"{c.Grouping}: " + string.Join(", ", c.Groups.Select(g => $"{g.Group} {Shown(g.N, g.Share)}")) + ".");
                    break;
                case "preprocessing.preprocessing":
                    foreach (var m in d.Missingness.Where(m => m.Sentinels.Length > 0))
                        facts.Add($"The audit treats {string.Join(", ", m.Sentinels.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))} in `{m.Column}` as missing ({N(m.MissingSentinel)} cells).");
                    break;
                case "uses.composition_impacts":
                    facts.AddRange(Findings());
                    break;
            }
            return facts;
        }

        /// <summary>"n (share)" of a group or site, or the small-cell note.</summary>
        private string Shown(long n, double? share)
        {
            if (n < MinCell) return $"suppressed (fewer than {MinCell} rows)";
            return share is { } s ? $"{N(n)} ({Pct(s)})" : N(n);
        }

        /// <summary>The data audit's headline findings that the saved document states directly: under-representation, small cells, missing labels.</summary>
        private List<string> Findings()
        {
            var findings = new List<string>();
            var single = d.Composition.Where(c => c.Site is null).ToList();
            foreach (var c in single)
                if (c.ReferencePopulation is { } r)
                    foreach (var g in r.Groups.Where(g => g.UnderRepresented))
                        findings.Add($"Under-represented against {r.Source}: {c.Grouping} = {g.Group} is {Pct(g.Share ?? 0)} of the data but "
                            + $"{Pct(g.ExpectedShare)} of the reference population (ratio {(g.RepresentationRatio ?? 0).ToString("F2", CultureInfo.InvariantCulture)}).");
            var small = single.SelectMany(c => c.Groups.Where(g => g.SmallCell).Select(g => $"{c.Grouping} = {g.Group}")).ToList();
            if (small.Count > 0) findings.Add($"Small cells (n < {MinCell}): {string.Join("; ", small)}.");
            if (d.Labels.MissingLabel > 0) findings.Add($"{N(d.Labels.MissingLabel)} rows have no label.");
            return findings;
        }
    }
}
