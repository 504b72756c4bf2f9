using Vigil.Core.Audit;

namespace Vigil.Contracts.Audit;

/// <summary>
/// The v2 key of each group metric (docs/vocabulary.md): the core's names with the true-positive and
/// true-negative rates called sensitivity and specificity.
/// </summary>
public static class AuditMetricKeys
{
    public const string Sensitivity = "sensitivity";

    public const string Specificity = "specificity";

    public static string Of(GroupMetric metric) => metric switch
    {
        GroupMetric.Tpr => Sensitivity,
        GroupMetric.Tnr => Specificity,
        _ => GroupMetrics.Name(metric),
    };

    /// <summary>The v2 name of a rate test's method ("z" → two_proportion_z, "fisher" → fisher_exact).</summary>
    public static string? TestName(string? method) => method switch
    {
        null => null,
        "z" => "two_proportion_z",
        "fisher" => "fisher_exact",
        _ => method,
    };
}
