using MathNet.Numerics;

namespace Vigil.Core.DataAudit;

/// <summary>Pearson's chi-square test of independence on an r × c table of counts, and Cramér's V.</summary>
/// <param name="ChiSquare">Σ (O − E)² / E over cells with E &gt; 0, E = row total × column total / n (no continuity correction).</param>
/// <param name="DegreesOfFreedom">(r' − 1)(c' − 1) over the r' rows and c' columns with a non-zero total.</param>
/// <param name="PValue">Upper tail of χ² with that many degrees of freedom; null when df = 0.</param>
/// <param name="CramersV">sqrt(χ² / (n · (min(r', c') − 1))); null when min(r', c') &lt; 2.</param>
/// <param name="MinExpected">The smallest expected count (below 5 the χ² approximation is doubtful).</param>
/// <param name="N">The table total.</param>
public readonly record struct ChiSquareResult(double ChiSquare, int DegreesOfFreedom, double? PValue, double? CramersV, double MinExpected, long N);

public static class ContingencyTable
{
    /// <summary>
    /// Pearson's chi-square test of independence and Cramér's V (Cramér 1946, Mathematical Methods of
    /// Statistics, §21.9) for a row-major <paramref name="rows"/> × <paramref name="columns"/> table.
    /// Empty rows and columns are dropped first (they carry no information and would give E = 0). With
    /// fewer than two non-empty rows or columns there is nothing to test: df = 0, p and V are null.
    /// V is the bias-uncorrected version (as scipy.stats.contingency.association, method "cramer").
    /// </summary>
    public static ChiSquareResult Test(ReadOnlySpan<long> table, int rows, int columns)
    {
        if (table.Length != rows * columns) throw new ArgumentException("table must be rows × columns", nameof(table));
        var rowTotals = new long[rows];
        var columnTotals = new long[columns];
        long n = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var x = table[r * columns + c];
                rowTotals[r] += x;
                columnTotals[c] += x;
                n += x;
            }
        }
        var usedRows = 0;
        var usedColumns = 0;
        foreach (var t in rowTotals) if (t > 0) usedRows++;
        foreach (var t in columnTotals) if (t > 0) usedColumns++;
        if (usedRows < 2 || usedColumns < 2) return new ChiSquareResult(0, 0, null, null, double.NaN, n);

        var chi = 0.0;
        var minExpected = double.PositiveInfinity;
        for (var r = 0; r < rows; r++)
        {
            if (rowTotals[r] == 0) continue;
            for (var c = 0; c < columns; c++)
            {
                if (columnTotals[c] == 0) continue;
                var e = (double)rowTotals[r] * columnTotals[c] / n;
                var d = table[r * columns + c] - e;
                chi += d * d / e;
                if (e < minExpected) minExpected = e;
            }
        }
        var df = (usedRows - 1) * (usedColumns - 1);
        var p = UpperTail(df, chi);
        var v = Math.Sqrt(chi / (n * (Math.Min(usedRows, usedColumns) - 1)));
        return new ChiSquareResult(chi, df, p, Math.Min(1.0, v), minExpected, n);
    }

    /// <summary>
    /// Pearson's chi-square goodness-of-fit test of observed counts against expected shares:
    /// χ² = Σ (O_i − n·s_i)² / (n·s_i), df = k − 1, p the upper tail of χ²(df). Shares must be positive
    /// (a zero share with observations would make χ² infinite). Null p with fewer than two categories or n = 0.
    /// </summary>
    public static (double ChiSquare, int DegreesOfFreedom, double? PValue, double MinExpected) GoodnessOfFit(ReadOnlySpan<long> observed, ReadOnlySpan<double> shares)
    {
        if (observed.Length != shares.Length) throw new ArgumentException("one share per category", nameof(shares));
        long n = 0;
        foreach (var o in observed) n += o;
        if (n == 0 || observed.Length < 2) return (0, 0, null, double.NaN);
        var total = 0.0;
        foreach (var s in shares) total += s;
        var chi = 0.0;
        var minExpected = double.PositiveInfinity;
        for (var i = 0; i < observed.Length; i++)
        {
            var e = n * shares[i] / total;
            var d = observed[i] - e;
            chi += d * d / e;
            minExpected = Math.Min(minExpected, e);
        }
        var df = observed.Length - 1;
        return (chi, df, UpperTail(df, chi), minExpected);
    }

    /// <summary>P(χ²_df ≥ x) as the regularized upper incomplete gamma Q(df/2, x/2) (accurate for tiny p, unlike 1 − CDF).</summary>
    public static double UpperTail(int df, double x) => x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);
}
