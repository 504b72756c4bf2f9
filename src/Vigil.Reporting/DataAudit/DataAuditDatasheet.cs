using System.Globalization;
using System.Text.Json;
using Vigil.Core;
using Vigil.Core.DataAudit;
using Vigil.Reporting.External;

namespace Vigil.Reporting.DataAudit;

/// <summary>
/// A Datasheet for Datasets (the data audit's <see cref="Datasheet"/>: every question of
/// <see cref="DatasheetQuestions"/>, rendered by the data audit's renderer) filled from a saved vigil.data-audit/v1
/// JSON instead of the in-memory result: the measured answers use the same sentences as
/// <see cref="Datasheet.Build"/> (count, instance data, label, missing information, subpopulations, preprocessing,
/// composition impacts). Shareable: groups flagged as small cells show no count (the report's small-cell rule).
/// </summary>
public static class DataAuditDatasheet
{
    /// <summary>The schema read.</summary>
    public const string Schema = "vigil.data-audit/v1";

    /// <summary>Reads <paramref name="path"/> and builds the datasheet with the narrative answers (keys "section.question").</summary>
    public static Datasheet FromFile(string path, string? title, IReadOnlyDictionary<string, string> narrative)
    {
        var text = JsonFields.ReadText("data_audit", path);
        return JsonFields.Guarded(path, () => FromJson(text, Path.GetFileName(path), title, narrative));
    }

    /// <summary>Builds the datasheet from the JSON text; <paramref name="name"/> names the file in errors.</summary>
    public static Datasheet FromJson(string json, string name, string? title, IReadOnlyDictionary<string, string> narrative)
    {
        using (var doc = new JsonFields(name).Parse(json))
        {
            var root = doc.RootElement;
            var schema = root.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (schema != Schema) throw VigilException.BadData($"{name}: $.schema is '{schema}', expected '{Schema}' (the output of vigil data-audit --format json)");
            var facts = new Facts(name, root);
            var sections = DatasheetQuestions.Sections.Select(section => new DatasheetAnsweredSection(section, section.Questions
                .Select(q => new DatasheetAnswer(q, narrative.GetValueOrDefault($"{section.Key}.{q.Key}"), facts.For($"{section.Key}.{q.Key}")))
                .ToList())).ToList();
            var input = facts.Input;
            var files = input.TryGetProperty("files", out var f) && f.ValueKind == JsonValueKind.Array ? string.Join(", ", f.EnumerateArray().Select(x => x.GetString())) : name;
            return new Datasheet(title ?? $"Datasheet: {files}", sections);
        }
    }

    private sealed class Facts(string name, JsonElement root)
    {
        public JsonElement Input => Obj(root, "input", "$");

        private JsonElement Obj(JsonElement e, string key, string path) =>
            e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw VigilException.BadData($"{name}: {path}.{key}: expected an object");

        private JsonElement.ArrayEnumerator Arr(JsonElement e, string key, string path) =>
            e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw VigilException.BadData($"{name}: {path}.{key}: expected an array");

        private double Num(JsonElement e, string key, string path) =>
            e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw VigilException.BadData($"{name}: {path}.{key}: expected a number");

