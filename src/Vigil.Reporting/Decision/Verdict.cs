using Vigil.Reporting.Card;
using Vigil.Reporting.Risk;

namespace Vigil.Reporting.Decision;

/// <summary>The three verdicts of the executive summary.</summary>
public enum Readiness
{
    /// <summary>At least one high risk: a risk with statistical evidence and material clinical impact.</summary>
    NotReady,

    /// <summary>No high risk, but moderate ones: deployable only with the listed actions in place.</summary>
    ReadyWithConditions,

    /// <summary>Only low risks (or none).</summary>
    Ready,
}

/// <summary>
/// The verdict of the report, from the risk register by rules written in docs/report.md:
/// <list type="number">
/// <item><b>not ready</b> when any row is high (severity 6–9). By <see cref="SeverityScale"/> a row is high only
/// when the statistics support it (an FNR gap of at least 50 per 1,000 whose interval excludes no gap, or any gap of
/// at least 20 per 1,000 that is significant after Holm, or a finding whose interval lies wholly past its threshold
/// with serious impact);</item>
/// <item><b>ready with conditions</b> when no row is high but some are moderate (3–4): each moderate row's treatment
/// is a condition of deployment;</item>
/// <item><b>ready</b> when every row is low (1–2).</item>
/// </list>
/// </summary>
public sealed record Verdict(Readiness Readiness, IReadOnlyList<RiskRow> High, IReadOnlyList<RiskRow> Moderate, IReadOnlyList<RiskRow> TopRisks)
{
    /// <summary>How many risks the summary lists.</summary>
    public const int TopCount = 3;

    /// <summary>Kinds that describe governance documentation rather than the model's behaviour on patients.</summary>
    private static readonly HashSet<string> GovernanceKinds =
        [RiskKindNames.GovernOwner, RiskKindNames.MapIntendedUse, RiskKindNames.GovernPolicies, RiskKindNames.MapAffectedCommunities];

    /// <summary>True for a GOVERN or MAP row from card.yaml.</summary>
    public static bool IsGovernance(RiskRow row) => GovernanceKinds.Contains(row.Kind);

    /// <summary>The verdict of a register (rows sorted by severity, then magnitude, as the register builder leaves them).</summary>
    public static Verdict From(IReadOnlyList<RiskRow> register)
    {
        var high = register.Where(r => r.SeverityBand == "high").ToList();
        var moderate = register.Where(r => r.SeverityBand == "moderate").ToList();
        var readiness = high.Count > 0 ? Readiness.NotReady : moderate.Count > 0 ? Readiness.ReadyWithConditions : Readiness.Ready;
        // The top risks are about patients (governance rows follow only when fewer than three patient risks exist) and
        // distinct: at most one per attribute, intersection or site, so three rows of one intersection do not hide the rest.
        var top = new List<RiskRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in register.Where(r => !IsGovernance(r)).Concat(register.Where(IsGovernance)).Where(r => r.SeverityBand != "low"))
        {
            if (top.Count == TopCount) break;
            if (seen.Add(Scope(r))) top.Add(r);
        }
        return new Verdict(readiness, high, moderate, top);
    }

    /// <summary>What a row is about for the distinctness of the top risks: the attribute of "attribute = group", else the affected group itself.</summary>
    private static string Scope(RiskRow r) => r.MissedCases?.Attribute.Name ?? (r.AffectedGroup.Contains(" = ", StringComparison.Ordinal) && !r.AffectedGroup.Contains(" at ", StringComparison.Ordinal)
        ? r.AffectedGroup[..r.AffectedGroup.IndexOf(" = ", StringComparison.Ordinal)] + "/" + r.Kind : r.AffectedGroup + "/" + r.Kind);

    /// <summary>The verdict in words: "not ready", "ready with conditions", "ready".</summary>
    public string Word => Readiness switch
    {
        Readiness.NotReady => "not ready",
        Readiness.ReadyWithConditions => "ready with conditions",
        _ => "ready",
    };
}
