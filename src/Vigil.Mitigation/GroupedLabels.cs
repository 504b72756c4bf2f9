using Vigil.Core;

namespace Vigil.Mitigation;

/// <summary>
/// Rows of a binary outcome with one group per row: the input every group-aware mitigation takes.
/// <see cref="Groups"/> holds codes 0..<see cref="GroupCount"/>−1 into <see cref="GroupNames"/>.
/// </summary>
public sealed class GroupedLabels
{
    public GroupedLabels(int[] groups, string[] groupNames, bool[] labels)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(groupNames);
        ArgumentNullException.ThrowIfNull(labels);
        if (groups.Length != labels.Length)
            throw new ArgumentException($"{groups.Length} groups for {labels.Length} labels", nameof(groups));
        foreach (var g in groups)
            if ((uint)g >= (uint)groupNames.Length)
                throw new ArgumentException($"group code {g} outside 0..{groupNames.Length - 1}", nameof(groups));
        Groups = groups;
        GroupNames = groupNames;
        Labels = labels;
    }

#pragma warning disable CA1819 // hot loops read the arrays directly
    public int[] Groups { get; }

    public string[] GroupNames { get; }

    public bool[] Labels { get; }
#pragma warning restore CA1819

    public int Count => Labels.Length;

    public int GroupCount => GroupNames.Length;

    /// <summary>The rows at <paramref name="rows"/> (same group names, so codes stay comparable).</summary>
    public GroupedLabels Subset(ReadOnlySpan<int> rows)
    {
        var g = new int[rows.Length];
        var y = new bool[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            g[i] = Groups[rows[i]];
            y[i] = Labels[rows[i]];
        }
        return new GroupedLabels(g, GroupNames, y);
    }

    /// <summary>Counts per group: rows, positives.</summary>
    public (long[] Rows, long[] Positives) Counts()
    {
        var n = new long[GroupCount];
        var p = new long[GroupCount];
        for (var i = 0; i < Labels.Length; i++)
        {
            n[Groups[i]]++;
            if (Labels[i]) p[Groups[i]]++;
        }
        return (n, p);
    }

    /// <summary>
    /// Fails with a one-line message when a group present in the data holds one class only (the group-wise
    /// post-processors need both a positive and a negative example per group, as Fairlearn and AIF360 do).
    /// </summary>
    public void RequireBothClassesPerGroup(string method)
    {
        var (n, p) = Counts();
        for (var g = 0; g < GroupCount; g++)
        {
            if (n[g] == 0) continue;
            if (p[g] == 0 || p[g] == n[g])
                throw VigilException.BadData(
                    $"{method}: group '{GroupNames[g]}' has only {(p[g] == 0 ? "negative" : "positive")} labels ({n[g]} rows) in the training data; " +
                    "it needs both classes (merge it with another group or collect more data)");
        }
    }
}
