namespace Vigil.Core.Estimation;

/// <summary>The density-ratio model: how well it tells the files apart, and the importance weight of every reference row.</summary>
/// <param name="Auroc">Out-of-fold AUROC of the domain model (DeLong interval).</param>
/// <param name="Weights">w(x) per reference row, normalised to mean 1 and clipped (see <see cref="DensityRatio"/>).</param>
/// <param name="EffectiveSampleSize">Kish's effective sample size of the reference under the weights, (Σw)²/Σw².</param>
/// <param name="ClippedRows">Reference rows whose weight was clipped.</param>
/// <param name="Folds">Cross-validation folds.</param>
/// <param name="Features">Columns of the feature matrix.</param>
public sealed record DensityRatioResult(Metric Auroc, double[] Weights, double EffectiveSampleSize, int ClippedRows, int Folds, int Features);

/// <summary>
/// Density-ratio weights for covariate shift by a probabilistic domain classifier (Bickel, Brückner and Scheffer 2007;
/// the weighting of NannyML's PAPE): an L2-penalised logistic regression (λ = 1 on standardized features) of
/// "row is from the current file" on x gives P(cur | x), and
/// w(x) = P(cur | x)/P(ref | x) · n_ref/n_cur estimates p_cur(x)/p_ref(x). Weights are normalised to mean 1 on the
/// reference and clipped at <see cref="MaxWeight"/> (a handful of reference rows must not carry the estimate; the
/// clipped count is reported). Detection uses the out-of-fold AUROC (k folds, seeded) with DeLong's interval
/// (<see cref="Statistics.Auroc"/>, the drift domain classifier's AUROC); the weights come from a fit on all rows.
/// A log-linear ratio is exact for shifts that reweight x exponentially in its features (tilting an age
/// distribution, changing the mix of a category) and an approximation otherwise.
/// </summary>
public static class DensityRatio
{
    /// <summary>Largest weight after normalisation to mean 1.</summary>
    public const double MaxWeight = 20;

    /// <summary>The L2 penalty on standardized features.</summary>
    public const double Penalty = 1;

    /// <summary>Rows drawn at random (seeded, without replacement) from each file to fit the model when it has more.</summary>
    public const int MaxRowsPerFile = 10_000;

    /// <summary>Fits the model on row-major feature matrices (d columns, already standardized) of both files.</summary>
    public static DensityRatioResult Fit(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int d, int folds, int seed)
    {
        if (d <= 0) throw new ArgumentOutOfRangeException(nameof(d), "needs at least one feature");
        var totalRef = reference.Length / d;
        var rng = new Random(seed);
        var refRows = Subsample(totalRef, rng);
        var curRows = Subsample(current.Length / d, rng);
        var nRef = refRows.Length;
        var nCur = curRows.Length;
        var n = nRef + nCur;
        var x = new double[n * d];
        for (var i = 0; i < nRef; i++) reference.Slice(refRows[i] * d, d).CopyTo(x.AsSpan(i * d, d));
        for (var i = 0; i < nCur; i++) current.Slice(curRows[i] * d, d).CopyTo(x.AsSpan((nRef + i) * d, d));
        var y = new bool[n];
        for (var i = nRef; i < n; i++) y[i] = true;

        // Out-of-fold probabilities for the AUROC.
        var fold = new int[n];
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        rng.Shuffle(order);
        for (var i = 0; i < n; i++) fold[order[i]] = i % folds;
        var oof = new double[n];
        var trainWeights = new double[n];
        for (var k = 0; k < folds; k++)
        {
            for (var i = 0; i < n; i++) trainWeights[i] = fold[i] == k ? 0 : 1;
            var beta = WeightedLogisticRegression.Fit(x, d, y, trainWeights, Penalty);
            for (var i = 0; i < n; i++)
                if (fold[i] == k) oof[i] = WeightedLogisticRegression.LinearPredictor(beta, x.AsSpan(i * d, d));
        }
        var auroc = Statistics.Auroc.WithDeLongCi(oof, y);

        var full = WeightedLogisticRegression.Fit(x, d, y, [], Penalty);
        nRef = totalRef;
        var weights = new double[nRef];
        double sum = 0;
        for (var i = 0; i < nRef; i++)
        {
            // P(cur|x)/P(ref|x) = e^η; the constant n_ref/n_cur cancels in the normalisation to mean 1.
            weights[i] = Math.Exp(Math.Min(WeightedLogisticRegression.LinearPredictor(full, reference.Slice(i * d, d)), 50));
            sum += weights[i];
        }
        var clipped = 0;
        double s1 = 0, s2 = 0;
        for (var i = 0; i < nRef; i++)
        {
            var w = weights[i] * nRef / sum;
            if (w > MaxWeight)
            {
                w = MaxWeight;
                clipped++;
            }
            weights[i] = w;
        }
        // Renormalise after clipping so the weights still average 1.
        double after = 0;
        foreach (var w in weights) after += w;
        for (var i = 0; i < nRef; i++)
        {
            weights[i] *= nRef / after;
            s1 += weights[i];
            s2 += weights[i] * weights[i];
        }
        return new DensityRatioResult(auroc, weights, s1 * s1 / s2, clipped, folds, d);
    }

    private static int[] Subsample(int count, Random rng)
    {
        var all = new int[count];
        for (var i = 0; i < count; i++) all[i] = i;
        if (count <= MaxRowsPerFile) return all;
        rng.Shuffle(all);
        var chosen = all[..MaxRowsPerFile];
        Array.Sort(chosen);
        return chosen;
    }
}
