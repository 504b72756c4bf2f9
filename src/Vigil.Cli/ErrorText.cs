using System.Globalization;
using System.Text;

namespace Vigil.Cli;

/// <summary>
/// Makes an error message safe to print: one line, printable characters only, bounded length. Messages
/// echo values from the input (a column name, a cell); a binary file would otherwise put control bytes,
/// invalid UTF-8 and megabytes of text on the terminal.
/// </summary>
public static class ErrorText
{
    /// <summary>Longest message printed; the rest is cut and counted.</summary>
    public const int MaxLength = 2000;

    /// <summary>
    /// Line breaks and tabs become spaces; other control, format and unassigned characters, lone surrogates
    /// and U+FFFD (a byte that was not valid text) become '?'; more than <see cref="MaxLength"/> characters
    /// are cut with a note of how many were left out.
    /// </summary>
    public static string Clean(string message)
    {
        var sb = new StringBuilder(Math.Min(message.Length, MaxLength + 64));
        var i = 0;
        for (; i < message.Length && sb.Length < MaxLength; i++)
        {
            var c = message[i];
            if (c is '\r' or '\n' or '\t')
            {
                if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < message.Length && char.IsLowSurrogate(message[i + 1]))
            {
                sb.Append(c).Append(message[++i]);
                continue;
            }
            sb.Append(Printable(c) ? c : '?');
        }
        var text = sb.ToString().TrimEnd();
        return i < message.Length
            ? text + string.Create(CultureInfo.InvariantCulture, $"... ({message.Length - i} more characters)")
            : text;
    }

    private static bool Printable(char c)
    {
        if (c == '\uFFFD' || char.IsSurrogate(c)) return false;
        return char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.PrivateUse or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
