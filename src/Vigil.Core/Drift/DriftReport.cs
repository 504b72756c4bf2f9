namespace Vigil.Core.Drift;

/// <summary>What a column is to the model: an input feature, the model's score, or the true label.</summary>
public enum ColumnRole
{
    Feature,
    Score,
    Label,
}

/// <summary>The drift of every column within one value of the --by column (reference group g vs current group g).</summary>
public sealed record GroupDrift(string Value, long ReferenceRows, long CurrentRows, DriftResult Result);

/// <summary>Per-group drift for one grouping column.</summary>
/// <param name="Column">The grouping column (e.g. sex).</param>
/// <param name="Groups">Groups present in both files, sorted.</param>
/// <param name="OnlyInReference">Values of the grouping column found only in the reference (not compared).</param>
/// <param name="OnlyInCurrent">Values found only in the current data (not compared).</param>
public sealed record GroupedDrift(string Column, IReadOnlyList<GroupDrift> Groups, IReadOnlyList<string> OnlyInReference, IReadOnlyList<string> OnlyInCurrent);

/// <summary>A whole `vigil drift` result.</summary>
public sealed record DriftReport(
    string ReferencePath,
    long ReferenceRows,
    string CurrentPath,
    long CurrentRows,
    string TestSelection,
    DriftResult Overall,
    IReadOnlyDictionary<string, ColumnRole> Roles,
    GroupedDrift? By,
    Multivariate.DomainClassifierResult? Multivariate,
    Sequential.StreamMonitoring? Stream = null)
{
    public ColumnRole RoleOf(string column) => Roles.TryGetValue(column, out var r) ? r : ColumnRole.Feature;
}
