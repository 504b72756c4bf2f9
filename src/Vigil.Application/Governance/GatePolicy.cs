namespace Vigil.Application.Governance;

/// <summary>
/// A governance policy (docs/governance.md): what every model it covers must show before it may be deployed or stay
/// deployed, who may grant an exception, and the safeguards a failing rule puts in force. Read by
/// <see cref="PolicyReader"/>, applied by <see cref="GateEvaluator"/>.
/// </summary>
/// <param name="Name">The policy's name (key <c>policy</c>).</param>
/// <param name="Version">Its version, as the owner writes it.</param>
/// <param name="Description">What it is for.</param>
/// <param name="ReValidation">The date by which the model must be re-validated: safeguards without their own end last until then.</param>
/// <param name="ExceptionApprovers">Who may grant an exception (names or roles); an exception by anyone else is a policy error.</param>
/// <param name="Rules">The rules in file order.</param>
/// <param name="Exceptions">The exceptions in file order.</param>
public sealed record GatePolicy(
    string Name,
    string? Version,
    string? Description,
    DateOnly? ReValidation,
    IReadOnlyList<string> ExceptionApprovers,
    IReadOnlyList<PolicyRule> Rules,
    IReadOnlyList<ExceptionGrant> Exceptions);

/// <summary>
/// A waiver of one rule (optionally for one group), granted by an approver for a reason until a date (inclusive, UTC).
/// An exception whose date has passed waives nothing and fails the gate until it is renewed or removed.
/// </summary>
public sealed record ExceptionGrant(string Rule, string? Group, string GrantedBy, string Reason, DateOnly Until, int Line);

/// <summary>
/// What a failing rule puts in force, e.g. "manual review of predictions for patients 65+", until <paramref name="Until"/>
/// (null: the policy's re-validation date, else until re-validation).
/// </summary>
public sealed record Safeguard(string Action, DateOnly? Until);
