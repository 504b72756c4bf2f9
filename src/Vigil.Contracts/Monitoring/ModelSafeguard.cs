namespace Vigil.Contracts.Monitoring;

/// <summary>
/// A safeguard the service holds for a model (GET /v1/models/{id}/safeguards): what a failing governance rule put in
/// force — e.g. "manual review by a clinician of every prediction for patients 65+ that the model does not flag" — for
/// which group, from when until when, and why (the rule, and the gate decision or policy alert it came from). Workflow
/// tools (the CDS Hooks card, the report) show the action beside the model's output for the patients it covers.
/// </summary>
/// <param name="Id">Store id.</param>
/// <param name="Model">Model id.</param>
/// <param name="Version">Model version it covers (null: every version of the model).</param>
/// <param name="Attribute">The group's attribute ("age") or intersection ("sex*age"); null: every patient of the model (a rule not about a group, e.g. calibration or drift).</param>
/// <param name="Level">The group's level (">=65", or "F*>=65" for an intersection); null with <paramref name="Attribute"/>.</param>
/// <param name="Subject">The gate check's subject as the gate wrote it ("age = >=65", "site hungary", "drift").</param>
/// <param name="Action">What must be done while it is in force (the policy's safeguard action).</param>
/// <param name="Rule">The policy rule whose failure put it in force.</param>
/// <param name="Source">Where it came from: "gate:HASH" (a vigil gate decision record's hash) or "policy-alert:ID" (an alert of the policy monitor).</param>
/// <param name="StartedAt">When the service put it in force.</param>
/// <param name="EndsAt">When it ends by itself (the end of the safeguard's or the policy's re-validation date, UTC); null: until re-validation, ended by a user.</param>
/// <param name="EndedAt">When a user ended it (null: not ended).</param>
/// <param name="EndedBy">Who ended it (null: not ended).</param>
/// <param name="EndNote">Why it was ended.</param>
/// <param name="State">At the time asked: active, ended (by a user) or expired (its end date passed).</param>
public sealed record ModelSafeguard(
    long Id,
    string Model,
    string? Version,
    string? Attribute,
    string? Level,
    string Subject,
    string Action,
    string Rule,
    string Source,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset? EndedAt,
    string? EndedBy,
    string? EndNote,
    SafeguardState State);

/// <summary>Where a safeguard is at a given time.</summary>
public enum SafeguardState
{
    /// <summary>In force: started, not ended, its end date not reached.</summary>
    Active,

    /// <summary>Ended by a named user (audited).</summary>
    Ended,

    /// <summary>Its end date passed.</summary>
    Expired,
}

/// <summary>
/// A safeguard to put in force (the store dedupes by model, version, rule, subject and source: activating one decision
/// twice activates it once).
/// </summary>
public sealed record SafeguardActivation(
    string Model,
    string? Version,
    string? Attribute,
    string? Level,
    string Subject,
    string Action,
    string Rule,
    string Source,
    DateTimeOffset? EndsAt);

/// <summary>A request to end a safeguard (the user is the authenticated caller); the note is optional ({} ends it without one).</summary>
public sealed record SafeguardEndRequest
{
    /// <summary>Why it ends (e.g. "re-validated on the 2027 cohort").</summary>
    public string? Note { get; init; }
}

/// <summary>What POST /v1/models/{id}/safeguards did with a decision record: the safeguards now held for it, and how many were new.</summary>
public sealed record SafeguardActivationResult(string Source, int Activated, IReadOnlyList<ModelSafeguard> Safeguards);
