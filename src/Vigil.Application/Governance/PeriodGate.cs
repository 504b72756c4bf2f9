using Vigil.Contracts.Audit;
using Vigil.Contracts.Common;
using Vigil.Contracts.Gate;
using Vigil.Contracts.Monitoring;
using Vigil.Reporting.Card;

namespace Vigil.Application.Governance;

/// <summary>
/// The policy checked on a period from the store (`vigil monitor report --policy`): the period's audit (the service's
/// vigil.audit/v2 of the matured predictions) for breakdown, size and gap rules; the period's status for label
/// completeness (matured of all predictions, overall and per group) and calibration (each group's O/E and interval, as
/// the service shows them); card.yaml, when given, for documents. Drift is not in the status: a drift rule is a skipped
/// check that says so. Nothing is logged (a report is not a release decision; `vigil gate` logs decisions).
/// </summary>
public static class PeriodGate
{
    /// <summary>Reason a drift rule is skipped on a period from the store.</summary>
    public const string NoDriftReason =
        "the period's status from the service carries no feature drift (PSI); the monitor's drift alerts watch it, and vigil gate --drift judges a vigil drift result";

    /// <summary>Evaluates <paramref name="policyFile"/> on the period's audit (<paramref name="auditFile"/>) and status.</summary>
    public static GateDocument Run(string policyFile, string auditFile, MonitorStatus status, string? cardFile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policyFile);
        ArgumentNullException.ThrowIfNull(auditFile);
        ArgumentNullException.ThrowIfNull(status);
        var policy = PolicyReader.ReadFile(policyFile);
        var source = $"service period {status.From:yyyy-MM-ddTHH:mmZ} to {status.To:yyyy-MM-ddTHH:mmZ} of {status.Model}{(status.Version is { } v ? "@" + v : "")}";
        var inputs = new List<InputRef> { new("audit", auditFile) { Sha256 = GateJob.Sha256(auditFile) } };
        var evidence = new GateEvidence(AuditContract.Read(auditFile), source)
        {
            Labels = Labels(status), LabelsSource = source + " (status)", Window = Window(status, source),
        };
        if (cardFile is { } card)
        {
            evidence = evidence with { Card = CardYamlReader.ReadFile(card), CardSource = card };
            inputs.Add(new InputRef("card", card) { Sha256 = GateJob.Sha256(card) });
        }
        var evaluation = GateEvaluator.Evaluate(policy, evidence, now);
        var policyRef = new GatePolicyRef(policy.Name, policyFile, GateJob.Sha256(policyFile), policy.ReValidation is { } rv ? GateEvaluator.Date(rv) : null);
        return new GateDocument(ToolBlock.Current, inputs, policyRef, now, evaluation.Outcome, evaluation.Counts,
            evaluation.Checks, evaluation.ExceptionsUsed, evaluation.Safeguards);
    }

    /// <summary>Matured of all predictions per group, where the status shows both counts (a suppressed small cell shows neither).</summary>
    public static IReadOnlyList<LabelCounts> Labels(MonitorStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var labels = new List<LabelCounts>();
        foreach (var g in status.Groups.Prepend(status.Overall))
            if (g.Matured is { } m && g.Predictions is { } n)
                labels.Add(new LabelCounts(g.Attribute is null ? "all rows" : $"{g.Attribute} = {g.Level}", m, n));
        return labels;
    }

    /// <summary>Each group's O/E and interval as the status shows them; a group without a value is not judged, with the status's reason.</summary>
    public static WindowEvidence Window(MonitorStatus status, string source)
    {
        ArgumentNullException.ThrowIfNull(status);
        var calibration = status.Groups.Prepend(status.Overall).Select(g => new WindowCalibration(
            g.Attribute is null ? "all patients" : $"{g.Attribute} = {g.Level}", g.Attribute is null ? null : g.Level,
            g.ObservedToExpected.Value, g.ObservedToExpected.Ci is [var lo, _] ? lo : null, g.ObservedToExpected.Ci is [_, var hi] ? hi : null, g.Matured,
            g.ObservedToExpected.Value is null ? $"O/E not shown in the status ({g.ObservedToExpected.Reason ?? g.SuppressedReason ?? "undefined"})" : null)).ToList();
        return new WindowEvidence(source, calibration, null, NoDriftReason);
    }
}
