using Vigil.Contracts.Audit;
using Vigil.Contracts.DataAudit;
using Vigil.Contracts.Drift;
using Vigil.Contracts.Validation;
using Vigil.Reporting.Card;

namespace Vigil.Application.Governance;

/// <summary>
/// Everything a policy is checked against, as typed contracts with the name of the file (or window) each came from. The
/// gate fills it from files; the monitoring service fills it per window (then <see cref="Labels"/> carries the window's
/// label completeness). Absent evidence makes the rules that need it fail (or, for label completeness, skip with the reason).
/// </summary>
/// <param name="Audit">The vigil.audit/v2 document: group metrics with intervals, sizes and reference groups.</param>
/// <param name="AuditSource">Where <paramref name="Audit"/> came from (named in every check's evidence).</param>
public sealed record GateEvidence(AuditDocument Audit, string AuditSource)
{
    public DataAuditDocument? DataAudit { get; init; }

    public string? DataAuditSource { get; init; }

    public DriftDocument? Drift { get; init; }

    public string? DriftSource { get; init; }

    public ValidationDocument? Validation { get; init; }

    public string? ValidationSource { get; init; }

    /// <summary>The validated card.yaml (Model Card, CHAI and HTI-1 answers people give), or null when none was given.</summary>
    public CardFacts? Card { get; init; }

    public string? CardSource { get; init; }

    /// <summary>Labelled rows out of all rows, overall and per group, or null when unknown (a batch audit without a data audit).</summary>
    public IReadOnlyList<LabelCounts>? Labels { get; init; }

    public string? LabelsSource { get; init; }

    /// <summary>
    /// Set when the evidence is a monitoring window (or a period from the store): calibration and drift rules are judged
    /// on it when no validation or drift file is given, and documents rules are skipped as not evaluable per window.
    /// </summary>
    public WindowEvidence? Window { get; init; }
}

/// <summary>Of <paramref name="Total"/> rows (or matured predictions) of <paramref name="Subject"/>, <paramref name="Labelled"/> carry an outcome.</summary>
public sealed record LabelCounts(string Subject, long Labelled, long Total);
