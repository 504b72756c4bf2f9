namespace Vigil.Mitigation.Preprocessing;

/// <summary>
/// Reweighing (Kamiran &amp; Calders 2012, "Data preprocessing techniques for classification without
/// discrimination", KAIS 33:1–33), as AIF360's <c>Reweighing</c>: every row of group g with label y gets the weight
/// <c>W(g, y) = P(g)·P(y) / P(g, y) = (n_g · n_y) / (n · n_{g,y})</c>, so that in the weighted data the label is
/// independent of the group (the weighted P(y | g) equals the overall P(y) for every g). AIF360 computes the four
/// cells privileged/unprivileged × favourable/unfavourable; with one cell per group (as here) the formula is the same
/// and for two groups the weights are identical. Weights sum to n. Needs the group only at training time.
/// </summary>
public sealed class Reweighing
{
    private Reweighing(double[,] weights, long[,] counts, string[] groupNames)
    {
        CellWeights = weights;
        CellCounts = counts;
        GroupNames = groupNames;
    }

    /// <summary>W(g, y) indexed [group, label (0 or 1)]; NaN for an empty cell (no row gets it).</summary>
#pragma warning disable CA1814, CA1819 // a small fixed 2-D table is the natural shape here
    public double[,] CellWeights { get; }

    /// <summary>n_{g,y} indexed [group, label].</summary>
    public long[,] CellCounts { get; }

    public string[] GroupNames { get; }
#pragma warning restore CA1814, CA1819

    /// <summary>Computes the cell weights from <paramref name="data"/>.</summary>
    public static Reweighing Fit(GroupedLabels data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0) throw new ArgumentException("no rows", nameof(data));
        var g = data.GroupCount;
#pragma warning disable CA1814
        var counts = new long[g, 2];
        var weights = new double[g, 2];
#pragma warning restore CA1814
        var groups = data.Groups;
        var labels = data.Labels;
        for (var i = 0; i < labels.Length; i++) counts[groups[i], labels[i] ? 1 : 0]++;
        double n = data.Count;
        var ny = new double[2];
        for (var k = 0; k < g; k++)
        {
            ny[0] += counts[k, 0];
            ny[1] += counts[k, 1];
        }
        for (var k = 0; k < g; k++)
        {
            double ng = counts[k, 0] + counts[k, 1];
            for (var y = 0; y < 2; y++)
                // AIF360: w = n_y * n_g / (n * n_gy), in that order of operations.
                weights[k, y] = counts[k, y] == 0 ? double.NaN : ny[y] * ng / (n * counts[k, y]);
        }
        return new Reweighing(weights, counts, data.GroupNames);
    }

    /// <summary>The weight of every row of <paramref name="data"/> (groups coded as in the fitted data).</summary>
    public double[] Transform(GroupedLabels data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var w = new double[data.Count];
        for (var i = 0; i < w.Length; i++)
        {
            var v = CellWeights[data.Groups[i], data.Labels[i] ? 1 : 0];
            // A cell absent from the fitted data: the row keeps weight 1 (AIF360 would give it 0 by its formula's
            // masks; a weight of 0 would silently drop patients from training).
            w[i] = double.IsNaN(v) ? 1.0 : v;
        }
        return w;
    }
}
