using System.Globalization;
using Vigil.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Application.Governance;

/// <summary>
/// A YAML mapping of a policy with the keys it may have: typed reads that fail with "FILE:LINE: KEY: what is wrong"
/// (an unknown key, a missing one, a value of the wrong type or out of range), so every error names key and line.
/// </summary>
internal sealed class PolicyNode
{
    private readonly string _file;
    private readonly string _path;
    private readonly YamlMappingNode _map;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="node"/> (which must be a mapping) at key path <paramref name="path"/>; keys outside <paramref name="allowed"/> are errors.</summary>
    public PolicyNode(string file, string path, YamlNode node, IReadOnlyList<string> allowed)
    {
        _file = file;
        _path = path;
        if (node is not YamlMappingNode map)
            throw Error(node, path, $"expected a mapping with keys {string.Join(", ", allowed)}, found {Describe(node)}");
        _map = map;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(key))
                throw Error(keyNode, Key(key), $"unknown key (expected one of: {string.Join(", ", allowed)})");
            if (!_entries.TryAdd(key, (keyNode, value))) throw Error(keyNode, Key(key), "given twice");
        }
    }

    /// <summary>The mapping's first line.</summary>
    public int Line => LineOf(_map);

    public string File => _file;

    /// <summary>The full key path of a child key ("rules[1].max").</summary>
    public string Key(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    public bool Has(string key) => _entries.ContainsKey(key);

    public YamlNode? Node(string key) => _entries.TryGetValue(key, out var e) ? e.Value : null;

    public VigilException Error(YamlNode node, string key, string message) => Error(_file, node, key, message);

    public static VigilException Error(string file, YamlNode node, string key, string message) =>
        VigilException.BadData($"{file}:{LineOf(node)}: {key}: {message}");

    public static int LineOf(YamlNode node) => (int)Math.Min(int.MaxValue, node.Start.Line);

    /// <summary>A required key's node.</summary>
    public YamlNode Required(string key) =>
        Node(key) ?? throw Error(_map, Key(key), "missing required key");

    /// <summary>A text value (required or null when absent).</summary>
    public string? Text(string key, bool required = false)
    {
        var node = required ? Required(key) : Node(key);
        if (node is null) return null;
        return Scalar(node, Key(key), "text");
    }

    /// <summary>A number in [min, max] (or null when absent and not required).</summary>
    public double? Number(string key, double min, double max, bool required = false)
    {
        var node = required ? Required(key) : Node(key);
        if (node is null) return null;
        var text = Scalar(node, Key(key), "a number");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw Error(node, Key(key), $"expected a number, found '{text}'");
        if (v < min || v > max)
            throw Error(node, Key(key), $"{text} is out of range (expected a number in [{F(min)}, {F(max)}])");
        return v;
    }

    /// <summary>A whole number ≥ <paramref name="min"/> (or null when absent).</summary>
    public long? Count(string key, long min)
    {
        var node = Node(key);
        if (node is null) return null;
        var text = Scalar(node, Key(key), "a whole number");
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw Error(node, Key(key), $"expected a whole number, found '{text}'");
        if (v < min) throw Error(node, Key(key), $"{text} is out of range (expected a whole number of at least {min})");
        return v;
    }

    /// <summary>true or false (the default when absent).</summary>
    public bool Flag(string key, bool defaultValue)
    {
        var node = Node(key);
        if (node is null) return defaultValue;
        return Scalar(node, Key(key), "true or false") switch
        {
            "true" => true,
            "false" => false,
            var other => throw Error(node, Key(key), $"expected true or false, found '{other}'"),
        };
    }

    /// <summary>A calendar date YYYY-MM-DD (or null when absent and not required).</summary>
    public DateOnly? Date(string key, bool required = false)
    {
        var node = required ? Required(key) : Node(key);
        if (node is null) return null;
        var text = Scalar(node, Key(key), "a date (YYYY-MM-DD)");
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw Error(node, Key(key), $"expected a date YYYY-MM-DD, found '{text}'");
        return d;
    }

    /// <summary>One of <paramref name="allowed"/> (or null when absent and not required).</summary>
    public string? Choice(string key, IReadOnlyList<string> allowed, bool required = false)
    {
        var text = Text(key, required);
        if (text is null) return null;
        if (!allowed.Contains(text))
            throw Error(Node(key)!, Key(key), $"'{text}' is not allowed (expected one of: {string.Join(", ", allowed)})");
        return text;
    }

    /// <summary>A list of text items (empty when absent); a single scalar is not a list.</summary>
    public IReadOnlyList<string> Texts(string key)
    {
        var node = Node(key);
        if (node is null) return [];
        if (node is not YamlSequenceNode seq) throw Error(node, Key(key), $"expected a list, found {Describe(node)}");
        return seq.Children.Select((item, i) => Scalar(item, $"{Key(key)}[{i}]", "text")).ToList();
    }

    /// <summary>The items of a list of mappings (empty when absent).</summary>
    public IReadOnlyList<YamlNode> Items(string key)
    {
        var node = Node(key);
        if (node is null) return [];
        if (node is not YamlSequenceNode seq) throw Error(node, Key(key), $"expected a list, found {Describe(node)}");
        return seq.Children.ToList();
    }

    private string Scalar(YamlNode node, string key, string expected)
    {
        if (node is not YamlScalarNode s) throw Error(node, key, $"expected {expected}, found {Describe(node)}");
        var text = s.Value ?? "";
        if (text.Length == 0 || (s.Style == YamlDotNet.Core.ScalarStyle.Plain && text is "~" or "null"))
            throw Error(node, key, $"expected {expected}, found nothing");
        return text;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "something else",
    };

    private static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
}
