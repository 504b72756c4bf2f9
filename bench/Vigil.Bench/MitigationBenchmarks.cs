using BenchmarkDotNet.Attributes;
using Vigil.Mitigation;
using Vigil.Mitigation.Postprocessing;

namespace Vigil.Bench;

/// <summary>
/// Issue 5's post-processing speed target: Fairlearn's Threshold Optimizer (grid 1,000) fitted on 1,000,000 rows
/// (4 groups, scores with ~10,000 distinct values, seeded), then its probabilities and seeded randomized predictions
/// for the same rows. Target: under 5 s. Run: dotnet run -c Release --project bench/Vigil.Bench -- --filter '*MitigationBenchmarks*'
/// </summary>
[Config(typeof(LongRunConfig))]
public class MitigationBenchmarks
{
    private const int Rows = 1_000_000;
    private double[] _scores = [];
    private GroupedLabels _data = null!;

    [Params("demographic_parity", "equalized_odds")]
    public string Constraint { get; set; } = "demographic_parity";

    [GlobalSetup]
    public void Setup() => (_scores, _data) = Synthetic(Rows, 5);

    /// <summary>Groups A..D (50/25/15/10%), labels with group-specific base rates, scores = noisy logistic of the label.</summary>
    public static (double[] Scores, GroupedLabels Data) Synthetic(int rows, int seed)
    {
        var rng = new Random(seed);
        var groups = new int[rows];
        var labels = new bool[rows];
        var scores = new double[rows];
        double[] baseRate = [0.3, 0.4, 0.5, 0.35];
        for (var i = 0; i < rows; i++)
        {
            var u = rng.NextDouble();
            var g = u < 0.5 ? 0 : u < 0.75 ? 1 : u < 0.9 ? 2 : 3;
            groups[i] = g;
            labels[i] = rng.NextDouble() < baseRate[g];
            var z = (labels[i] ? 1.0 : -1.0) * (0.8 + 0.2 * g) + Normal(rng);
            scores[i] = Math.Round(1 / (1 + Math.Exp(-z)), 4);
        }
        return (scores, new GroupedLabels(groups, ["A", "B", "C", "D"], labels));
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Benchmark]
    public int FitAndPredict()
    {
        var constraint = ThresholdOptimizerOptions.ParseConstraint(Constraint);
        var objective = constraint == ThresholdConstraint.EqualizedOdds ? ThresholdObjective.BalancedAccuracyScore : ThresholdObjective.AccuracyScore;
        var fit = ThresholdOptimizer.Fit(_scores, _data, new ThresholdOptimizerOptions(constraint, objective));
        var p = new double[Rows];
        fit.PositiveProbability(_scores, _data.Groups, _data.GroupNames, p);
        var predictions = new bool[Rows];
        ThresholdOptimizer.Realise(p, 1, predictions);
        var positives = 0;
        foreach (var x in predictions) if (x) positives++;
        return positives;
    }
}
