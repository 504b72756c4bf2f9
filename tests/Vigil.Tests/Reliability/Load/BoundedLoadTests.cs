using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Tests.Reporting;
using Vigil.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Reliability.Load;

/// <summary>
/// Bounded load, checked for what must hold on any machine however busy: the load generator (bench/Vigil.LoadGen, the
/// same program whose rates and memory the README reports) runs as a process of its own against `vigil serve` on
/// loopback, with paced batch ingest, two dashboard readers polling the 30-day status and daily series, and the
/// service's maturity run every 3 s, so that ingest, maturing and reads overlap. No request may fail, and every
/// acknowledged prediction must be a stored row counted once in the hourly windows. The rate, the latencies and the
/// memory are the benchmark's figures, not asserted here (this machine is shared and noisy).
/// </summary>
public sealed partial class BoundedLoadTests(ITestOutputHelper output)
{
    [Fact]
    public void PacedIngest_WithDashboardReaders_AndMaturityRuns_FailsNoRequest_AndLosesNoEvent()
    {
        var run = RunLoadGen(
            "--seconds", "10", "--warmup", "2", "--rate", "10000", "--clients", "8", "--readers", "2",
            "--evaluate-seconds", "3", "--singles", "100", "--status-calls", "3");

        Assert.True(run.ExitCode == 0, $"the load generator exited with {run.ExitCode} (a failed request or a lost event):\n{run.Stdout}\n{run.Stderr}");
        var counts = Counts().Match(run.Stdout);
        Assert.True(counts.Success, "no 'acknowledged ... lost' line in:\n" + run.Stdout);
        long acknowledged = Number(counts, "ack"), stored = Number(counts, "stored"), windows = Number(counts, "windows");
        Assert.Equal(acknowledged, stored);
        Assert.Equal(acknowledged, windows);
        Assert.True(acknowledged >= 10_000, $"only {acknowledged} predictions acknowledged: the load did not run");

        var errors = Errors().Match(run.Stdout);
        Assert.True(errors.Success, "no errors row in:\n" + run.Stdout);
        Assert.Equal("0", errors.Groups["n"].Value);
        // The readers did read while ingest ran, and the maturity run matured predictions (only the last 72 h stay pending).
        var reads = StatusReads().Match(run.Stdout);
        Assert.True(reads.Success && Number(reads, "n") > 0, "no dashboard status reads during ingest:\n" + run.Stdout);
        var pending = Pending().Match(run.Stdout);
        Assert.True(pending.Success, "no status line in:\n" + run.Stdout);
        Assert.True(Number(pending, "after") < acknowledged, $"nothing matured: {pending.Value}");
    }

    private (int ExitCode, string Stdout, string Stderr) RunLoadGen(params string[] args)
    {
        // Built with the solution (tests/Vigil.Tests references it for the build order only), in this test's configuration.
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var dll = Path.Combine(ReportRunner.RepoRoot(), "bench", "Vigil.LoadGen", "bin", configuration, "net10.0", "Vigil.LoadGen.dll");
        Assert.True(File.Exists(dll), $"{dll} not found: build the solution (Vigil.slnx) first");
        var (code, stdout, stderr, timedOut) = ChildProcess.Run("dotnet", [dll, .. args], TimeSpan.FromMinutes(5));
        Assert.False(timedOut, "the load generator did not finish within 5 minutes (a hang):\n" + stdout);
        output.WriteLine(stdout);
        if (stderr.Length > 0) output.WriteLine(stderr);
        return (code, stdout, stderr);
    }

    private static long Number(Match m, string group) =>
        long.Parse(m.Groups[group].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"acknowledged (?<ack>[\d,]+) predictions; stored rows (?<stored>[\d,]+); counted in windows (?<windows>[\d,]+); lost")]
    private static partial Regex Counts();

    [GeneratedRegex(@"\| errors \(failed batches \+ failed reads\) \| (?<n>\d+) \|")]
    private static partial Regex Errors();

    [GeneratedRegex(@"status p50 / p99 \| \d+ / \d+ ms \((?<n>[\d,]+) requests\)")]
    private static partial Regex StatusReads();

    [GeneratedRegex(@"pending [\d,]+ before the maturity run, (?<after>[\d,]+) after it")]
    private static partial Regex Pending();
}
