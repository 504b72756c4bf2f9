namespace Vigil.Reporting.Risk;

/// <summary>
/// One row of the NIST AI RMF 1.0 risk register: a finding of the audit, its evidence, the group it affects,
/// the RMF function and subcategories it belongs to, the trustworthiness characteristics at stake, and its
/// severity (<see cref="SeverityScale"/>), owner, treatment and status.
/// </summary>
public sealed record RiskRow(
    string Id,
    string Kind,
    string Finding,
    string Evidence,
    string AffectedGroup,
    string Function,
    string Subcategories,
    string Characteristics,
    int Impact,
    int Likelihood,
    string Owner,
    string Treatment,
    string Status)
{
    /// <summary>Impact × likelihood, 1–9.</summary>
    public int Severity => Impact * Likelihood;

    /// <summary>low, moderate or high.</summary>
    public string SeverityBand => SeverityScale.Band(Severity);

    /// <summary>The clinical translation behind an FNR-gap row (missed cases per 1,000 positives and per year), or null.</summary>
    public MissedCaseEstimate? MissedCases { get; init; }

    /// <summary>How large the finding is, for ordering rows of equal severity (additional missed or false alarms per 1,000; 0 when not a rate gap).</summary>
    public double Magnitude { get; init; }
}
