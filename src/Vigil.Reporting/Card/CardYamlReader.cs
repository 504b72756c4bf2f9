using Vigil.Core;
using Vigil.Data;
using YamlDotNet.RepresentationModel;

namespace Vigil.Reporting.Card;

/// <summary>
/// Reads and validates card.yaml against <see cref="CardSchema"/>. Every problem is a one-line data error
/// "FILE:LINE: KEY: what is wrong" (exit 3): a YAML syntax error, an unknown key, a missing required key,
/// a value of the wrong kind, a value outside the allowed set.
/// </summary>
public static class CardYamlReader
{
    /// <summary>Reads <paramref name="path"/> (a missing file is a usage error, exit 2).</summary>
    public static CardFacts ReadFile(string path)
    {
        if (!File.Exists(path)) throw VigilException.Option("card", $"{path}: no such file");
        if (new FileInfo(path).Length > BoundedYaml.MaxBytes)
            throw VigilException.BadData($"{path}: more than {BoundedYaml.MaxBytes:N0} bytes, the limit for a YAML file (docs/limits.md)");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Validates YAML text; <paramref name="name"/> names it in errors.</summary>
    public static CardFacts Parse(string yaml, string name)
    {
        // Bounded depth and alias expansion (docs/limits.md); errors read "FILE: line N: ...".
        var stream = BoundedYaml.Load(yaml, name);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw VigilException.BadData($"{name}:1: expected a mapping of Model Card sections (model_details, intended_use, ...)");
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var assignments = new List<RiskAssignment>();
        new Validator(name, texts, lists, assignments).Section(root, CardSchema.Root, "", null);
        return new CardFacts(texts, lists, assignments);
    }

    private sealed class Validator(string name, Dictionary<string, string> texts, Dictionary<string, IReadOnlyList<string>> lists, List<RiskAssignment> assignments)
    {
        private VigilException Error(YamlNode node, string key, string message) =>
            VigilException.BadData($"{name}:{node.Start.Line}: {key}: {message}");

        public Dictionary<string, string> Section(YamlMappingNode map, IReadOnlyList<CardField> fields, string prefix, YamlNode? owner)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in map.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                var full = prefix + key;
                var field = fields.FirstOrDefault(f => f.Key == key)
                    ?? throw Error(keyNode, full, $"unknown key (expected one of: {string.Join(", ", fields.Select(f => f.Key))})");
                if (!seen.TryAdd(key, key)) throw Error(keyNode, full, "given twice");
                Value(keyNode, value, field, full, seen);
            }
            foreach (var missing in fields.Where(f => f.Required && !seen.ContainsKey(f.Key)))
                throw Error(owner ?? map, prefix + missing.Key, "missing required key");
            return seen;
        }

        private void Value(YamlNode keyNode, YamlNode node, CardField field, string key, Dictionary<string, string> scalars)
        {
            switch (field.Kind)
            {
                case CardValueKind.Text:
                    var text = Scalar(node, key);
                    if (field.AllowedValues is { } allowed && !allowed.Contains(text))
                        throw Error(node, key, $"'{text}' is not allowed (expected one of: {string.Join(", ", allowed)})");
                    texts[key] = text;
                    scalars[field.Key] = text;
                    break;
                case CardValueKind.TextList:
                    if (node is not YamlSequenceNode seq) throw Error(node, key, $"expected a list of text items, found {Describe(node)}");
                    lists[key] = seq.Children.Select((item, i) => Scalar(item, $"{key}[{i}]")).ToList();
                    break;
                case CardValueKind.Section:
                    if (node is not YamlMappingNode map) throw Error(node, key, $"expected a mapping with keys {string.Join(", ", field.Children!.Select(f => f.Key))}, found {Describe(node)}");
                    Section(map, field.Children!, key + ".", keyNode);
                    break;
                case CardValueKind.SectionList:
                    if (node is not YamlSequenceNode entries) throw Error(node, key, $"expected a list of mappings, found {Describe(node)}");
                    var i = 0;
                    foreach (var entry in entries.Children)
                    {
                        if (entry is not YamlMappingNode m) throw Error(entry, $"{key}[{i}]", $"expected a mapping, found {Describe(entry)}");
                        var values = new Validator(name, [], [], []).Section(m, field.Children!, $"{key}[{i}].", entry);
                        assignments.Add(new RiskAssignment(values["kind"], values.GetValueOrDefault("group"), values.GetValueOrDefault("owner"),
                            values.GetValueOrDefault("treatment"), values.GetValueOrDefault("status")));
                        i++;
                    }
                    break;
                default:
                    throw new InvalidOperationException($"unhandled kind {field.Kind}");
            }
        }

        private string Scalar(YamlNode node, string key)
        {
            if (node is not YamlScalarNode s) throw Error(node, key, $"expected text, found {Describe(node)}");
            var value = s.Value?.Trim() ?? "";
            if (value.Length == 0) throw Error(node, key, "expected text, found an empty value");
            return value;
        }

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            YamlScalarNode => "text",
            _ => "something else",
        };
    }
}
