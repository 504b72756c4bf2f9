using Vigil.Contracts.Gate;

namespace Vigil.Application.Governance;

/// <summary>What <see cref="GateEvaluator.Evaluate"/> decided: the checks, the exceptions as found, the safeguards in force and the outcome.</summary>
public sealed record GateEvaluation(
    IReadOnlyList<GateCheck> Checks,
    IReadOnlyList<GateExceptionUse> ExceptionsUsed,
    IReadOnlyList<GateSafeguard> Safeguards,
    DateTimeOffset DecidedAt)
{
    /// <summary>pass when no check failed (waived and skipped checks do not fail the gate), else fail.</summary>
    public string Outcome => Checks.Any(c => c.Status == GateStatus.Fail) ? GateStatus.Fail : GateStatus.Pass;

    public bool Passed => Outcome == GateStatus.Pass;

    public GateCounts Counts => new(
        Checks.Count,
        Checks.Count(c => c.Status == GateStatus.Pass),
        Checks.Count(c => c.Status == GateStatus.Fail),
        Checks.Count(c => c.Status == GateStatus.Waived),
        Checks.Count(c => c.Status == GateStatus.Skipped));
}
