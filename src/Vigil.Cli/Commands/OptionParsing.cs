using Vigil.Cli.Output;
using Vigil.Core;
using Vigil.Data;

namespace Vigil.Cli.Commands;

/// <summary>Parsing shared by every verb: comma lists, key=value pairs, --format.</summary>
internal static class OptionParsing
{
    /// <summary>Splits repeated and comma-separated values: ["a,b", "c"] gives a, b, c.</summary>
    public static List<string> List(IEnumerable<string>? values) =>
        values is null
            ? []
            : values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();

    /// <summary>Parses repeated KEY=VALUE options (the value may hold commas).</summary>
    public static Dictionary<string, string> Pairs(IEnumerable<string>? values, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in values ?? [])
        {
            var eq = v.IndexOf('=');
            if (eq <= 0) throw VigilException.Usage($"{option} '{v}': expected COLUMN=VALUE");
            pairs[v[..eq].Trim()] = v[(eq + 1)..].Trim();
        }
        return pairs;
    }

    /// <summary>
    /// --protected, --bands and --reference together: at least one protected column, none twice, and
    /// every banded or referenced column among the protected ones.
    /// </summary>
    public static (List<string> Attributes, List<Bands> Bands, Dictionary<string, string> References) Protected(
        string[]? protectedValues, string[]? bandValues, string[]? referenceValues)
    {
        var attributes = List(protectedValues);
        if (attributes.Count == 0) throw VigilException.Usage("--protected needs at least one column");
        if (attributes.Distinct().Count() != attributes.Count) throw VigilException.Usage("--protected names a column twice");
        var bands = (bandValues ?? []).Select(Bands.Parse).ToList();
        foreach (var b in bands.Where(b => !attributes.Contains(b.Column)))
            throw VigilException.Usage($"--bands {b.Column}=...: '{b.Column}' is not among --protected ({string.Join(", ", attributes)})");
        var references = Pairs(referenceValues, "--reference");
        foreach (var r in references.Keys.Where(k => !attributes.Contains(k)))
            throw VigilException.Usage($"--reference {r}=...: '{r}' is not among --protected ({string.Join(", ", attributes)})");
        return (attributes, bands, references);
    }

    public static OutputFormat Format(string? value) => value?.ToLowerInvariant() switch
    {
        null or "table" => OutputFormat.Table,
        "json" => OutputFormat.Json,
        "markdown" or "md" => OutputFormat.Markdown,
        _ => throw VigilException.Usage($"--format '{value}': expected table, json or markdown"),
    };

    /// <summary>--format when given, else from the --out extension (.json, .md), else a table.</summary>
    public static OutputFormat FormatFor(string? format, string? outPath)
    {
        if (format is not null) return Format(format);
        if (outPath is null) return OutputFormat.Table;
        if (outPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return OutputFormat.Json;
        if (outPath.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return OutputFormat.Markdown;
        return OutputFormat.Table;
    }
}
