using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Vigil.Tests.Reporting;

/// <summary>
/// Scans shareable outputs for a published count of 1 to 10 (docs/suppression.md): counts written as "[P/n]",
/// "n 42", "n = 42", "42 pos.", "42 positives", "42 patients", "42 rows", "42 women", "123 (115)" (n and positives,
/// whose difference is a count too), and the n and positives columns of Markdown tables (with n − positives).
/// Markup is stripped from HTML, SVG and XML first. Counts written as words, and rates without their counts, are not
/// read: the policy hides the rates of a group together with its counts, which the tests check separately.
/// </summary>
internal static partial class SmallCellScanner
{
    private const string Number = @"(\d{1,3}(?:,\d{3})+|\d+)(?![.,]?\d)";

    [GeneratedRegex(@"\[≈?(\d+)/≈?(\d+)\]")]
    private static partial Regex Fraction();

    [GeneratedRegex(@"(?<![\w.])n\s*=?\s*" + Number + @"(?!\s*%)")]
    private static partial Regex SizeN();

    [GeneratedRegex(@"(?<![\d.,≈])" + Number + @"(?:\s+of\s+[\d,]+)?\s+(?:pos\.|positives?\b|negatives?\b|patients\b|rows\b|encounters\b|women\b|men\b)")]
    private static partial Regex CountWord();

    [GeneratedRegex(@"(?<![\d.,≈])" + Number + @" \(" + Number + @"\)")]
    private static partial Regex SizeAndPositives();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Markup();

    /// <summary>The outputs under <paramref name="dir"/> that are shared (not the working JSON, CSV data or models).</summary>
    public static IReadOnlyList<string> ShareableFiles(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal)
                || f.EndsWith(".svg", StringComparison.Ordinal) || f.EndsWith(".xml", StringComparison.Ordinal)
                || Path.GetFileName(f).StartsWith("risk-register", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The first leak in <paramref name="files"/> as "file: match in line", or null.</summary>
    public static string? FirstLeak(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            if (!file.EndsWith(".md", StringComparison.Ordinal) && !file.EndsWith(".csv", StringComparison.Ordinal))
                text = WebUtility.HtmlDecode(Markup().Replace(text, " | "));
            if (FirstLeak(text) is { } leak) return $"{file}: {leak}";
        }
        return null;
    }

    /// <summary>The first leak in one text, or null.</summary>
    public static string? FirstLeak(string text)
    {
        text = text.Replace("\\", "", StringComparison.Ordinal);
        int[]? columns = null;
        foreach (var line in text.Split('\n'))
        {
            foreach (Match m in Fraction().Matches(line))
                if (Small(Value(m.Groups[1]), Value(m.Groups[2]), Value(m.Groups[2]) - Value(m.Groups[1]))) return Report(m, line);
            foreach (var regex in new[] { SizeN(), CountWord() })
                foreach (Match m in regex.Matches(line))
                    if (Small(Value(m.Groups[1]))) return Report(m, line);
            foreach (Match m in SizeAndPositives().Matches(line))
            {
                int a = Value(m.Groups[1]), b = Value(m.Groups[2]);
                if (Small(a, b) || (b <= a && Small(a - b))) return Report(m, line);
            }
            // Markdown tables: remember the n and positives columns of the header, check each row.
            if (!line.StartsWith('|')) { columns = null; continue; }
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            var n = Array.IndexOf(cells, "n");
            var positives = Array.IndexOf(cells, "positives");
            if (n >= 0) { columns = [n, positives]; continue; }
            if (columns is null || cells.Length <= columns.Max()) continue;
            if (!TryCount(cells[columns[0]], out var size)) continue;
            var hasPositives = columns[1] >= 0 && TryCount(cells[columns[1]], out var pos);
            pos = hasPositives ? Value(cells[columns[1]]) : 0;
            if (Small(size) || (hasPositives && Small(pos, size - pos))) return $"table row: {line}";
        }
        return null;
    }

    private static bool TryCount(string cell, out int value)
    {
        value = 0;
        var s = cell.Replace(",", "", StringComparison.Ordinal);
        return Regex.IsMatch(s, @"^\d+$") && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static int Value(Group g) => Value(g.Value);

    private static int Value(string s) => int.Parse(s.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture);

    private static bool Small(params int[] counts) => counts.Any(c => c is >= 1 and <= 10);

    private static string Report(Match m, string line) => $"'{m.Value}' in: {(line.Length > 240 ? line[..240] : line)}";
}
