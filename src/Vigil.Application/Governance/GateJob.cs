using System.Security.Cryptography;
using Vigil.Contracts.Audit;
using Vigil.Contracts.Common;
using Vigil.Contracts.DataAudit;
using Vigil.Contracts.Drift;
using Vigil.Contracts.Gate;
using Vigil.Contracts.Validation;
using Vigil.Reporting.Card;

namespace Vigil.Application.Governance;

/// <summary>
/// `vigil gate`: reads the policy and the evidence contracts, evaluates every rule (<see cref="GateEvaluator"/>), appends the
/// decision record to the chained log (<see cref="DecisionLog"/>) and returns vigil.gate/v1 with the record's hash.
/// </summary>
public static class GateJob
{
    public static GateDocument Run(GateJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policy = PolicyReader.ReadFile(options.Policy);
        var inputs = new List<InputRef>();
        var audit = AuditContract.Read(options.Audit);
        inputs.Add(Input("audit", options.Audit));
        var evidence = new GateEvidence(audit, options.Audit);
        if (options.DataAudit is { } da)
        {
            var doc = DataAuditContract.Read(da);
            inputs.Add(Input("data_audit", da));
            evidence = evidence with { DataAudit = doc, DataAuditSource = da, Labels = LabelsOf(doc), LabelsSource = da };
        }
        if (options.Drift is { } dr)
        {
            evidence = evidence with { Drift = DriftContract.Read(dr), DriftSource = dr };
            inputs.Add(Input("drift", dr));
        }
        if (options.Validation is { } va)
        {
            evidence = evidence with { Validation = ValidationContract.Read(va), ValidationSource = va };
            inputs.Add(Input("validation", va));
        }
        if (options.Card is { } ca)
        {
            evidence = evidence with { Card = CardYamlReader.ReadFile(ca), CardSource = ca };
            inputs.Add(Input("card", ca));
        }

        var now = options.Clock.GetUtcNow();
        var evaluation = GateEvaluator.Evaluate(policy, evidence, now);
        var policyRef = new GatePolicyRef(policy.Name, options.Policy, Sha256(options.Policy), policy.ReValidation is { } rv ? GateEvaluator.Date(rv) : null);
        var decision = DecisionLog.Append(options.DecisionLogPath, (sequence, previous) => new GateDecisionRecord(
            sequence, now, policyRef, inputs, evaluation.Outcome, evaluation.Counts,
            evaluation.Checks.Select(c => new GateDecisionResult(c.Rule, c.Subject, c.Status, c.Evidence)).ToList(),
            evaluation.ExceptionsUsed, evaluation.Safeguards, previous));
        return new GateDocument(ToolBlock.Current, inputs, policyRef, now, evaluation.Outcome, evaluation.Counts,
            evaluation.Checks, evaluation.ExceptionsUsed, evaluation.Safeguards) { Decision = decision };
    }

    /// <summary>Labelled rows of a data audit: all rows, then every group of every label grouping.</summary>
    public static IReadOnlyList<LabelCounts> LabelsOf(DataAuditDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var l = doc.Labels;
        var counts = new List<LabelCounts> { new("all rows", l.N - l.MissingLabel, l.N) };
        foreach (var g in l.Groupings)
            counts.AddRange(g.Groups.Select(x => new LabelCounts($"{g.Grouping} = {x.Group}", x.N - x.MissingLabel, x.N)));
        return counts;
    }

    private static InputRef Input(string role, string path) => new(role, path) { Sha256 = Sha256(path) };

    /// <summary>SHA-256 (lower-case hex) of a file's bytes.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
