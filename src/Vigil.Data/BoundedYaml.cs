using Vigil.Core;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Vigil.Data;

/// <summary>
/// Loads a YAML file the user gave (card.yaml, datasheet.yaml) within fixed bounds (docs/limits.md), checked on
/// the parser's event stream before the document tree is built: the tree builder recurses once per nesting
/// level (ten thousand '[' kill the process with a stack overflow), and aliases are shared nodes that every
/// reader of the tree expands (a 112 KB "billion laughs" file became 286 MB of report).
/// </summary>
public static class BoundedYaml
{
    /// <summary>Largest YAML file read: 1 MiB (a card or datasheet is a few KiB).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Deepest nesting of mappings and lists.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Largest size of the document with every alias expanded, counted as one per node plus the characters of
    /// every scalar: 1,000,000 (about a megabyte of text).
    /// </summary>
    public const long MaxExpandedSize = 1_000_000;

    /// <summary>Reads and loads <paramref name="path"/>; every failure is a one-line data error naming the file and line.</summary>
    public static YamlStream LoadFile(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
            throw VigilException.BadData($"{path}: {length:N0} bytes, more than the {MaxBytes:N0} accepted for a YAML file (docs/limits.md)");
        return Load(File.ReadAllText(path), path);
    }

    /// <summary>Checks the bounds of <paramref name="yaml"/>, then loads it; <paramref name="name"/> names it in errors.</summary>
    public static YamlStream Load(string yaml, string name)
    {
        try
        {
            CheckBounds(yaml, name);
            var stream = new YamlStream();
            using var reader = new StringReader(yaml);
            stream.Load(reader);
            return stream;
        }
        catch (YamlException e)
        {
            throw VigilException.BadData($"{name}: line {e.Start.Line}: not valid YAML: {e.Message.Split('\n')[0].Trim()}");
        }
    }

    private static void CheckBounds(string yaml, string name)
    {
        var parser = new Parser(new StringReader(yaml));
        // Size so far with aliases expanded, and where each open collection started in that count (its own size
        // when it closes, which an alias to its anchor then adds again).
        long expanded = 0;
        var open = new Stack<(AnchorName Anchor, long Start)>();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            switch (e)
            {
                case MappingStart or SequenceStart:
                    if (open.Count >= MaxDepth)
                        throw VigilException.BadData($"{name}: line {e.Start.Line}: nested more than {MaxDepth} levels deep, the limit for a YAML file (docs/limits.md)");
                    open.Push((((NodeEvent)e).Anchor, expanded));
                    Add(ref expanded, 1, name, e);
                    break;
                case MappingEnd or SequenceEnd:
                    var (anchor, start) = open.Pop();
                    if (!anchor.IsEmpty) sizes[anchor.Value] = expanded - start;
                    break;
                case Scalar s:
                    Add(ref expanded, 1 + (s.Value?.Length ?? 0), name, e);
                    if (!s.Anchor.IsEmpty) sizes[s.Anchor.Value] = 1 + (s.Value?.Length ?? 0);
                    break;
                case AnchorAlias alias:
                    if (!alias.Value.IsEmpty && sizes.TryGetValue(alias.Value.Value, out var size)) Add(ref expanded, size, name, e);
                    break;
            }
        }
    }

    private static void Add(ref long expanded, long size, string name, ParsingEvent e)
    {
        expanded += size;
        if (expanded > MaxExpandedSize)
        {
            throw VigilException.BadData(
                $"{name}: line {e.Start.Line}: with its aliases expanded the YAML is larger than {MaxExpandedSize:N0} nodes and characters, " +
                "the limit for a YAML file (docs/limits.md); write the repeated parts out or remove the aliases");
        }
    }
}
