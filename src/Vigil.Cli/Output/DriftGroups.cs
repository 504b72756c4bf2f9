using Vigil.Core.Drift;
using Vigil.Data;

namespace Vigil.Cli.Output;

/// <summary>
/// --by: the column tests within each value g of a grouping column, reference rows with g against current rows
/// with g. Values present in only one file are listed, not compared. A column without values inside a group gets
/// undefined tests (with the reason) rather than an error.
/// </summary>
public static class DriftGroups
{
    public static GroupedDrift Run(TabularSource reference, TabularSource current, string column,
        IReadOnlyList<DriftColumnData> data, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(data);
        var r = reference.ReadCategorical(column, "--by");
        var c = current.ReadCategorical(column, "--by");
        var refLevels = Present(r);
        var curLevels = Present(c);
        var both = refLevels.Intersect(curLevels).ToList();
        var groups = new List<GroupDrift>();
        var names = data.Select(d => d.Name).ToList();
        foreach (var value in both)
        {
            var refMask = Mask(r, value);
            var curMask = Mask(c, value);
            var result = DriftAnalysis.Run(names, i => data[i].Samples(refMask, curMask), options);
            groups.Add(new GroupDrift(value, refMask.Count(x => x), curMask.Count(x => x), result));
        }
        return new GroupedDrift(column, groups, refLevels.Except(curLevels).ToList(), curLevels.Except(refLevels).ToList());
    }

    private static List<string> Present(CategoricalColumn column)
    {
        var seen = new bool[column.Levels.Length];
        foreach (var code in column.Codes)
            if (code >= 0) seen[code] = true;
        return column.Levels.Where((_, i) => seen[i]).ToList();
    }

    private static bool[] Mask(CategoricalColumn column, string value)
    {
        var code = Array.IndexOf(column.Levels, value);
        var mask = new bool[column.Codes.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = column.Codes[i] == code;
        return mask;
    }
}
