namespace Vigil.Core.Statistics;

/// <summary>Holm's (1979) step-down adjustment of p-values for multiple comparisons.</summary>
public static class HolmAdjustment
{
    /// <summary>
    /// Sort the m defined p-values ascending p(1) ≤ … ≤ p(m); the adjusted value of p(i) is
    /// min(1, max over j ≤ i of (m − j + 1)·p(j)). It controls the family-wise error rate without
    /// assuming independence. NaN entries (no test) are left NaN and do not count in m.
    /// </summary>
    public static double[] Adjust(ReadOnlySpan<double> pValues)
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
    /// The indices of the defined (non-NaN) p-values in ascending order (ties by index), and a result array with NaN
    /// where no test was made; shared by the Holm and Benjamini–Hochberg adjustments.
    /// </summary>
    internal static (List<int> Order, double[] Adjusted) DefinedAscending(ReadOnlySpan<double> pValues)
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
