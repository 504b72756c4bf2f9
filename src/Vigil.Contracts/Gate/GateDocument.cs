using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Gate;

/// <summary>
/// vigil.gate/v1: the outcome of checking a model's evidence (audit, data audit, drift, validation, card) against a
/// governance policy (docs/governance.md): one check per rule and subject with its evidence, the exceptions used, the
/// safeguards that failing rules put in force, and the decision record it was logged as.
/// </summary>
/// <param name="Tool">The program that decided.</param>
/// <param name="Inputs">Every evidence file with its role and SHA-256.</param>
/// <param name="Policy">The policy file, its name and SHA-256.</param>
/// <param name="DecidedAt">When the gate decided (UTC); the start of every safeguard.</param>
/// <param name="Outcome"><see cref="GateStatus.Pass"/> when no check failed, else <see cref="GateStatus.Fail"/>.</param>
/// <param name="Counts">Checks by status.</param>
/// <param name="Checks">One per rule and subject (group, site, column, document), in policy order.</param>
/// <param name="ExceptionsUsed">Every exception of the policy: active ones waive failures, expired ones fail.</param>
/// <param name="Safeguards">Safeguards named by failing or waived checks, with their start and end.</param>
public sealed record GateDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    GatePolicyRef Policy,
    DateTimeOffset DecidedAt,
    string Outcome,
    GateCounts Counts,
    IReadOnlyList<GateCheck> Checks,
    IReadOnlyList<GateExceptionUse> ExceptionsUsed,
    IReadOnlyList<GateSafeguard> Safeguards) : IContractDocument
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = GateContract.Schema;

    /// <summary>The decision record this result was appended as (null when no log was written).</summary>
    public GateDecisionRef? Decision { get; init; }
}

/// <summary>The policy a gate applied: its name, the file as given, its SHA-256 and its re-validation date (ISO 8601 date or null).</summary>
public sealed record GatePolicyRef(string Name, string Path, string Sha256, string? ReValidation);

/// <summary>How many checks ended in each status.</summary>
public sealed record GateCounts(int Checks, int Passed, int Failed, int Waived, int Skipped);

/// <summary>
/// One rule applied to one subject.
/// </summary>
/// <param name="Rule">The rule's id in the policy.</param>
/// <param name="Kind">The rule's kind (breakdown, min_group_size, max_gap, calibration, drift, label_completeness, documents, exception).</param>
/// <param name="Subject">What was checked: "age = >=65", "site hungary", "column chol", "card.yaml model_details.name", ...</param>
/// <param name="Status">pass, fail, waived (failed, under an active exception) or skipped (with the reason in <paramref name="Evidence"/>).</param>
/// <param name="Evidence">One sentence with the numbers that decided, the bound and the file they came from.</param>
/// <param name="Source">The evidence file (its path as given), or null.</param>
/// <param name="Values">The numbers behind the verdict by name (value, reference_value, gap, gap_lower, gap_upper, bound, n, positives, ...); null when undefined.</param>
public sealed record GateCheck(
    string Rule,
    string Kind,
    string Subject,
    string Status,
    string Evidence,
    string? Source,
    IReadOnlyDictionary<string, double?> Values)
{
    /// <summary>The safeguard this check puts in force when it fails or is waived, or null.</summary>
    public string? Safeguard { get; init; }

    /// <summary>The exception that waived it ("granted by X until D: reason"), or null.</summary>
    public string? Exception { get; init; }
}

/// <summary>An exception of the policy as the gate found it: <paramref name="State"/> is active (until has not passed) or expired.</summary>
public sealed record GateExceptionUse(string Rule, string? Group, string GrantedBy, string Reason, string Until, string State, int Waived);

/// <summary>
/// A safeguard in force because a check failed or was waived: the action, the rule and subject, from the decision time until
/// <paramref name="End"/> (an ISO 8601 date, or "re-validation" when the policy gives no date).
/// </summary>
public sealed record GateSafeguard(string Rule, string Subject, string Action, DateTimeOffset Start, string End);

/// <summary>Where the decision was logged: the log file, the record's sequence number, its hash and the previous record's hash.</summary>
public sealed record GateDecisionRef(string Log, long Sequence, string Hash, string PreviousHash);

/// <summary>The check statuses and gate outcomes.</summary>
public static class GateStatus
{
    public const string Pass = "pass";

    public const string Fail = "fail";

    public const string Waived = "waived";

    public const string Skipped = "skipped";
}
