using Vigil.Core;

namespace Vigil.Mitigation.Preprocessing;

/// <summary>
/// Correlation Remover, as Fairlearn's <c>CorrelationRemover</c> (fairlearn.preprocessing) with the sensitive
/// attribute one-hot encoded: fit β by least squares of the non-sensitive features Z on the centred sensitive
/// columns S − s̄ (no intercept), then Z* = Z − (S − s̄)β and the output is α·Z* + (1 − α)·Z.
/// </summary>
/// <remarks>
/// Because the centred one-hot columns span exactly the group-constant vectors with mean zero, the projection
/// (S − s̄)β of a row in group g is m_g − m: the training mean of the feature in g minus its overall training mean
/// (the minimum-norm least-squares solution numpy's lstsq returns has the same projection even though the full
/// one-hot is rank-deficient). So the transform is z* = z − α·(m_g − m): it shifts every group's mean to the overall
/// mean and leaves the spread within groups alone. Computed that way here (no matrix solve). Fairlearn's code centres
/// S with numpy's <c>X_sensitive.mean()</c>, the mean of all entries: for a single 0/1 column (the usual encoding of a
/// binary attribute) that is the column mean used here; for several one-hot columns Vigil follows Fairlearn's
/// documented per-column centring (s̄ = the column means).
/// Needs the protected attribute whenever it transforms data, including at prediction time.
/// </remarks>
public sealed class CorrelationRemover
{
    private readonly double[][] _shift; // [column][group] = m_g − m

    private CorrelationRemover(double alpha, double[][] shift, bool[] groupSeen)
    {
        Alpha = alpha;
        _shift = shift;
        GroupSeen = groupSeen;
    }

    public double Alpha { get; }

    private bool[] GroupSeen { get; }

    /// <summary>m_g − m of column <paramref name="column"/> for group <paramref name="group"/> (what is removed at α = 1).</summary>
    public double Shift(int column, int group) => _shift[column][group];

    /// <summary>Fits the group means of every column (columns as arrays; NaN values are left out of the means).</summary>
    public static CorrelationRemover Fit(IReadOnlyList<double[]> columns, ReadOnlySpan<int> groups, int groupCount, double alpha)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (!(alpha >= 0 && alpha <= 1)) throw VigilException.Option("alpha", $"{alpha}: expected a number in [0, 1]");
        var seen = new bool[groupCount];
        foreach (var g in groups) seen[g] = true;
        var shift = new double[columns.Count][];
        for (var c = 0; c < columns.Count; c++)
        {
            var values = columns[c];
            if (values.Length != groups.Length) throw new ArgumentException($"column {c}: {values.Length} values for {groups.Length} rows", nameof(columns));
            var sum = new double[groupCount];
            var n = new long[groupCount];
            double total = 0;
            long count = 0;
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];
                if (double.IsNaN(v)) continue;
                sum[groups[i]] += v;
                n[groups[i]]++;
                total += v;
                count++;
            }
            var mean = count == 0 ? 0 : total / count;
            shift[c] = new double[groupCount];
            for (var g = 0; g < groupCount; g++) shift[c][g] = n[g] == 0 ? 0 : sum[g] / n[g] - mean;
        }
        return new CorrelationRemover(alpha, shift, seen);
    }

    /// <summary>z − α·(m_g − m) for every value of <paramref name="columns"/> (in place on copies, returned).</summary>
    public double[][] Transform(IReadOnlyList<double[]> columns, ReadOnlySpan<int> groups, IReadOnlyList<string> groupNames)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(groupNames);
        if (columns.Count != _shift.Length) throw new ArgumentException($"fitted on {_shift.Length} columns, given {columns.Count}", nameof(columns));
        foreach (var g in groups)
            if (!GroupSeen[g])
                throw VigilException.BadData($"correlation remover: group '{groupNames[g]}' was not in the training data");
        var result = new double[columns.Count][];
        for (var c = 0; c < columns.Count; c++)
        {
            var src = columns[c];
            var dst = new double[src.Length];
            var s = _shift[c];
            for (var i = 0; i < src.Length; i++) dst[i] = src[i] - Alpha * s[groups[i]];
            result[c] = dst;
        }
        return result;
    }
}
