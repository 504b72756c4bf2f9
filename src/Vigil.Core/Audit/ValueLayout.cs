namespace Vigil.Core.Audit;

/// <summary>
/// Where each audit value sits in one flat vector: the metrics of every global group, then the three
/// disparity families of each grouping, then the population's inequality indices. The point estimate
/// and each bootstrap replicate are vectors of this layout, so intervals are per-index percentiles.
/// </summary>
internal sealed class ValueLayout
{
    public static readonly string[] InequalityNames = ["theil_index", "generalized_entropy_index", "coefficient_of_variation"];

    private readonly GroupStructure _structure;

    public ValueLayout(GroupStructure structure)
    {
        _structure = structure;
        DisparityStart = structure.TotalGroups * GroupMetrics.Count;
        InequalityStart = DisparityStart + structure.Groupings * DisparitiesPerGrouping;
        Length = InequalityStart + InequalityNames.Length;
    }

    public static int DisparitiesPerGrouping =>
        Disparities.BetweenGroupNames.Length + Disparities.ToOverallNames.Length + Disparities.VsReferenceNames.Length;

    public int DisparityStart { get; }

    public int InequalityStart { get; }

    public int Length { get; }

    public static int MetricIndex(int globalGroup, GroupMetric metric) => globalGroup * GroupMetrics.Count + (int)metric;

    public int BetweenIndex(int grouping, int k) => DisparityStart + grouping * DisparitiesPerGrouping + k;

    public int ToOverallIndex(int grouping, int k) => BetweenIndex(grouping, Disparities.BetweenGroupNames.Length + k);

    public int VsReferenceIndex(int grouping, int k) =>
        BetweenIndex(grouping, Disparities.BetweenGroupNames.Length + Disparities.ToOverallNames.Length + k);

    public void Evaluate(GroupTable table, int[] references, AuditOptions options, double[] values)
    {
        var span = values.AsSpan();
        for (var g = 0; g < table.Groups; g++)
            table.Evaluate(g, span.Slice(g * GroupMetrics.Count, GroupMetrics.Count));
        var metrics = span[..DisparityStart];
        for (var j = 0; j < _structure.Groupings; j++)
        {
            var between = span.Slice(BetweenIndex(j, 0), Disparities.BetweenGroupNames.Length);
            var toOverall = span.Slice(ToOverallIndex(j, 0), Disparities.ToOverallNames.Length);
            var vsReference = span.Slice(VsReferenceIndex(j, 0), Disparities.VsReferenceNames.Length);
            Disparities.Compute(table, metrics, _structure.GroupingOffsets[j], _structure.GroupCount(j), references[j], options,
                between, toOverall, vsReference);
        }
        long tp = table.Tp[0], fp = table.Fp[0], tn = table.Tn[0], fn = table.Fn[0];
        values[InequalityStart] = InequalityIndices.OfCounts(tp, fp, tn, fn, 1);
        var ge = InequalityIndices.OfCounts(tp, fp, tn, fn, options.GeneralizedEntropyAlpha);
        values[InequalityStart + 1] = ge;
        // AIF360: coefficient of variation = sqrt(2·GE(2)), i.e. sd(b) / mean(b) with the population sd.
        values[InequalityStart + 2] = Math.Sqrt(2 * InequalityIndices.OfCounts(tp, fp, tn, fn, 2));
    }
}
