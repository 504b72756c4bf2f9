using BenchmarkDotNet.Attributes;
using Vigil.Cli;
using Vigil.Core.Audit;

namespace Vigil.Bench;

/// <summary>
/// The audit at the scale: 10,000,000 rows, two protected attributes (5 and 4 levels) and their
/// intersection, every count metric, exact AUROC/AP per group, 1,000 bootstrap replicates; in memory and
/// end to end from Parquet through the CLI. Few iterations: each one is seconds long.
/// </summary>
[Config(typeof(LongRunConfig))]
public class AuditBenchmarks
{
    private const int Rows = 10_000_000;
    private AuditData _data = null!;
    private string _parquet = null!;
    private string _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = SyntheticAuditData.Generate(Rows, 42);
        _parquet = ParquetFixture.Ensure(Rows);
        _output = Path.Combine(Path.GetTempPath(), "vigil-bench-audit.json");
    }

    [Benchmark(Description = "in memory, no bootstrap")]
    public AuditResult InMemory() =>
        AuditEngine.Run(_data, SyntheticAuditData.Groupings, new AuditOptions { Threshold = 0.5 });

    [Benchmark(Description = "in memory, 1000 bootstrap replicates")]
    public AuditResult InMemoryBootstrap() =>
        AuditEngine.Run(_data, SyntheticAuditData.Groupings, new AuditOptions { Threshold = 0.5, Bootstrap = 1000, Seed = 1 });

    [Benchmark(Description = "vigil audit from Parquet, 1000 replicates, JSON out")]
    public int EndToEndParquet() =>
        VigilApp.Run(["audit", "--data", _parquet, "--label", "label", "--score", "score", "--protected", "race,age_band",
            "--intersections", "race*age_band", "--bootstrap", "1000", "--format", "json", "--out", _output], TextWriter.Null, TextWriter.Null);
}

