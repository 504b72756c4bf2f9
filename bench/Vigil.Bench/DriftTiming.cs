using System.Diagnostics;

namespace Vigil.Bench;

/// <summary>
/// <c>vigil drift</c> on the whole-process bench files (bench/README.md), run in this process several times: the first
/// run pays JIT and DuckDB's first load, the later ones show the work itself. Run with
/// <c>-- timing-drift DIR [100kx20|1mx50] [runs]</c>; <c>VIGIL_TRACE=1</c> adds the phases of each run.
/// </summary>
public static class DriftTiming
{
    public static void Run(string directory, string size, int runs)
    {
        var reference = Path.Combine(directory, $"drift-{size}-reference.csv");
        var current = Path.Combine(directory, $"drift-{size}-current.csv");
        var output = Path.Combine(Path.GetTempPath(), "vigil-bench-drift.json");
        for (var run = 0; run < runs; run++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var code = Vigil.Cli.VigilApp.Run(["drift", "--reference-data", reference, "--current-data", current, "--format", "json", "--out", output],
                Console.Out, Console.Error);
            var spent = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"drift {size} run {run + 1} ({(run == 0 ? "cold" : "warm")}): exit {code}, {sw.ElapsedMilliseconds} ms wall, " +
                              $"{spent.TotalMilliseconds:F0} ms CPU");
        }
    }
}
