namespace Vigil.Core;

/// <summary>
/// One reported number in every Vigil output: a value, an optional confidence interval, and a reason.
/// An undefined metric has <see cref="Value"/> null and a <see cref="Reason"/> that says why
/// (e.g. "no positives in group"); it is never NaN or a silent 0. A defined metric may still carry
/// a reason that qualifies it (e.g. which groups a disparity had to leave out).
/// </summary>
public readonly record struct Metric(double? Value, Interval? Ci, string? Reason)
{
    /// <summary>How <see cref="Ci"/> was obtained: "wilson" or "bootstrap_percentile" (null without an interval).</summary>
    public string? CiMethod { get; init; }

    /// <summary>The bootstrap percentile interval of a rate whose <see cref="Ci"/> is its Wilson interval.</summary>
    public Interval? BootstrapCi { get; init; }

    public static Metric Of(double value) =>
        double.IsFinite(value) ? new Metric(value, null, null) : Undefined("not finite");

    public static Metric Undefined(string reason) => new(null, null, reason);

    public bool IsDefined => Value.HasValue;
}

/// <summary>A closed interval [Low, High], e.g. a 95% confidence interval.</summary>
public readonly record struct Interval(double Low, double High);
