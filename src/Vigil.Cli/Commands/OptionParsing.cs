using Vigil.Cli.Output;
using Vigil.Core;

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

    public static OutputFormat Format(string? value) => value?.ToLowerInvariant() switch
    {
        null or "table" => OutputFormat.Table,
        "json" => OutputFormat.Json,
        "markdown" or "md" => OutputFormat.Markdown,
        _ => throw VigilException.Usage($"--format '{value}': expected table, json or markdown"),
    };
}
