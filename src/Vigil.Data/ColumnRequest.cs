namespace Vigil.Data;

public enum ColumnKind
{
    Numeric,
    Categorical,
}

/// <summary>
/// A column to read and how: as numbers, or as categories (at most <see cref="MaxLevels"/> distinct
/// values; <see cref="Hint"/> says what to do instead when there are more). <see cref="Role"/> is the
/// option that named the column, for messages.
/// </summary>
public sealed record ColumnRequest(string Column, string Role, ColumnKind Kind, int MaxLevels = TabularSource.MaxCategoricalLevels,
    string Hint = "band a numeric attribute with --bands");
