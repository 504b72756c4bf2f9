using Vigil.Core.Drift.Binned;
using Vigil.Core.Drift.Numeric;

namespace Vigil.Core.Drift.Summaries;

/// <summary>
/// Drift statistics computed from mergeable summaries only (no raw data), so a monitor can test a window against a
/// reference from what it keeps. Same formulas as the sample-based tests: with the reference's Evidently edges the
/// binned scores equal Evidently's whenever the current window lies within the reference's range.
/// </summary>
public static class SummaryTests
{
    /// <summary>Evidently's psi on the summaries' bin shares.</summary>
    public static double Psi(BinnedSummary reference, BinnedSummary current) =>
        ShareDistances.PopulationStabilityIndex(Require(reference).Shares(), Require(current).Shares());

    /// <summary>Evidently's jensenshannon on the summaries' bin shares.</summary>
    public static double JensenShannon(BinnedSummary reference, BinnedSummary current) =>
        ShareDistances.JensenShannon(Require(reference).Shares(), Require(current).Shares());

    /// <summary>Evidently's kl_div on the summaries' bin shares.</summary>
    public static double KullbackLeibler(BinnedSummary reference, BinnedSummary current) =>
        ShareDistances.KullbackLeibler(Require(reference).Shares(), Require(current).Shares());

    /// <summary>Pooled two-sample t-test p-value (Evidently's t_test) from counts, means and variances; null when undefined.</summary>
    public static double? TTestPValue(BinnedSummary reference, BinnedSummary current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count < 2 || current.Count < 2) return null;
        double n1 = reference.Count, n2 = current.Count;
        var df = n1 + n2 - 2;
        var sp2 = (reference.SumSquaredDeviations + current.SumSquaredDeviations) / df;
        var t = (reference.Mean - current.Mean) / Math.Sqrt(sp2 * (1 / n1 + 1 / n2));
        return double.IsNaN(t) ? null : StudentT.TwoSidedP(t, df);
    }

    private static BinnedSummary Require(BinnedSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Count == 0) throw new ArgumentException("empty summary");
        return s;
    }
}
