using Vigil.Core;

namespace Vigil.Contracts.Common;

/// <summary>
/// The METRIC shape shared by every Vigil JSON output: {"value", "ci", "reason"} (plus "ci_method" and
/// "bootstrap_ci" when they apply). An undefined metric is a null value with a reason, never NaN or 0.
/// </summary>
public sealed record MetricValue(double? Value, double[]? Ci, string? Reason)
{
    /// <summary>How <see cref="Ci"/> was obtained ("wilson", "bootstrap_percentile", ...), or null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? CiMethod { get; init; }

    /// <summary>The bootstrap percentile interval of a rate whose <see cref="Ci"/> is its Wilson interval.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double[]? BootstrapCi { get; init; }

    /// <summary>The contract form of a core <see cref="Metric"/>: non-finite values become null with a reason.</summary>
    public static MetricValue From(Metric m)
    {
        if (m.Value is { } v && !double.IsFinite(v)) return new MetricValue(null, null, m.Reason ?? "not finite");
        var defined = m.Value.HasValue;
        return new MetricValue(
            m.Value,
            defined && m.Ci is { } ci ? [ci.Low, ci.High] : null,
            m.Reason)
        {
            CiMethod = m.CiMethod,
            BootstrapCi = defined && m.BootstrapCi is { } b ? [b.Low, b.High] : null,
        };
    }

    /// <summary>Back to the core type (for reports that read a contract file).</summary>
    public Metric ToMetric() =>
        new(Value, Ci is [var lo, var hi] ? new Interval(lo, hi) : null, Reason)
        {
            CiMethod = CiMethod,
            BootstrapCi = BootstrapCi is [var blo, var bhi] ? new Interval(blo, bhi) : null,
        };
}
