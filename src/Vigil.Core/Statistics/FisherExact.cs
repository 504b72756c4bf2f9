using MathNet.Numerics;

namespace Vigil.Core.Statistics;

/// <summary>
/// Fisher's exact test of the 2×2 table [[a, b], [c, d]] (rows: the two samples; columns: event, no event). With
/// the margins fixed, a is hypergeometric: P(a = k) = C(a+c, k)·C(b+d, a+b−k) / C(n, a+b), n = a+b+c+d.
/// The one implementation in Vigil: the audit's and validation's proportion tests, data-audit's missingness
/// tables, drift's "fisher_exact" and the scan's one-sided test all call it.
/// </summary>
public static class FisherExact
{
    /// <summary>Relative tolerance for probability ties, as scipy.stats.fisher_exact (1 + 1e-7).</summary>
    private const double RelativeTolerance = 1 + 1e-7;

    /// <summary>
    /// Two-sided p-value as scipy.stats.fisher_exact: the sum of P(a = k) over every k whose probability is no
    /// larger than the observed table's (within the relative tolerance), capped at 1. 1 when a margin is empty.
    /// </summary>
    public static double TwoSided(long a, long b, long c, long d)
    {
        var row1 = a + b;
        var col1 = a + c;
        var n = a + b + c + d;
        if (row1 == 0 || col1 == 0 || row1 == n || col1 == n) return 1.0;
        var lo = Math.Max(0, row1 + col1 - n);
        var hi = Math.Min(row1, col1);
        var logObserved = LogHypergeometric(a, n, row1, col1);
        var total = 0.0;
        for (var k = lo; k <= hi; k++)
        {
            var lp = LogHypergeometric(k, n, row1, col1);
            if (lp <= logObserved + Math.Log(RelativeTolerance)) total += Math.Exp(lp);
        }
        return Math.Min(1.0, total);
    }

    /// <summary>
    /// One-sided p-value P(X ≥ a) for the alternative that the first row's event rate a/(a+b) exceeds the second's
    /// (scipy.stats.fisher_exact with alternative='greater'): X hypergeometric with a+b draws from n records of
    /// which a+c are events. Capped at 1.
    /// </summary>
    public static double Greater(long a, long b, long c, long d)
    {
        var draws = a + b;
        var total = draws + c + d;
        var events = a + c;
        var hi = Math.Min(draws, events);
        var denominator = SpecialFunctions.BinomialLn((int)total, (int)draws);
        var p = 0.0;
        for (var k = a; k <= hi; k++)
            p += Math.Exp(SpecialFunctions.BinomialLn((int)events, (int)k)
                          + SpecialFunctions.BinomialLn((int)(total - events), (int)(draws - k)) - denominator);
        return Math.Min(1, p);
    }

    /// <summary>The sample odds ratio ad/(bc) (infinite or NaN when b or c is 0), the statistic scipy reports.</summary>
    public static double OddsRatio(long a, long b, long c, long d) => (double)a * d / ((double)b * c);

    private static double LogHypergeometric(long k, long n, long row1, long col1) =>
        SpecialFunctions.BinomialLn((int)col1, (int)k) + SpecialFunctions.BinomialLn((int)(n - col1), (int)(row1 - k))
        - SpecialFunctions.BinomialLn((int)n, (int)row1);
}
