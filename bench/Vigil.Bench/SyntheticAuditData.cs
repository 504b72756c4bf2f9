using Vigil.Core.Audit;

namespace Vigil.Bench;

/// <summary>
/// A reproducible synthetic audit population: two protected attributes (5 and 4 levels, unbalanced),
/// a label whose prevalence depends on the groups, and a score that separates the classes less well
/// for some groups, so every code path (ties excepted) does real work.
/// </summary>
public static class SyntheticAuditData
{
    public static AuditData Generate(int rows, int seed)
    {
        var rng = new Random(seed);
        var race = new int[rows];
        var ageBand = new int[rows];
        var labels = new byte[rows];
        var scores = new double[rows];
        var predictions = new byte[rows];
        double[] raceShare = [0.55, 0.2, 0.12, 0.08, 0.05];
        for (var i = 0; i < rows; i++)
        {
            var u = rng.NextDouble();
            var r = 0;
            while (r < raceShare.Length - 1 && u > raceShare[r]) u -= raceShare[r++];
            race[i] = r;
            ageBand[i] = rng.Next(4);
            var prevalence = 0.2 + 0.05 * ageBand[i];
            labels[i] = rng.NextDouble() < prevalence ? (byte)1 : (byte)0;
            var separation = 1.6 - 0.25 * r;
            var z = (labels[i] == 1 ? separation : 0) + Normal(rng) - 0.8;
            scores[i] = Math.Round(1 / (1 + Math.Exp(-z)), 6);
            predictions[i] = scores[i] >= 0.5 ? (byte)1 : (byte)0;
        }
        return new AuditData(labels, predictions, scores,
        [
            new ProtectedColumn("race", race, ["A", "B", "C", "D", "E"]),
            new ProtectedColumn("age_band", ageBand, ["18-34", "35-54", "55-74", "75+"]),
        ]);
    }

    public static IReadOnlyList<GroupingSpec> Groupings { get; } =
    [
        new(["race"]),
        new(["age_band"]),
        new(["race", "age_band"]),
    ];

    private static double Normal(Random rng)
    {
        var u1 = 1 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
