using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Gate;

/// <summary>
/// One line of the decision log (vigil.gate-decision/v1, JSON Lines): what was decided, on which evidence and policy, and
/// the previous record's hash. The line ends with its own "hash": SHA-256 of the line's text without it, so an edited,
/// removed or reordered record breaks the chain (docs/governance.md).
/// </summary>
public sealed record GateDecisionRecord(
    long Sequence,
    DateTimeOffset DecidedAt,
    GatePolicyRef Policy,
    IReadOnlyList<InputRef> Inputs,
    string Outcome,
    GateCounts Counts,
    IReadOnlyList<GateDecisionResult> Results,
    IReadOnlyList<GateExceptionUse> ExceptionsUsed,
    IReadOnlyList<GateSafeguard> Safeguards,
    string PreviousHash)
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = GateContract.DecisionSchema;
}

/// <summary>A check's verdict as the log keeps it: rule, subject, status and the evidence sentence.</summary>
public sealed record GateDecisionResult(string Rule, string Subject, string Status, string Evidence);
