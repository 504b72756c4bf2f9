namespace Vigil.Application;

/// <summary>
/// How a job tells its caller where it is: the CLI draws a progress bar, the service logs or ignores it.
/// Jobs never write to a console.
/// </summary>
public interface IJobProgress
{
    /// <summary>A stage began or advanced; <paramref name="fraction"/> in [0, 1] when known.</summary>
    void Report(string stage, double? fraction = null);

    /// <summary>A note the user should see (e.g. rows dropped for a missing label); not an error.</summary>
    void Note(string message);
}

/// <summary>Progress that goes nowhere, for callers that do not show it.</summary>
public sealed class NoProgress : IJobProgress
{
    public static NoProgress Instance { get; } = new();

    public void Report(string stage, double? fraction = null) { }

    public void Note(string message) { }
}
