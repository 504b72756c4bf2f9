using BenchmarkDotNet.Running;
using Vigil.Bench;

// Reportable numbers:  dotnet run -c Release --project bench/Vigil.Bench -- --filter '*'
// Stage timing:        dotnet run -c Release --project bench/Vigil.Bench -- timing [rows]
// Train timing:        dotnet run -c Release --project bench/Vigil.Bench -- timing-train [all]
// Drift from files:    dotnet run -c Release --project bench/Vigil.Bench -- timing-drift DIR [100kx20|1mx50] [runs]
if (args.Length > 1 && args[0] == "gen-data")
{
    BenchData.Generate(args[1], args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000_000);
    return;
}
if (args.Length > 0 && args[0] == "timing-load")
{
    var file = ParquetFixture.Ensure(10_000_000);
    var sw = System.Diagnostics.Stopwatch.StartNew();
    using var source = Vigil.Data.TabularSource.Open(file);
    var (data, _) = Vigil.Data.AuditLoader.Load(source, new Vigil.Data.AuditColumns("label", "score", null, 0.5, ["race", "age_band"], [], null));
    Console.WriteLine($"load {data.Rows:N0} rows from Parquet: {sw.ElapsedMilliseconds} ms");
    return;
}
if (args.Length > 0 && args[0] == "timing-cli")
{
    var file = ParquetFixture.Ensure(10_000_000);
    var sw = System.Diagnostics.Stopwatch.StartNew();
    var code = Vigil.Cli.VigilApp.Run(["audit", "--data", file, "--label", "label", "--score", "score", "--protected", "race,age_band",
        "--intersections", "race*age_band", "--bootstrap", "1000", "--format", "json", "--out", Path.Combine(Path.GetTempPath(), "vigil-bench.json")],
        Console.Out, Console.Error);
    Console.WriteLine($"vigil audit on {file}: exit {code}, {sw.ElapsedMilliseconds} ms, peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MB");
    return;
}
if (args.Length > 0 && args[0] == "timing-train")
{
    TrainBenchmarks.Timing(args.Length > 1 && args[1] == "all");
    return;
}
if (args.Length > 0 && args[0] == "timing-mitigation")
{
    var bench = new MitigationBenchmarks();
    bench.Setup();
    foreach (var constraint in new[] { "demographic_parity", "equalized_odds" })
    {
        bench.Constraint = constraint;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        bench.FitAndPredict();
        Console.WriteLine($"threshold optimizer ({constraint}) on 1,000,000 rows, cold: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        bench.FitAndPredict();
        Console.WriteLine($"threshold optimizer ({constraint}) on 1,000,000 rows, warm: {sw.ElapsedMilliseconds} ms");
    }
    return;
}
if (args.Length > 1 && args[0] == "timing-drift")
{
    DriftTiming.Run(args[1], args.Length > 2 ? args[2] : "100kx20", args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}
if (args.Length > 0 && args[0] == "timing")
{
    AuditTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000_000);
    return;
}
// The benchmarks live in this assembly (named by a type of its own: the vigil tool it references has a public Program too).
BenchmarkSwitcher.FromAssembly(typeof(BenchData).Assembly).Run(args);
