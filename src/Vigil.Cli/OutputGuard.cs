using System.CommandLine;
using System.CommandLine.Parsing;
using Vigil.Core;

namespace Vigil.Cli;

/// <summary>
/// Checks every output option (--out, --datasheet-out, ...) before a command runs, the same way for every
/// command: an output may not be one of the command's input files (writing it would destroy the input), and
/// the folder that holds it must exist (a mistyped path would otherwise create folders nobody asked for).
/// </summary>
internal static class OutputGuard
{
    public static void Check(ParseResult parse)
    {
        var given = parse.CommandResult.Children.OfType<OptionResult>().Where(o => !o.Implicit).ToList();
        var inputs = new List<(string Flag, string FullPath)>();
        foreach (var o in given)
        {
            if (IsOutput(o.Option.Name)) continue;
            foreach (var token in o.Tokens)
            {
                foreach (var candidate in Candidates(token.Value))
                {
                    if (File.Exists(candidate)) inputs.Add((o.Option.Name, FullPath(o.Option.Name, candidate)));
                }
            }
        }

        foreach (var o in given.Where(o => IsOutput(o.Option.Name)))
        {
            foreach (var token in o.Tokens)
            {
                var path = token.Value;
                if (string.IsNullOrWhiteSpace(path)) throw VigilException.Usage($"{o.Option.Name}: expected a path, found an empty value");
                var full = FullPath(o.Option.Name, path).TrimEnd(Path.DirectorySeparatorChar);
                foreach (var (flag, input) in inputs)
                {
                    if (string.Equals(full, input, StringComparison.Ordinal))
                        throw VigilException.Usage($"{o.Option.Name} {path}: is also the input {flag}; refusing to overwrite an input file (write the output elsewhere)");
                }
                var folder = Path.GetDirectoryName(full);
                if (!string.IsNullOrEmpty(folder) && File.Exists(folder))
                    throw VigilException.Usage($"{o.Option.Name} {path}: {folder} is a file, not a folder");
                if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
                    throw VigilException.Usage($"{o.Option.Name} {path}: the folder {folder} does not exist; create it first (vigil does not create folders on its own)");
            }
        }
    }

    private static string FullPath(string flag, string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw VigilException.Usage($"{flag} {path}: not a valid path ({e.Message})");
        }
    }

    private static bool IsOutput(string name) =>
        name == "--out" || name.EndsWith("-out", StringComparison.Ordinal);

    /// <summary>A token, and its comma-separated parts when it lists several files (--validate a.csv,b.csv).</summary>
    private static IEnumerable<string> Candidates(string token)
    {
        if (string.IsNullOrWhiteSpace(token)) yield break;
        yield return token;
        if (!token.Contains(',', StringComparison.Ordinal)) yield break;
        foreach (var part in token.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            yield return part;
    }
}
