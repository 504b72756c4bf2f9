using System.Diagnostics;
using System.CommandLine;
using Vigil.Application;
using Vigil.Application.Monitoring;

namespace Vigil.Cli.Commands;

public static partial class MonitorCommand
{
    /// <summary>A client of --url with the key of --api-key or VIGIL_API_KEY; retries are shown on standard error.</summary>
    internal static MonitorClient Client(ParseResult parse, Option<string> url, Option<string?> apiKey, CliIO io) =>
        Client(parse.GetValue(url)!, parse.GetValue(apiKey), io);

    internal static MonitorClient Client(string url, string? apiKey, CliIO io)
    {
        var client = new MonitorClient(MonitorClient.ParseUrl(url), ApiKeyOrEnvironment(apiKey));
        client.OnRetry = (what, wait) => io.Err.WriteLine($"vigil: {what} (waiting {wait.TotalSeconds:0.0} s)");
        return client;
    }

    /// <summary>--api-key, else VIGIL_API_KEY, else none.</summary>
    internal static string? ApiKeyOrEnvironment(string? given) =>
        !string.IsNullOrEmpty(given) ? given : Environment.GetEnvironmentVariable(MonitorClient.ApiKeyVariable) is { Length: > 0 } k ? k : null;

    /// <summary>Runs an async job from a synchronous action (the CLI's invocation is synchronous).</summary>
    internal static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    /// <summary>Runs an async job that returns nothing from a synchronous action.</summary>
    internal static void Wait(Task task) => task.GetAwaiter().GetResult();
}

/// <summary>
/// A job's progress as lines on standard error, at most one a second (and the last one always by the command), so a
/// long push shows it is moving without flooding a log; notes are shown at once.
/// </summary>
internal sealed class ThrottledStderrProgress(TextWriter err) : IJobProgress
{
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private string? _pending;

    public void Report(string stage, double? fraction = null)
    {
        _pending = stage;
        if (_since.ElapsedMilliseconds < 1000) return;
        Flush();
    }

    public void Note(string message) => err.WriteLine($"vigil: note: {message}");

    /// <summary>Writes the last stage not yet shown.</summary>
    public void Flush()
    {
        if (_pending is null) return;
        err.WriteLine($"vigil: {_pending}");
        _pending = null;
        _since.Restart();
    }
}
