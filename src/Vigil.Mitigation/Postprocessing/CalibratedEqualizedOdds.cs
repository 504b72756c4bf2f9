using Vigil.Core;

namespace Vigil.Mitigation.Postprocessing;

/// <summary>Which error rate Calibrated Equalized Odds equalizes (AIF360's <c>cost_constraint</c>).</summary>
public enum CostConstraint
{
    /// <summary>Generalized false negative rate: mean of 1 − s over the positives.</summary>
    Fnr,

    /// <summary>Generalized false positive rate: mean of s over the negatives.</summary>
    Fpr,

    /// <summary>Both, weighted by the group's base rate: ½·gFPR·(1 − b) + ½·gFNR·b.</summary>
    Weighted,
}

/// <summary>
/// Calibrated Equalized Odds post-processing (Pleiss, Raghavan, Wu, Kleinberg &amp; Weinberger 2017, "On Fairness
/// and Calibration", NeurIPS), as AIF360's <c>CalibratedEqOddsPostprocessing</c>. Fit: per group g, base rate b_g
/// (share of positive labels), generalized rates gFPR_g = mean of s over negatives, gFNR_g = mean of 1 − s over
/// positives, and the cost c_g (gFNR, gFPR or ½·gFPR·(1 − b_g) + ½·gFNR·b_g for fnr, fpr, weighted; AIF360 divides
/// by fp_rate + fn_rate = 2 in the weighted case). The trivial predictor that always outputs b_g has cost t_g
/// (gFPR = b_g, gFNR = 1 − b_g). The group with the lower cost is mixed with its trivial predictor so that its cost
/// rises to the other's: mix_g = (c_max − c_g)/(t_g − c_g). Predict: each row of g gets, with probability mix_g,
/// the score b_g instead of its own (seeded draws); the prediction is score ≥ threshold (0.5).
/// AIF360 has two groups (privileged, unprivileged); with more groups every group is raised to the highest cost c_max
/// (for two groups this is AIF360's rule); a mix above 1 (the trivial predictor is not costly enough) is capped at 1
/// and reported. Needs the group at prediction time and is randomized.
/// </summary>
public sealed class CalibratedEqualizedOdds
{
    private CalibratedEqualizedOdds(CostConstraint constraint, string[] groupNames, double[] baseRate, double[] cost, double[] trivialCost, double[] mix, bool[] capped)
    {
        Constraint = constraint;
        GroupNames = groupNames;
        BaseRate = baseRate;
        Cost = cost;
        TrivialCost = trivialCost;
        MixRate = mix;
        Capped = capped;
    }

    public CostConstraint Constraint { get; }

    public IReadOnlyList<string> GroupNames { get; }

    public IReadOnlyList<double> BaseRate { get; }

    public IReadOnlyList<double> Cost { get; }

    public IReadOnlyList<double> TrivialCost { get; }

    /// <summary>Probability that a row of the group gets its base rate instead of its score.</summary>
    public IReadOnlyList<double> MixRate { get; }

    /// <summary>
    /// Groups that cannot reach the costliest group's cost: mix rate capped at 1, or 0 when the trivial predictor is no
    /// costlier than the model (AIF360's formula then gives a negative rate, which never mixes).
    /// </summary>
    public IReadOnlyList<bool> Capped { get; }

    public static CostConstraint ParseConstraint(string value) => value.Trim().ToLowerInvariant() switch
    {
        "fnr" => CostConstraint.Fnr,
        "fpr" => CostConstraint.Fpr,
        "weighted" => CostConstraint.Weighted,
        _ => throw VigilException.Option("cost_constraint", $"'{value}': expected fnr, fpr or weighted"),
    };

    public static CalibratedEqualizedOdds Fit(ReadOnlySpan<double> scores, GroupedLabels data, CostConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (scores.Length != data.Count) throw new ArgumentException($"{scores.Length} scores for {data.Count} rows", nameof(scores));
        for (var i = 0; i < scores.Length; i++)
            if (!(scores[i] >= 0 && scores[i] <= 1))
                throw VigilException.BadData($"calibrated equalized odds: score {scores[i]} at row {i + 1} is not a probability in [0, 1]");
        data.RequireBothClassesPerGroup("calibrated equalized odds");
        var k = data.GroupCount;
        var n = new double[k];
        var pos = new double[k];
        var sumNeg = new double[k];
        var sumPosMiss = new double[k];
        for (var i = 0; i < scores.Length; i++)
        {
            var g = data.Groups[i];
            n[g]++;
            if (data.Labels[i])
            {
                pos[g]++;
                sumPosMiss[g] += 1 - scores[i];
            }
            else
            {
                sumNeg[g] += scores[i];
            }
        }
        var baseRate = new double[k];
        var cost = new double[k];
        var trivial = new double[k];
        var maxCost = double.NegativeInfinity;
        for (var g = 0; g < k; g++)
        {
            if (n[g] == 0) continue;
            var b = pos[g] / n[g];
            baseRate[g] = b;
            var gfpr = sumNeg[g] / (n[g] - pos[g]);
            var gfnr = sumPosMiss[g] / pos[g];
            cost[g] = CostOf(constraint, gfpr, gfnr, b);
            trivial[g] = CostOf(constraint, b, 1 - b, b);
            maxCost = Math.Max(maxCost, cost[g]);
        }
        var mix = new double[k];
        var capped = new bool[k];
        for (var g = 0; g < k; g++)
        {
            if (n[g] == 0 || cost[g] >= maxCost) continue;
            var denominator = trivial[g] - cost[g];
            if (denominator <= 0)
            {
                // The trivial predictor is no costlier than the model: mixing cannot raise the cost. AIF360's rate is then
                // negative (or undefined) and no row is ever mixed; the same here, flagged.
                capped[g] = true;
                continue;
            }
            var m = (maxCost - cost[g]) / denominator;
            if (m > 1)
            {
                m = 1;
                capped[g] = true;
            }
            mix[g] = m;
        }
        return new CalibratedEqualizedOdds(constraint, data.GroupNames, baseRate, cost, trivial, mix, capped);
    }

    /// <summary>AIF360's weighted_cost with (fp_rate, fn_rate) = (0, 1), (1, 0) or (1, 1).</summary>
    private static double CostOf(CostConstraint c, double gfpr, double gfnr, double baseRate) => c switch
    {
        CostConstraint.Fnr => gfnr,
        CostConstraint.Fpr => gfpr,
        _ => 1.0 / 2 * gfpr * (1 - baseRate) + 1.0 / 2 * gfnr * baseRate,
    };

    /// <summary>Mixed scores (seeded) and predictions score ≥ <paramref name="threshold"/>; also the expected score.</summary>
    public void Predict(ReadOnlySpan<double> scores, ReadOnlySpan<int> groups, int seed, Span<double> mixedScores, Span<double> expectedScores,
        Span<bool> predictions, double threshold = 0.5)
    {
        var rng = new Random(seed);
        for (var i = 0; i < scores.Length; i++)
        {
            var g = groups[i];
            var m = MixRate[g];
            var s = rng.NextDouble() < m ? BaseRate[g] : scores[i];
            mixedScores[i] = s;
            expectedScores[i] = m * BaseRate[g] + (1 - m) * scores[i];
            predictions[i] = s >= threshold;
        }
    }
}
