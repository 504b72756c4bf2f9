using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Vigil.Bench;

/// <summary>
/// For benchmarks whose single run takes seconds: in-process (no generated project or restore), one
/// warm-up and five measured runs, each a whole operation (RunStrategy.Monitoring), with allocations.
/// </summary>
public sealed class LongRunConfig : ManualConfig
{
    public LongRunConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
