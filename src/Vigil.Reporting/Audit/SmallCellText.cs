using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Reporting.Audit;

/// <summary>
/// Masks the small counts inside free-text notes carried into shareable outputs from the working files (the audit's
/// "'sex' is missing in 3 rows", validate's "chol is missing in 1 of 294 rows", "only 8 rows of the rarer class"):
/// a count of 1 to min-cell − 1 becomes "fewer than min-cell" (docs/suppression.md).
/// </summary>
public static partial class SmallCellText
{
    [GeneratedRegex(@"(?<![\d.,])(\d+)(?= of [\d,]+ rows\b| rows\b| patients\b| positives\b| negatives\b)")]
    private static partial Regex CountBeforeNoun();

    [GeneratedRegex(@"\((\d+) ?%\)")]
    private static partial Regex SharePercent();

    /// <summary><paramref name="note"/> with every count of 1 to <paramref name="minCell"/> − 1 written as "fewer than minCell".</summary>
    public static string Mask(string note, int minCell)
    {
        var masked = false;
        var text = CountBeforeNoun().Replace(note, m =>
        {
            var n = int.Parse(m.Value, CultureInfo.InvariantCulture);
            if (n < 1 || n >= minCell) return m.Value;
            masked = true;
            return $"fewer than {minCell.ToString(CultureInfo.InvariantCulture)}";
        });
        // The share beside a masked count would give it back on a small total.
        return masked ? SharePercent().Replace(text, "") .Replace("  ", " ", StringComparison.Ordinal).Replace(" ;", ";", StringComparison.Ordinal) : text;
    }
}
