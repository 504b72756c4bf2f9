namespace Vigil.Core.DataAudit;

/// <summary>AIF360's BinaryLabelDatasetMetric on the labels of one grouping.</summary>
/// <param name="BaseRate">P(y = 1) over all rows with a label (AIF360 base_rate()).</param>
/// <param name="PrivilegedBaseRate">P(y = 1 | privileged) (base_rate(privileged=True)).</param>
/// <param name="UnprivilegedBaseRate">P(y = 1 | every other group taken together) (base_rate(privileged=False)).</param>
/// <param name="StatisticalParityDifference">P(y = 1 | unprivileged) − P(y = 1 | privileged).</param>
/// <param name="DisparateImpact">P(y = 1 | unprivileged) / P(y = 1 | privileged).</param>
public sealed record DatasetFairnessResult(Metric BaseRate, Metric PrivilegedBaseRate, Metric UnprivilegedBaseRate,
    Metric StatisticalParityDifference, Metric DisparateImpact);

/// <summary>
/// AIF360's dataset metrics on labels (aif360.metrics.BinaryLabelDatasetMetric, v0.6.1), computed from
/// per-group counts. As in AIF360 the privileged side is one group and the unprivileged side is every
/// other group pooled; signs are unprivileged minus privileged and the ratio is not folded.
/// </summary>
public static class DatasetFairness
{
    /// <summary>
    /// base_rate = positives / n; statistical_parity_difference = base_rate(unprivileged) −
    /// base_rate(privileged); disparate_impact = base_rate(unprivileged) / base_rate(privileged).
    /// Undefined when a side has no rows, and disparate impact also when the privileged base rate is 0.
    /// </summary>
    public static DatasetFairnessResult Compute(ReadOnlySpan<long> n, ReadOnlySpan<long> positives, int privileged)
    {
        long nAll = 0, xAll = 0;
        for (var g = 0; g < n.Length; g++)
        {
            nAll += n[g];
            xAll += positives[g];
        }
        var nPriv = n[privileged];
        var xPriv = positives[privileged];
        var nUnpriv = nAll - nPriv;
        var xUnpriv = xAll - xPriv;
        var baseRate = nAll > 0 ? Metric.Of((double)xAll / nAll) : Metric.Undefined("no labelled rows");
        var priv = nPriv > 0 ? Metric.Of((double)xPriv / nPriv) : Metric.Undefined("no labelled rows in the privileged group");
        var unpriv = nUnpriv > 0 ? Metric.Of((double)xUnpriv / nUnpriv) : Metric.Undefined("no labelled rows outside the privileged group");
        Metric spd, di;
        if (!priv.IsDefined || !unpriv.IsDefined)
        {
            spd = di = Metric.Undefined(priv.IsDefined ? unpriv.Reason! : priv.Reason!);
        }
        else
        {
            spd = Metric.Of(unpriv.Value!.Value - priv.Value!.Value);
            di = priv.Value!.Value > 0
                ? Metric.Of(unpriv.Value!.Value / priv.Value!.Value)
                : Metric.Undefined("no positives in the privileged group");
        }
        return new DatasetFairnessResult(baseRate, priv, unpriv, spd, di);
    }
}
