using Vigil.Application;

namespace Vigil.Cli.Output;

/// <summary>A job's notes on standard error as "vigil: note: ..."; stages are not shown (the commands print their result).</summary>
public sealed class StderrProgress(TextWriter err) : IJobProgress
{
    public void Report(string stage, double? fraction = null) { }

    public void Note(string message) => err.WriteLine($"vigil: note: {message}");
}