        private static string? Str(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private int MinCell => Input.TryGetProperty("min_cell", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : 11;

        private static string Names(IEnumerable<string?> names)
        {
            var list = names.Select(n => $"`{n}`").ToList();
            return list.Count == 0 ? "none" : string.Join(", ", list);
        }

        private static string Pct(double x) => (x * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

        private static string N(double x) => x.ToString("0", CultureInfo.InvariantCulture);

        private IEnumerable<string?> StringList(string key) => Arr(Input, key, "$.input").Select(x => x.GetString());

        public List<string> For(string key)
        {
            var facts = new List<string>();
            switch (key)
            {
                case "composition.count":
                    facts.Add($"{N(Num(Input, "rows", "$.input"))} instances.");
                    if (root.TryGetProperty("sites", out var sites) && sites.ValueKind == JsonValueKind.Object)
                        facts.Add("By site: " + string.Join(", ", Arr(sites, "sites", "$.sites").Select(x => $"{Str(x, "site")} {Shown(x)}")) + ".");
                    break;
                case "composition.instance_data":
                    facts.Add($"Label `{Str(Input, "label")}`; protected attributes {Names(StringList("protected"))}; " +
                              $"numeric features {Names(StringList("numeric_features"))}; categorical features {Names(StringList("categorical_features"))}.");
                    break;
                case "composition.label":
                    var labels = Obj(root, "labels", "$");
                    var n = Num(labels, "n", "$.labels");
                    var missing = Num(labels, "missing_label", "$.labels");
                    var prevalence = labels.TryGetProperty("prevalence", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("value", out var pv) && pv.ValueKind == JsonValueKind.Number ? Pct(pv.GetDouble()) : "undefined";
                    facts.Add($"Positive when {Str(Input, "positive_rule")}: {N(Num(labels, "positives", "$.labels"))} of {N(n - missing)} labelled instances ({prevalence}); {N(missing)} without a label.");
                    break;
                case "composition.missing_information":
                    foreach (var m in Arr(root, "missingness", "$"))
                    {
                        var count = Num(m, "missing", "$.missingness[]");
                        if (count <= 0) continue;
                        var total = Num(m, "n", "$.missingness[]");
                        var sentinel = m.TryGetProperty("missing_sentinel", out var ms) && ms.ValueKind == JsonValueKind.Number ? ms.GetDouble() : 0;
                        facts.Add($"`{Str(m, "column")}`: {N(count)} of {N(total)} missing ({Pct(count / total)})" + (sentinel > 0 ? $", {N(sentinel)} of them declared sentinel values" : "") + ".");
                    }
                    if (facts.Count == 0) facts.Add("No feature has missing values.");
                    break;
                case "composition.subpopulations":
                    foreach (var c in Arr(root, "composition", "$").Where(c => !c.TryGetProperty("site", out var site) || site.ValueKind == JsonValueKind.Null))
                        facts.Add($"{Str(c, "grouping")}: " + string.Join(", ", Arr(c, "groups", "$.composition[]").Select(g => $"{Str(g, "group")} {Shown(g)}")) + ".");
                    break;
                case "preprocessing.preprocessing":
                    foreach (var m in Arr(root, "missingness", "$"))
                        if (m.TryGetProperty("sentinels", out var s) && s.ValueKind == JsonValueKind.Array && s.GetArrayLength() > 0)
                            facts.Add($"The audit treats {string.Join(", ", s.EnumerateArray().Select(x => x.GetRawText()))} in `{Str(m, "column")}` as missing ({N(Num(m, "missing_sentinel", "$.missingness[]"))} cells).");
                    break;
                case "uses.composition_impacts":
                    facts.AddRange(Findings());
                    break;
            }
            return facts;
        }

        /// <summary>"n (share)" of a group or site, or the small-cell note.</summary>
        private string Shown(JsonElement g)
        {
            var n = Num(g, "n", "group");
            if (n < MinCell) return $"suppressed (fewer than {MinCell} rows)";
            return g.TryGetProperty("share", out var s) && s.ValueKind == JsonValueKind.Number ? $"{N(n)} ({Pct(s.GetDouble())})" : N(n);
        }

        /// <summary>The data audit's headline findings that the saved JSON states directly: under-representation, small cells, missing labels.</summary>
        private List<string> Findings()
        {
            var findings = new List<string>();
            var single = Arr(root, "composition", "$").Where(c => !c.TryGetProperty("site", out var site) || site.ValueKind == JsonValueKind.Null).ToList();
            foreach (var c in single)
                if (c.TryGetProperty("reference_population", out var r) && r.ValueKind == JsonValueKind.Object)
                    foreach (var g in Arr(r, "groups", "$.composition[].reference_population").Where(g => g.TryGetProperty("under_represented", out var u) && u.ValueKind == JsonValueKind.True))
                        findings.Add($"Under-represented against {Str(r, "source")}: {Str(c, "grouping")} = {Str(g, "group")} is {Pct(Num(g, "share", "group"))} of the data but "
                            + $"{Pct(Num(g, "expected_share", "group"))} of the reference population (ratio {Num(g, "representation_ratio", "group").ToString("F2", CultureInfo.InvariantCulture)}).");
            var small = single.SelectMany(c => Arr(c, "groups", "$.composition[]").Where(g => g.TryGetProperty("small_cell", out var sc) && sc.ValueKind == JsonValueKind.True)
                .Select(g => $"{Str(c, "grouping")} = {Str(g, "group")}")).ToList();
            if (small.Count > 0) findings.Add($"Small cells (n < {MinCell}): {string.Join("; ", small)}.");
            var labels = Obj(root, "labels", "$");
            var missing = Num(labels, "missing_label", "$.labels");
            if (missing > 0) findings.Add($"{N(missing)} rows have no label.");
            return findings;
        }
    }
}
