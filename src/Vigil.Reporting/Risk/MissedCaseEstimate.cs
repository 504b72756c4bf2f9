using Vigil.Reporting.Audit;

namespace Vigil.Reporting.Risk;

/// <summary>An estimate with its interval, in the same unit.</summary>
public sealed record Interval(double Estimate, double Lower, double Upper)
{
    /// <summary>Every end multiplied by <paramref name="factor"/> (a positive factor keeps the order).</summary>
    public Interval Scale(double factor) => new(Estimate * factor, Lower * factor, Upper * factor);
}

/// <summary>
/// The clinical-risk translation of one group whose false-negative rate exceeds its reference group's:
/// additional missed positives per 1,000 positive patients = 1000 × (FNR_group − FNR_reference), with the
/// interval of the difference (Newcombe, from the two Wilson intervals); per year when a deployment volume
/// is given.
/// </summary>
public sealed record MissedCaseEstimate(
    AttributeAudit Attribute,
    GroupAudit Group,
    GroupAudit Reference,
    GroupTest Test,
    Interval Difference,
    bool Significant,
    Interval PerThousandPositives,
    double? PositivesPerYear,
    Interval? PerYear);
