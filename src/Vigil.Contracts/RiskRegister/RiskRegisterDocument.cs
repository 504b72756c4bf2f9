using System.Text.Json.Serialization;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.RiskRegister;

/// <summary>
/// vigil.risk-register/v2: the NIST AI RMF 1.0 risk register `vigil report` writes (risk-register.json; the CSV holds
/// the same rows). v1's `audit` (the audit file's name) is <c>inputs[{role: "audit"}]</c>; the rows and the severity
/// scale are unchanged (docs/contracts-v2.md).
/// </summary>
public sealed record RiskRegisterDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    RiskRegisterSettings Settings,
    SeverityScaleValue SeverityScale,
    IReadOnlyList<RiskRowValue> Rows) : IContractDocument
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = RiskRegisterContract.Schema;
}

/// <summary>The report settings the register depends on: the small-cell threshold of its groups.</summary>
public sealed record RiskRegisterSettings(int MinCell);

/// <summary>How severity is scored, in words (docs/report.md states the same scale).</summary>
public sealed record SeverityScaleValue(string Severity, string Bands, string Impact, string Likelihood);

/// <summary>One row of the register (the CSV's columns, in the same order).</summary>
public sealed record RiskRowValue(
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
    int Severity,
    string SeverityBand,
    string Owner,
    string Treatment,
    string Status);
