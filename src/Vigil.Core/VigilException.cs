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
    public VigilException(FailureKind kind, string message) : base(message) => Kind = kind;

    public VigilException() : this(FailureKind.Data, "invalid input") { }

    public VigilException(string message) : this(FailureKind.Data, message) { }

    public VigilException(string message, Exception inner) : base(message, inner) => Kind = FailureKind.Data;

    public FailureKind Kind { get; }

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
