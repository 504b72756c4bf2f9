using Vigil.Core.Statistics;

namespace Vigil.Core.Thresholds;

/// <summary>A chosen threshold and what it gives on the rows it was chosen on.</summary>
/// <param name="Rule">The rule that chose it.</param>
/// <param name="Value">The threshold: a row is flagged when score ≥ Value.</param>
/// <param name="Sensitivity">TP / P at Value on the choosing rows (NaN without positives).</param>
/// <param name="Specificity">TN / N at Value (NaN without negatives).</param>
/// <param name="AlertRate">(TP + FP) / n at Value.</param>
/// <param name="Note">Why the target could not be met exactly, or null.</param>
public sealed record ThresholdChoice(ThresholdRule Rule, double Value, double Sensitivity, double Specificity, double AlertRate, string? Note);

/// <summary>
/// Pure threshold selection on scores with known labels (docs/models.md, "Thresholds"). A row is flagged when
/// score ≥ t. Only the distinct scores are candidate thresholds, since sensitivity, specificity and the alert rate
/// change only there; t = the k-th highest distinct score flags exactly the rows with score ≥ it.
/// <list type="bullet">
/// <item>Fixed: t as given.</item>
/// <item>Youden: argmax over candidates of J(t) = sens(t) + spec(t) − 1 (Youden 1950). Ties in J go to the highest
/// threshold (fewest alerts).</item>
/// <item>Sensitivity target s: the highest candidate t with sens(t) ≥ s (sensitivity only grows as t falls, so this is
/// the most specific threshold that meets the target).</item>
/// <item>Alert-rate target a: the lowest candidate t with alert(t) ≤ a, i.e. as many alerts as the target allows.
/// Tied scores move together, so the rate reached may be below a; when even the highest score is shared by more than
/// a·n rows, t is just above the highest score (no alerts) and the note says so.</item>
/// </list>
/// </summary>
public static class ThresholdSelection
{
    public static ThresholdChoice Choose(ThresholdRule rule, ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (scores.Length != positive.Length) throw new ArgumentException("scores and labels differ in length");
        var n = scores.Length;
        if (n == 0) throw VigilException.BadData("no rows to choose a threshold on");
        long p = 0;
        foreach (var y in positive)
            if (y) p++;
        var neg = n - p;
        if (rule.Method == ThresholdMethod.Fixed)
        {
            var c = ConfusionCounts.At(scores, positive, rule.Target);
            return new ThresholdChoice(rule, rule.Target, Ratio(c.Tp, p), Ratio(c.Tn, neg), (double)(c.Tp + c.Fp) / n, null);
        }
        if (rule.Method == ThresholdMethod.Youden && (p == 0 || neg == 0))
            throw new VigilException(FailureKind.Data, "youden needs rows of both classes") { Parameter = "threshold" };
        if (rule.Method == ThresholdMethod.Sensitivity && p == 0)
            throw new VigilException(FailureKind.Data, "sensitivity:TARGET needs positive rows") { Parameter = "threshold" };

        // Scores high to low; walk the distinct values accumulating TP and FP.
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var keys = new double[n];
        for (var i = 0; i < n; i++) keys[i] = -scores[i];
        Array.Sort(keys, order);
        long tp = 0, fp = 0;
        var bestValue = double.NaN;
        long bestTp = 0, bestFp = 0;
        var bestJ = double.NegativeInfinity;
        var found = false;
        var k = 0;
        while (k < n)
        {
            var value = -keys[k];
            while (k < n && -keys[k] == value)
            {
                if (positive[order[k]]) tp++;
                else fp++;
                k++;
            }
            switch (rule.Method)
            {
                case ThresholdMethod.Youden:
                    var j = (double)tp / p + (double)(neg - fp) / neg - 1;
                    if (j > bestJ)
                    {
                        bestJ = j;
                        (bestValue, bestTp, bestFp) = (value, tp, fp);
                    }
                    break;
                case ThresholdMethod.Sensitivity:
                    if (!found && (double)tp / p >= rule.Target - 1e-12)
                    {
                        found = true;
                        (bestValue, bestTp, bestFp) = (value, tp, fp);
                    }
                    break;
                default:
                    if ((double)(tp + fp) / n <= rule.Target + 1e-12)
                    {
                        found = true;
                        (bestValue, bestTp, bestFp) = (value, tp, fp);
                    }
                    break;
            }
        }
        string? note = null;
        if (rule.Method == ThresholdMethod.AlertRate && !found)
        {
            bestValue = Math.BitIncrement(-keys[0]);
            (bestTp, bestFp) = (0, 0);
            note = "the highest score is shared by more rows than the target alert rate allows; no row is flagged";
        }
        else if (rule.Method == ThresholdMethod.AlertRate && (double)(bestTp + bestFp) / n < rule.Target - 1e-12)
        {
            note = "tied scores: the alert rate reached is below the target";
        }
        return new ThresholdChoice(rule, bestValue, Ratio(bestTp, p), Ratio(neg - bestFp, neg), (double)(bestTp + bestFp) / n, note);
    }

    private static double Ratio(long a, long b) => b == 0 ? double.NaN : (double)a / b;
}
