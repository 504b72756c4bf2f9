namespace Vigil.Application.Governance;

/// <summary>What `vigil gate` asks: the policy, the evidence files, and where the decision is logged.</summary>
public sealed record GateJobOptions
{
    /// <summary>The policy file (YAML, docs/governance.md).</summary>
    public required string Policy { get; init; }

    /// <summary>vigil.audit/v2 (vigil audit --format json).</summary>
    public required string Audit { get; init; }

    /// <summary>vigil.data-audit/v2: label completeness.</summary>
    public string? DataAudit { get; init; }

    /// <summary>vigil.drift/v2: drift bounds.</summary>
    public string? Drift { get; init; }

    /// <summary>vigil.validation/v2: calibration bounds, external HTI-1 attributes.</summary>
    public string? Validation { get; init; }

    /// <summary>card.yaml (as vigil report --card): required documents.</summary>
    public string? Card { get; init; }

    /// <summary>The decision log to append to (null: gate-decisions.jsonl beside <see cref="Out"/>, else in the current folder).</summary>
    public string? Decisions { get; init; }

    /// <summary>Where the result goes (only to place the default decision log).</summary>
    public string? Out { get; init; }

    /// <summary>The clock of the decision (exception expiry, safeguard start); tests fix it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The decision log's default file name.</summary>
    public const string DefaultDecisionLog = "gate-decisions.jsonl";

    /// <summary>The log this run appends to.</summary>
    public string DecisionLogPath =>
        Decisions ?? (Out is { } o && Path.GetDirectoryName(Path.GetFullPath(o)) is { } dir ? Path.Combine(dir, DefaultDecisionLog) : DefaultDecisionLog);
}
