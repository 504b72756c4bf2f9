using BenchmarkDotNet.Attributes;
using Vigil.Cli;

namespace Vigil.Bench;

/// <summary>
/// `vigil data-audit` at the scale, end to end from Parquet through the CLI: 1,000,000 rows ×
/// 50 columns, 3 protected attributes (and their intersection), 46 features, JSON out. Target: under
/// 15 s, peak memory under 2 GB (measure the peak with /usr/bin/time -v on the CLI, see docs/data-audit.md).
/// </summary>
[Config(typeof(LongRunConfig))]
public class DataAuditBenchmarks
{
    public const int Rows = 1_000_000;
    private string _parquet = null!;
    private string _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _parquet = DataAuditParquetFixture.Ensure(Rows);
        _output = Path.Combine(Path.GetTempPath(), "vigil-bench-data-audit.json");
    }

    public static string[] Arguments(string parquet, string output) =>
        ["data-audit", "--data", parquet, "--label", "label", "--protected", "race,sex,age_band",
         "--features", DataAuditParquetFixture.Features, "--format", "json", "--out", output];

    [Benchmark(Description = "vigil data-audit from Parquet, 1M rows x 50 columns, JSON out")]
    public int EndToEndParquet() => VigilApp.Run(Arguments(_parquet, _output), TextWriter.Null, TextWriter.Null);
}
