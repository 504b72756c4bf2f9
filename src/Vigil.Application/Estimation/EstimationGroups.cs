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
            var r = Labels(reference, spec.Attributes, selection.Bands);
            var c = Labels(current, spec.Attributes, selection.Bands);
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

    /// <summary>Each row's group name, or null when an attribute is missing.</summary>
    public static string?[] Labels(TabularSource source, IReadOnlyList<string> columns, IReadOnlyList<Bands> bands)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(bands);
        string?[]? labels = null;
        foreach (var column in columns)
        {
            var values = Values(source, column, bands.FirstOrDefault(b => b.Column == column));
            if (labels is null)
            {
                labels = values;
                continue;
            }
            for (var i = 0; i < labels.Length; i++)
                labels[i] = labels[i] is null || values[i] is null ? null : labels[i] + GroupSelection.Separator + values[i];
        }
        return labels ?? [];
    }

    private static string?[] Values(TabularSource source, string column, Bands? band)
    {
        if (band is not null)
        {
            var numbers = source.ReadNumeric(column, "protected").Values;
            var names = band.Labels();
            var banded = new string?[numbers.Length];
            for (var i = 0; i < numbers.Length; i++) banded[i] = double.IsFinite(numbers[i]) ? names[band.BandOf(numbers[i])] : null;
            return banded;
        }
        var categories = source.ReadCategorical(column, "protected");
        var result = new string?[categories.Codes.Length];
        for (var i = 0; i < result.Length; i++) result[i] = categories.Codes[i] >= 0 ? categories.Levels[categories.Codes[i]] : null;
        return result;
    }
}
