using Vigil.Core;

namespace Vigil.Data;

public enum ColumnKind
{
    Numeric,
    Categorical,
}

/// <summary>
/// A column to read and how: as numbers, or as categories (at most <see cref="MaxLevels"/> distinct
/// values; <see cref="Hint"/> says what to do instead when there are more, null for <see cref="DefaultHint"/>).
/// <see cref="Role"/> is the option that named the column, for messages: a <see cref="Param.Ref"/>, never a flag.
/// </summary>
public sealed record ColumnRequest(string Column, string Role, ColumnKind Kind, int MaxLevels = TabularSource.MaxCategoricalLevels,
    string? Hint = null)
{
    /// <summary>The hint of a categorical column with too many values: band it.</summary>
    public static string DefaultHint => $"band a numeric attribute with {Param.Ref("bands")}";
}
