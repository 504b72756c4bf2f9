using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using Vigil.Data;
using Vigil.Data.Pushdown;

namespace Vigil.Bench;

/// <summary>
/// The summary-native audit path of `audit --data FILE` (docs/push-down.md): the summary of the bench audit table
/// (<see cref="BenchData.AuditSql"/>, 2,000,000 rows, race and age band, score) counted in .NET (<see cref="AuditFileScan"/>)
/// from a CSV's bytes on every core (<see cref="DelimitedAuditScan"/>) or from DuckDB's vectors (CSV through its reader,
/// Parquet), against the SQL GROUP BY it replaced (<see cref="PushdownAuditLoader"/>), at the default bin width 10⁻⁴.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class AuditFileScanBenchmarks
{
    public const long Rows = 2_000_000;
    private static readonly AuditColumns Columns = new("label", "score", null, 0.5, ["race", "age_band"], [], null);
    private string _csv = null!;
    private string _parquet = null!;

    [GlobalSetup]
    public void Setup()
    {
        var stem = Path.Combine(Path.GetTempPath(), $"vigil-bench-audit-scan-{Rows}");
        _csv = stem + ".csv";
        _parquet = stem + ".parquet";
        if (File.Exists(_csv) && File.Exists(_parquet)) return;
        using var con = new DuckDBConnection("DataSource=:memory:");
        con.Open();
        using var cmd = con.CreateCommand();
        cmd.CommandText = $"SELECT setseed(0.42); CREATE TABLE audit AS {BenchData.AuditSql(Rows)}; " +
            $"COPY audit TO '{_csv}' (FORMAT CSV, HEADER); COPY audit TO '{_parquet}' (FORMAT PARQUET)";
        cmd.ExecuteNonQuery();
    }

    [Benchmark(Description = "CSV: counted from its bytes (DelimitedAuditScan)")]
    public long ScanCsvBytes() => AuditFileScan.Load(_csv, Columns, 10, 1e-4)!.GroupRows;

    [Benchmark(Description = "CSV: counted from DuckDB's read_csv vectors")]
    public long ScanCsv() => AuditFileScan.Load(_csv, Columns, 10, 1e-4, delimitedRanges: -1)!.GroupRows;

    [Benchmark(Description = "CSV: SQL GROUP BY summary")]
    public long GroupByCsv() => PushdownAuditLoader.Load(SqlSource.Parse("duckdb:"), AuditFileQuery.Select(_csv), Columns, 10, 1e-4).GroupRows;

    [Benchmark(Description = "Parquet: .NET-counted summary (AuditFileScan)")]
    public long ScanParquet() => AuditFileScan.Load(_parquet, Columns, 10, 1e-4)!.GroupRows;

    [Benchmark(Description = "Parquet: SQL GROUP BY summary")]
    public long GroupByParquet() => PushdownAuditLoader.Load(SqlSource.Parse("duckdb:"), AuditFileQuery.Select(_parquet), Columns, 10, 1e-4).GroupRows;
}
