using System.Diagnostics;

namespace Vigil.Tests.TestSupport;

/// <summary>A program run to its end as a process of its own, both streams captured, bounded in time.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> (and <paramref name="environment"/> added to
    /// this process's) and waits for it; past <paramref name="bound"/> its whole process tree is killed and TimedOut is
    /// true (a hang), with what it had written so far.
    /// </summary>
    public static (int ExitCode, string Stdout, string Stderr, bool TimedOut) Run(string program, IEnumerable<string> arguments, TimeSpan bound,
        params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var timedOut = !process.WaitForExit(bound);
        if (timedOut) process.Kill(entireProcessTree: true);
        process.WaitForExit(); // the streams are read to their end
        return (process.ExitCode, stdout.Result, stderr.Result, timedOut);
    }
}
