using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Vigil.Mitigation.Reductions;
using Vigil.Models.Learners;

namespace Vigil.Bench;

/// <summary>
/// Issue 5's speed target: Exponentiated Gradient with logistic regression on 100,000 synthetic rows (10 standardized
/// features, 2 groups with different base rates and shifted features), demographic parity and equalized odds, eps 0.02,
/// Fairlearn's defaults (50 iterations at most, LP step). Target: under 60 s. One cold run (it takes tens of seconds).
/// Run: dotnet run -c Release --project bench/Vigil.Bench -- --filter '*ReductionsBenchmarks*'
/// </summary>
[Config(typeof(OneShotConfig))]
public class ReductionsBenchmarks
{
    private const int Rows = 100_000;
    private const int Features = 10;

    private FeatureMatrix _x = null!;
    private bool[] _y = [];
    private int[] _group = [];

    [GlobalSetup]
    public void Setup() => (_x, _y, _group) = Synthetic(Rows, Features, 5);

    [Benchmark]
    public double ExponentiatedGradientDemographicParity() => Run(ReductionConstraint.DemographicParity);

    [Benchmark]
    public double ExponentiatedGradientEqualizedOdds() => Run(ReductionConstraint.EqualizedOdds);

    private double Run(ReductionConstraint constraint)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var result = ExponentiatedGradient.Fit(_x, _y, _group, ["a", "b"], constraint, 0.02, new LogisticLearner(1));
        Console.WriteLine($"// {constraint}: {sw.Elapsed.TotalSeconds:F1} s, {result.OracleCalls} oracle calls, {result.Predictors.Count} predictors, " +
            $"iterations {result.LastIteration + 1}, training error {result.TrainingError:F4}, disparity {result.TrainingDisparity:F4}");
        return result.TrainingError;
    }

    /// <summary>Seeded synthetic data: group b (40%) has a higher base rate and a shifted first feature.</summary>
    internal static (FeatureMatrix X, bool[] Y, int[] Group) Synthetic(int rows, int features, int seed)
    {
        var rng = new Random(seed);
        var columns = new double[features][];
        for (var j = 0; j < features; j++) columns[j] = new double[rows];
        var y = new bool[rows];
        var group = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            group[i] = rng.NextDouble() < 0.6 ? 0 : 1;
            var logit = -0.4 + 0.7 * group[i];
            for (var j = 0; j < features; j++)
            {
                var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()) + (j == 0 ? 0.8 * group[i] : 0);
                columns[j][i] = z;
                logit += (j % 2 == 0 ? 1.0 : -0.6) * z / (1 + 0.5 * j);
            }
            y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-logit));
        }
        var numeric = new NumericFeature[features];
        for (var j = 0; j < features; j++) numeric[j] = new NumericFeature($"x{j}", columns[j]);
        return (FeatureMatrix.FromColumns(numeric, []).Standardize(), y, group);
    }

    private sealed class OneShotConfig : ManualConfig
    {
        public OneShotConfig()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.ColdStart)
                .WithLaunchCount(1)
                .WithWarmupCount(0)
                .WithIterationCount(1)
                .WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}
