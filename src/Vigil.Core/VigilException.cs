namespace Vigil.Core;

/// <summary>What kind of expected failure: the caller maps it (the CLI to exit codes 2 and 3, the service to problem details).</summary>
public enum FailureKind
{
    /// <summary>The request asks for something impossible: an option out of range, a column named twice.</summary>
    Usage,

    /// <summary>The input data are missing, malformed or not what the job needs.</summary>
    Data,
}

/// <summary>
/// An expected failure with a one-line, user-facing message that names the file, the column, the row
/// and what was expected. Libraries name the <see cref="Parameter"/> (a key of the option catalogue,
/// e.g. "threshold", never a command-line flag) or the <see cref="Column"/> it concerns; the CLI and the
/// service translate. Anything else escaping a job is a bug.
/// </summary>
public sealed class VigilException : Exception
{
    public VigilException(FailureKind kind, string message) : base(Param.Render(message, Param.AsKey))
    {
        Kind = kind;
        Template = message;
    }

    public VigilException() : this(FailureKind.Data, "invalid input") { }

    public VigilException(string message) : this(FailureKind.Data, message) { }

    public VigilException(string message, Exception inner) : base(Param.Render(message, Param.AsKey), inner)
    {
        Kind = FailureKind.Data;
        Template = message;
    }

    public FailureKind Kind { get; }

    /// <summary>
    /// The message with its references to other options (<see cref="Param.Ref"/>) unrendered; <see cref="Exception.Message"/>
    /// names them by catalogue key (the service's wording), <see cref="Render"/> as the caller names them (the CLI: flags).
    /// </summary>
    public string Template { get; }

    /// <summary>The message with every option reference named by <paramref name="name"/> (key → "--flag" in the CLI).</summary>
    public string Render(Func<string, string> name) => Param.Render(Template, name);

    /// <summary>The job option concerned, by its catalogue key (e.g. "threshold", "protected"), or null.</summary>
    public string? Parameter { get; init; }

    /// <summary>The data column concerned, or null.</summary>
    public string? Column { get; init; }

    public static VigilException Usage(string message) => new(FailureKind.Usage, message);

    public static VigilException BadData(string message) => new(FailureKind.Data, message);

    /// <summary>
    /// An invalid job option. <paramref name="parameter"/> is its catalogue key ("threshold"); the message
    /// says what is wrong without naming a flag ("7: expected a number in [0, 1]"); the CLI prefixes the flag.
    /// </summary>
    public static VigilException Option(string parameter, string message) =>
        new(FailureKind.Usage, message) { Parameter = parameter };
}

/// <summary>
/// References to job options inside a library's message, by catalogue key, so that a library never spells a
/// command-line flag: <c>$"column '{c}' ({Param.Ref("label")})"</c>. The CLI renders a reference as the flag
/// ("--label"), the service and <see cref="Exception.Message"/> as the key ("label").
/// </summary>
public static class Param
{
    private const char Open = '\u0001';
    private const char Close = '\u0002';

    /// <summary>A reference to the option with catalogue key <paramref name="key"/> ("min_cell").</summary>
    public static string Ref(string key) => $"{Open}{key}{Close}";

    /// <summary>Names a reference by its key (the default rendering).</summary>
    public static string AsKey(string key) => key;

    /// <summary><paramref name="text"/> with every reference named by <paramref name="name"/>.</summary>
    public static string Render(string text, Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(name);
        var open = text.IndexOf(Open, StringComparison.Ordinal);
        if (open < 0) return text;
        var sb = new System.Text.StringBuilder(text.Length + 16);
        var at = 0;
        while (open >= 0)
        {
            var close = text.IndexOf(Close, open + 1);
            if (close < 0) break;
            sb.Append(text, at, open - at).Append(name(text[(open + 1)..close]));
            at = close + 1;
            open = text.IndexOf(Open, at);
        }
        return sb.Append(text, at, text.Length - at).ToString();
    }
}
