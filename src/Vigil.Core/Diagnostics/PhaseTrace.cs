using System.Diagnostics;
using System.Globalization;

namespace Vigil.Core.Diagnostics;

/// <summary>
/// Where a whole process spends its time: with the environment variable VIGIL_TRACE set (to anything but 0), each
/// <see cref="Mark"/> writes one line to stderr — wall milliseconds since the process started, CPU milliseconds of the
/// process so far, and the phase that just ended. Without it, a mark costs one static field read.
/// </summary>
public static class PhaseTrace
{
    /// <summary>True when VIGIL_TRACE is set (and not 0).</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("VIGIL_TRACE") is { Length: > 0 } v && v != "0";

    /// <summary>Writes "trace: WALL ms wall, CPU ms CPU: phase" to stderr when tracing is on.</summary>
    public static void Mark(string phase)
    {
        if (!Enabled) return;
        using var process = Process.GetCurrentProcess();
        var wall = (DateTime.Now - process.StartTime).TotalMilliseconds;
        var cpu = process.TotalProcessorTime.TotalMilliseconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trace: {wall,7:F0} ms wall, {cpu,7:F0} ms CPU: {phase}"));
    }
}
