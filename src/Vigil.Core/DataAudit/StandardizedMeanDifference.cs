namespace Vigil.Core.DataAudit;

/// <summary>Standardized mean differences, the balance measure of Austin (2009, Stat Med 28:3083).</summary>
public static class StandardizedMeanDifference
{
    /// <summary>The |SMD| above which a difference is conventionally called imbalanced (Austin 2009).</summary>
    public const double Threshold = 0.1;

    /// <summary>
    /// Continuous variable: SMD = (x̄_g − x̄_ref) / sqrt((s_g² + s_ref²) / 2) with sample variances.
    /// Undefined when either group has fewer than two values, or when both variances are 0 (then any
    /// non-zero difference would be infinite).
    /// </summary>
    public static Metric Continuous(DescriptiveSummary group, DescriptiveSummary reference)
    {
        if (group.N < 2 || reference.N < 2) return Metric.Undefined("fewer than two values in a group");
        var pooled = (group.Variance + reference.Variance) / 2;
        if (!(pooled > 0)) return Metric.Undefined("no variation in either group");
        return Metric.Of((group.Mean - reference.Mean) / Math.Sqrt(pooled));
    }

    /// <summary>
    /// Binary indicator (e.g. one level of a categorical variable): SMD = (p_g − p_ref) /
    /// sqrt((p_g(1 − p_g) + p_ref(1 − p_ref)) / 2). Undefined when a group is empty or both proportions
    /// are 0 or 1.
    /// </summary>
    public static Metric Proportion(long xGroup, long nGroup, long xReference, long nReference)
    {
        if (nGroup == 0 || nReference == 0) return Metric.Undefined("empty group");
        var pg = (double)xGroup / nGroup;
        var pr = (double)xReference / nReference;
        var pooled = (pg * (1 - pg) + pr * (1 - pr)) / 2;
        if (!(pooled > 0)) return Metric.Undefined("no variation in either group");
        return Metric.Of((pg - pr) / Math.Sqrt(pooled));
    }
}
