namespace Vigil.Core;

/// <summary>What went wrong, as the CLI maps it to an exit code (DESIGN.md: 2 usage, 3 bad data).</summary>
public enum FailureKind
{
    /// <summary>The command line asks for something impossible (exit 2).</summary>
    Usage = 2,

    /// <summary>The input data are missing, malformed or not what the command needs (exit 3).</summary>
    Data = 3,
}

/// <summary>
/// An expected failure with a one-line, user-facing message that names the file, the column, the row
/// and what was expected. Anything else escaping a command is a bug.
/// </summary>
public sealed class VigilException : Exception
{
    public VigilException(FailureKind kind, string message) : base(message) => Kind = kind;

    public VigilException() : this(FailureKind.Data, "invalid input") { }

    public VigilException(string message) : this(FailureKind.Data, message) { }

    public VigilException(string message, Exception inner) : base(message, inner) => Kind = FailureKind.Data;

    public FailureKind Kind { get; }

    public static VigilException Usage(string message) => new(FailureKind.Usage, message);

    public static VigilException BadData(string message) => new(FailureKind.Data, message);
}
