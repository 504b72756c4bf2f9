using Vigil.Data;

namespace Vigil.Application.Groups;

/// <summary>
/// Each row's group label for a set of protected columns, read once per column: the values joined by
/// <see cref="GroupSelection.Separator"/>, a numeric attribute through its bands; a row missing any attribute has no
/// group (null). One labelling for the jobs that compare two files by group (drift, estimate).
/// </summary>
public static class RowGroupLabels
{
    /// <summary>Each row's group label (values joined by '*', numeric attributes banded), or null when an attribute is missing.</summary>
    public static string?[] Of(TabularSource source, IReadOnlyList<string> columns, IReadOnlyList<Bands> bands)
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
