using MathNet.Numerics;
using Vigil.Core.Statistics;

namespace Vigil.Core.Drift.Categorical;

/// <summary>
/// Evidently's "chisquare": f_exp(key) = ref_count(key)·n_cur/n_ref, f_obs(key) = cur_count(key),
/// p = scipy.stats.chisquare(f_obs, f_exp)[1] = Q((k−1)/2, χ²/2) with χ² = Σ(f_obs − f_exp)²/f_exp.
/// A category absent from the reference but present in the current data makes χ² infinite and p = 0
/// (scipy's result too). Undefined when a sample is empty or there is a single category.
/// Also Evidently's "g_test" (scipy power_divergence, lambda_='log-likelihood'): G = 2Σ f_obs·ln(f_obs/f_exp),
/// p = Q((k−1)/2, G/2). Evidently passes the raw reference counts as f_exp, which scipy only accepts when
/// n_ref = n_cur; Vigil rescales them by n_cur/n_ref, identical when the sizes agree.
/// </summary>
public static class ChiSquareGoodnessOfFit
{
    /// <summary>Pearson χ² p-value, or null when undefined.</summary>
    public static TestResult? Pearson(CategoryCounts counts) => Run(counts, logLikelihood: false);

    /// <summary>G-test p-value, or null when undefined.</summary>
    public static TestResult? GTest(CategoryCounts counts) => Run(counts, logLikelihood: true);

    private static TestResult? Run(CategoryCounts counts, bool logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.ReferenceTotal == 0 || counts.CurrentTotal == 0 || counts.Count < 2) return null;
        var scale = (double)counts.CurrentTotal / counts.ReferenceTotal;
        var stat = 0.0;
        for (var i = 0; i < counts.Count; i++)
        {
            double obs = counts.Current[i];
            var exp = counts.Reference[i] * scale;
            if (logLikelihood)
                stat += obs == 0 ? 0 : obs * Math.Log(obs / exp);
            else
                stat += (obs - exp) * (obs - exp) / exp;
        }
        if (logLikelihood) stat *= 2;
        if (double.IsPositiveInfinity(stat)) return new TestResult(stat, 0.0);
        var p = SpecialFunctions.GammaUpperRegularized((counts.Count - 1) / 2.0, stat / 2.0);
        return new TestResult(stat, Math.Clamp(p, 0, 1));
    }
}
