using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Vigil.Core.Drift;
using Vigil.Core.Drift.Categorical;

namespace Vigil.Bench;

/// <summary>
/// Issue 6's speed target: 1,000,000 reference rows and 1,000,000 current rows × 50 columns (35 numerical, 15
/// categorical), generated in memory from a fixed seed, every column tested with Evidently's automatic choice
/// (wasserstein or jensenshannon at this size). Target: under 3 s per run and under 2 GB peak memory.
/// Run: dotnet run -c Release --project bench/Vigil.Bench -- --filter '*DriftBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class DriftBenchmarks
{
    private const int Rows = 1_000_000;
    private const int NumericColumns = 35;
    private const int CategoricalColumns = 15;
    private static readonly string[] Levels = ["a", "b", "c", "d", "e", "f", "g", "h"];

    private double[][] _numericRef = [];
    private double[][] _numericCur = [];
    private int[][] _categoricalRef = [];
    private int[][] _categoricalCur = [];
    private string[] _names = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(6);
        _numericRef = new double[NumericColumns][];
        _numericCur = new double[NumericColumns][];
        for (var c = 0; c < NumericColumns; c++)
        {
            // Mixed shapes: continuous normal / lognormal, counts (12 values), low cardinality (5 values);
            // every third column shifted in the current data.
            var shift = c % 3 == 0 ? 0.3 : 0.0;
            _numericRef[c] = Column(rng, c % 4, 0.0);
            _numericCur[c] = Column(rng, c % 4, shift);
        }
        _categoricalRef = new int[CategoricalColumns][];
        _categoricalCur = new int[CategoricalColumns][];
        for (var c = 0; c < CategoricalColumns; c++)
        {
            _categoricalRef[c] = Codes(rng, 0.0);
            _categoricalCur[c] = Codes(rng, c % 3 == 0 ? 0.1 : 0.0);
        }
        _names = [.. Enumerable.Range(0, NumericColumns).Select(i => $"num{i}"), .. Enumerable.Range(0, CategoricalColumns).Select(i => $"cat{i}")];
    }

    [Benchmark]
    public DatasetDrift AllColumnsAutoTest()
    {
        var result = DriftAnalysis.Run(_names, i => i < NumericColumns
            ? ColumnSamples.NumericalPooled(_numericRef[i], _numericCur[i])
            : ColumnSamples.Categorical(CategoryCounts.FromCodes(_categoricalRef[i - NumericColumns], Levels, _categoricalCur[i - NumericColumns], Levels), 0, 0),
            DriftOptions.Default);
        return result.Dataset;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"// {_names.Length} columns x {Rows} rows: peak working set of the benchmark process {process.PeakWorkingSet64 / (1024.0 * 1024.0):F0} MB");
    }

    private static double[] Column(Random rng, int shape, double shift)
    {
        var values = new double[Rows];
        for (var i = 0; i < Rows; i++)
        {
            var z = Normal(rng) + shift;
            values[i] = shape switch
            {
                0 => z,
                1 => Math.Exp(z),
                2 => Math.Clamp(Math.Round(5 + 2 * z), 0, 11),
                _ => Math.Clamp(Math.Round(2 + z), 0, 4),
            };
            if (i % 97 == 0) values[i] = double.NaN; // some missing cells
        }
        return values;
    }

    private static int[] Codes(Random rng, double tilt)
    {
        var codes = new int[Rows];
        for (var i = 0; i < Rows; i++)
        {
            var u = rng.NextDouble();
            codes[i] = u < tilt ? 0 : (int)(rng.NextDouble() * Levels.Length);
        }
        return codes;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
