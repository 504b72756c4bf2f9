using Vigil.Application.Groups;
using Vigil.Core.Estimation;
using Vigil.Data;

namespace Vigil.Application.Estimation;

/// <summary>
/// The groupings of a <see cref="GroupSelection"/> as group codes of both files: each attribute alone, then each
/// intersection (values joined by '*'; numeric attributes banded). The level list is the sorted union of both files'
/// groups, so a group present in one file only keeps its name; a row missing an attribute belongs to no group.
/// </summary>
public static class EstimationGroups
{
    public static IReadOnlyList<EstimationGrouping> Build(GroupSelection selection, TabularSource reference, TabularSource current)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var result = new List<EstimationGrouping>();
        foreach (var spec in selection.Groupings())
        {
            var r = RowGroupLabels.Of(reference, spec.Attributes, selection.Bands);
            var c = RowGroupLabels.Of(current, spec.Attributes, selection.Bands);
            var levels = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var l in r.Concat(c))
                if (l is not null) levels.Add(l);
            var list = levels.ToArray();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var k = 0; k < list.Length; k++) index[list[k]] = k;
            result.Add(new EstimationGrouping(string.Join(GroupSelection.Separator, spec.Attributes), spec.Attributes, list,
                r.Select(l => l is null ? -1 : index[l]).ToArray(), c.Select(l => l is null ? -1 : index[l]).ToArray()));
        }
        return result;
    }
}
