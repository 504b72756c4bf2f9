using System.Diagnostics;
using Vigil.Core.Audit;

namespace Vigil.Bench;

/// <summary>
/// A quick stage-by-stage timing of the 10M-row audit outside BenchmarkDotNet (run with
/// `-- timing [rows]`), for finding where the time goes; the benchmark classes give the reportable numbers.
/// </summary>
public static class AuditTiming
{
    private static void Stages(AuditData data)
    {
        var sw = Stopwatch.StartNew();
        var index = new CellIndex(data.Attributes);
        var summary = AuditEngine.Summarize(data, index);
        Console.WriteLine($"  summarize: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        var structure = GroupStructure.Build(summary, index, data.Attributes, [[0], [1], [0, 1]]);
        var table = new GroupTable(structure.TotalGroups, true);
        structure.Aggregate(summary, table);
        Console.WriteLine($"  structure: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        var (keys, payload, _) = AuditEngine.SortByScore(data, index, structure);
        Console.WriteLine($"  sort: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        RankStatistics.Exact(keys, payload, null, structure, table);
        Console.WriteLine($"  rank pass: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        var design = BootstrapDesign.FromSortedScores(keys, payload, null, structure.ObservedCells.Length, 100);
        Console.WriteLine($"  bootstrap design: {sw.ElapsedMilliseconds} ms ({design.Entries} entries)");
        sw.Restart();
        var rng = new MathNet.Numerics.Random.Xoshiro256StarStar(1);
        var resampled = new long[design.Entries];
        for (var r = 0; r < 1000; r++) Vigil.Core.Statistics.MultinomialSampler.Resample(rng, design.Count, resampled);
        Console.WriteLine($"  1000 multinomial draws: {sw.ElapsedMilliseconds} ms");
        var layout = new ValueLayout(structure);
        int[] references = [1, 1 + structure.GroupCount(0), 1 + structure.GroupCount(0) + structure.GroupCount(1)];
        var options = new AuditOptions { Threshold = 0.5 };
        var resampler = new BootstrapResampler(design, structure, (t, v) => layout.Evaluate(t, references, options, v), layout.Length, true);
        sw.Restart();
        var zeros = new double[structure.TotalGroups];
        resampler.Run(1000, 1, zeros, zeros);
        Console.WriteLine($"  1000 replicates (parallel): {sw.ElapsedMilliseconds} ms");
    }

    public static void Run(int rows)
    {
        var sw = Stopwatch.StartNew();
        var data = SyntheticAuditData.Generate(rows, 42);
        Console.WriteLine($"generate {rows:N0} rows: {sw.ElapsedMilliseconds} ms");
        foreach (var replicates in new[] { 0, 1000, 1000 })
        {
            sw.Restart();
            var result = AuditEngine.Run(data, SyntheticAuditData.Groupings, new AuditOptions { Threshold = 0.5, Bootstrap = replicates, Seed = 1 });
            Console.WriteLine($"audit, bootstrap {replicates}: {sw.ElapsedMilliseconds} ms (overall AUROC {result.Overall[(int)GroupMetric.Auroc].Value:F6})");
        }
        Stages(data);
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MB");
    }
}
