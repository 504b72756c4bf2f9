namespace Vigil.Core.Statistics;

/// <summary>
/// The one home of the multiplicity adjustments of p-values used by audit, data-audit, scan and drift: Holm's (1979)
/// step-down adjustment (family-wise error rate) and Benjamini–Hochberg's (1995) step-up adjustment (false discovery
/// rate). NaN entries (no test) are left NaN and do not count in m.
/// </summary>
public static class MultipleTesting
{
    /// <summary>
    /// Holm: sort the m defined p-values ascending p(1) ≤ … ≤ p(m); the adjusted value of p(i) is
    /// min(1, max over j ≤ i of (m − j + 1)·p(j)). It controls the family-wise error rate without assuming
    /// independence.
    /// </summary>
    public static double[] Holm(ReadOnlySpan<double> pValues)
    {
        var (order, adjusted) = DefinedAscending(pValues);
        var m = order.Count;
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1.0, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// Benjamini–Hochberg step-up: sort ascending p(1) ≤ … ≤ p(m); the adjusted value of p(i) is min over j ≥ i of
    /// min(1, m·p(j)/j). Controls the false discovery rate under independence or positive dependence.
    /// </summary>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> pValues)
    {
        var (order, adjusted) = DefinedAscending(pValues);
        var m = order.Count;
        var running = 1.0;
        for (var rank = m - 1; rank >= 0; rank--)
        {
            var i = order[rank];
            running = Math.Min(running, Math.Min(1.0, pValues[i] * m / (rank + 1)));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// The indices of the defined (non-NaN) p-values in ascending order (ties by index), and a result array with NaN
    /// where no test was made.
    /// </summary>
    private static (List<int> Order, double[] Adjusted) DefinedAscending(ReadOnlySpan<double> pValues)
    {
        var adjusted = new double[pValues.Length];
        var order = new List<int>(pValues.Length);
        for (var i = 0; i < pValues.Length; i++)
        {
            adjusted[i] = double.NaN;
            if (!double.IsNaN(pValues[i])) order.Add(i);
        }
        var copy = pValues.ToArray();
        order.Sort((x, y) => copy[x] != copy[y] ? copy[x].CompareTo(copy[y]) : x.CompareTo(y));
        return (order, adjusted);
    }
}
