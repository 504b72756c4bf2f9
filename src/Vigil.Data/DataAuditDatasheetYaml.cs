using Vigil.Core;
using Vigil.Core.DataAudit;
using YamlDotNet.RepresentationModel;

namespace Vigil.Data;

/// <summary>
/// Reads the narrative answers of a Datasheet for Datasets from YAML: a mapping of section keys
/// (motivation, composition, collection, preprocessing, uses, distribution, maintenance) to mappings of
/// question keys to text answers (<see cref="DatasheetQuestions"/>; docs/data-audit.md lists them). An
/// optional top-level <c>title</c> names the dataset. Unknown sections or questions, non-text answers, and
/// missing or empty required answers fail with the file, the line and the keys that would be valid.
/// </summary>
public static class DataAuditDatasheetYaml
{
    public static (string? Title, Dictionary<string, string> Answers) Read(string path)
    {
        if (!File.Exists(path)) throw VigilException.BadData($"{path}: no such file");
        var stream = BoundedYaml.LoadFile(path);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw VigilException.BadData($"{path}: expected a mapping of datasheet sections ({string.Join(", ", DatasheetQuestions.Sections.Select(s => s.Key))})");

        string? title = null;
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value
                ?? throw VigilException.BadData($"{path}: line {keyNode.Start.Line}: a section name must be text");
            if (key == "title")
            {
                title = Text(path, "title", valueNode);
                continue;
            }
            var section = DatasheetQuestions.Sections.FirstOrDefault(s => s.Key == key)
                ?? throw VigilException.BadData($"{path}: line {keyNode.Start.Line}: unknown section '{key}'; sections: title, {string.Join(", ", DatasheetQuestions.Sections.Select(s => s.Key))}");
            if (valueNode is not YamlMappingNode questions)
                throw VigilException.BadData($"{path}: line {valueNode.Start.Line}: section '{key}' must be a mapping of questions to answers");
            foreach (var (questionNode, answerNode) in questions.Children)
            {
                var question = (questionNode as YamlScalarNode)?.Value
                    ?? throw VigilException.BadData($"{path}: line {questionNode.Start.Line}: a question name in '{key}' must be text");
                if (section.Questions.All(q => q.Key != question))
                    throw VigilException.BadData(
                        $"{path}: line {questionNode.Start.Line}: unknown question '{key}.{question}'; questions of '{key}': {string.Join(", ", section.Questions.Select(q => q.Key))}");
                answers[$"{key}.{question}"] = Text(path, $"{key}.{question}", answerNode);
            }
        }
        var missing = DatasheetQuestions.Sections
            .SelectMany(s => s.Questions.Where(q => q.Required).Select(q => $"{s.Key}.{q.Key}"))
            .Where(k => !answers.TryGetValue(k, out var a) || string.IsNullOrWhiteSpace(a))
            .ToList();
        if (missing.Count > 0)
            throw VigilException.BadData($"{path}: missing required answers: {string.Join(", ", missing)}");
        return (title, answers);
    }

    private static string Text(string path, string key, YamlNode node) =>
        node is YamlScalarNode scalar
            ? (scalar.Value ?? "").Trim()
            : throw VigilException.BadData($"{path}: line {node.Start.Line}: the answer to '{key}' must be text");
}
