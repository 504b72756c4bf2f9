namespace Vigil.Core.Estimation;

/// <summary>
/// The expected confusion matrix of thresholded predictions when each row's outcome is Bernoulli(p̂ᵢ) with p̂ the
/// calibrated probability (CBPE, NannyML): E[TP] = Σ_{ŷ=1} p̂ᵢ, E[FP] = Σ_{ŷ=1} (1 − p̂ᵢ), E[FN] = Σ_{ŷ=0} p̂ᵢ,
/// E[TN] = Σ_{ŷ=0} (1 − p̂ᵢ). Rates are ratios of these expectations (sensitivity = E[TP]/(E[TP] + E[FN]), ...);
/// the same formulas with 0/1 outcomes give the realized matrix. Mergeable with +.
/// </summary>
public readonly record struct ExpectedConfusion(double TruePositives, double FalsePositives, double TrueNegatives, double FalseNegatives)
{
    /// <summary>Rows.</summary>
    public double Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Adds two matrices.</summary>
    public static ExpectedConfusion operator +(ExpectedConfusion a, ExpectedConfusion b) => new(
        a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.TrueNegatives + b.TrueNegatives, a.FalseNegatives + b.FalseNegatives);

    /// <summary>The expected matrix of rows with probabilities <paramref name="probability"/> and predictions <paramref name="predicted"/>.</summary>
    public static ExpectedConfusion From(ReadOnlySpan<double> probability, ReadOnlySpan<bool> predicted)
    {
        if (probability.Length != predicted.Length) throw new ArgumentException("probabilities and predictions differ in length", nameof(predicted));
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < probability.Length; i++)
        {
            var p = probability[i];
            if (predicted[i])
            {
                tp += p;
                fp += 1 - p;
            }
            else
            {
                fn += p;
                tn += 1 - p;
            }
        }
        return new ExpectedConfusion(tp, fp, tn, fn);
    }

    /// <summary>
    /// The expected matrix of bins of rows: bin b holds <paramref name="count"/>[b] rows, each with probability
    /// <paramref name="probability"/>[b] and prediction <paramref name="predicted"/>[b] (E[TP] = Σ_{ŷ=1} cᵦp̂ᵦ, ...).
    /// </summary>
    public static ExpectedConfusion From(ReadOnlySpan<double> probability, ReadOnlySpan<bool> predicted, ReadOnlySpan<long> count)
    {
        if (probability.Length != predicted.Length || probability.Length != count.Length)
            throw new ArgumentException("probabilities, predictions and counts differ in length", nameof(count));
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < probability.Length; i++)
        {
            var p = probability[i];
            double c = count[i];
            if (predicted[i])
            {
                tp += c * p;
                fp += c * (1 - p);
            }
            else
            {
                fn += c * p;
                tn += c * (1 - p);
            }
        }
        return new ExpectedConfusion(tp, fp, tn, fn);
    }

    /// <summary>E[TP]/(E[TP] + E[FN]), undefined without expected positives.</summary>
    public double Sensitivity => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>1 − sensitivity.</summary>
    public double FalseNegativeRate => Ratio(FalseNegatives, TruePositives + FalseNegatives);

    /// <summary>E[TN]/(E[TN] + E[FP]).</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>E[TP]/(rows predicted positive).</summary>
    public double PositivePredictiveValue => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>E[TN]/(rows predicted negative).</summary>
    public double NegativePredictiveValue => Ratio(TrueNegatives, TrueNegatives + FalseNegatives);

    /// <summary>Rows predicted positive / rows (exact: it needs no label).</summary>
    public double SelectionRate => Ratio(TruePositives + FalsePositives, Total);

    /// <summary>E[positives]/rows.</summary>
    public double Prevalence => Ratio(TruePositives + FalseNegatives, Total);

    /// <summary>a / b, NaN when b is not positive.</summary>
    private static double Ratio(double a, double b) => b > 0 ? a / b : double.NaN;
}
