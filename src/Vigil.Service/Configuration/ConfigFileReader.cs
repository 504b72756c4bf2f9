using System.Globalization;
using System.Text.Json;
using Vigil.Core;
using Vigil.Data;
using YamlDotNet.RepresentationModel;

namespace Vigil.Service.Configuration;

/// <summary>
/// Reads the service's config file (YAML, or JSON by a ".json" extension) into flat dotted keys ("jwt.issuer" →
/// value): the file holds only scalars in at most two levels, so a flat map is its whole meaning and unknown keys can
/// be refused by name. YAML goes through <see cref="BoundedYaml"/> (size, depth and alias bounds).
/// </summary>
internal static class ConfigFileReader
{
    /// <summary>The flat key → scalar text map of <paramref name="path"/>.</summary>
    public static Dictionary<string, string> Read(string path)
    {
        if (!File.Exists(path)) throw VigilException.Option("config", $"{path}: no such file");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (new FileInfo(path).Length > BoundedYaml.MaxBytes)
                throw VigilException.Option("config", $"{path}: larger than {BoundedYaml.MaxBytes:N0} bytes");
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { MaxDepth = 8, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException e)
            {
                throw VigilException.Option("config", $"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message.Split('\n')[0]}");
            }
            using (doc) Flatten(doc.RootElement, "", values, path);
        }
        else
        {
            var stream = BoundedYaml.LoadFile(path);
            if (stream.Documents.Count > 0) Flatten(stream.Documents[0].RootNode, "", values, path);
        }
        return values;
    }

    private static void Flatten(JsonElement e, string prefix, Dictionary<string, string> values, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) Flatten(p.Value, Join(prefix, p.Name), values, path);
                break;
            case JsonValueKind.String:
                values[prefix] = e.GetString()!;
                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                values[prefix] = e.GetRawText();
                break;
            case JsonValueKind.Null:
                break;
            default:
                throw VigilException.Option("config", $"{path}: '{prefix}' is a list; expected a value or a section");
        }
    }

    private static void Flatten(YamlNode node, string prefix, Dictionary<string, string> values, string path)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                    Flatten(value, Join(prefix, ((YamlScalarNode)key).Value ?? ""), values, path);
                break;
            case YamlScalarNode scalar:
                if (scalar.Value is { Length: > 0 } v && !(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && v is "~" or "null"))
                    values[prefix] = v;
                break;
            default:
                throw VigilException.Option("config", $"{path}: line {node.Start.Line}: '{prefix}' is a list; expected a value or a section");
        }
    }

    private static string Join(string prefix, string name) =>
        prefix.Length == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{prefix}.{name}");
}
