using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Service.CdsHooks;

/// <summary>
/// GET /v1/models/{id}/overrides (vigil.override-summary/v1): clinician actions on a period's predictions, per group of
/// every protected attribute and overall, with the override rate and the count of each override reason; small cells
/// suppressed (docs/cds-hooks.md).
/// </summary>
public sealed record OverrideSummary(
    string Schema,
    string Model,
    string? Version,
    DateTimeOffset From,
    DateTimeOffset To,
    int MinCell,
    OverrideGroup Overall,
    IReadOnlyList<OverrideGroup> Groups)
{
    public const string SchemaName = "vigil.override-summary/v1";
}

/// <summary>
/// One group: actions taken (accepted, overridden, ignored), overrides, the override rate (overridden / actions) and
/// each reason's count among the overrides ("(none)": no reason given). A count is null when suppressed; Rounded says
/// the shown counts of a large group were rounded to the nearest 10 to protect a smaller one.
/// </summary>
public sealed record OverrideGroup(
    string? Attribute,
    string Level,
    long? Actions,
    long? Overridden,
    MetricValue OverrideRate,
    IReadOnlyList<OverrideReasonCount> Reasons,
    bool Rounded,
    string? Suppressed);

/// <summary>A reason's count among a group's overrides (null: suppressed).</summary>
public sealed record OverrideReasonCount(string Reason, long? Count, bool Rounded);

/// <summary>Snake_case JSON of the override summary (the contracts' settings).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OverrideSummary))]
internal sealed partial class OverrideJsonContext : JsonSerializerContext;
