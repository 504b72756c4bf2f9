using Vigil.Reporting.Card;

namespace Vigil.Reporting.Risk;

/// <summary>
/// Owner, treatment and status of a risk row: the first card.yaml assignment matching its kind (and group,
/// when the assignment names one), else the card's defaults, else "unassigned" / "proposed" / "open". The treatment
/// of an unassigned row is Vigil's concrete treatment for its kind (<see cref="Treatments"/>), never a card-wide
/// placeholder: risk_register.default_treatment is used only when Vigil has none.
/// </summary>
public sealed class RiskAssigner(CardFacts card)
{
    /// <summary>Owner when nobody is named.</summary>
    public const string Unassigned = "unassigned";

    /// <summary>Treatment when none is named.</summary>
    public const string Proposed = "proposed";

    /// <summary>Status when none is named.</summary>
    public const string Open = "open";

    /// <summary>(owner, treatment, status) for a row of <paramref name="kind"/> affecting <paramref name="groupKey"/> ("sex=F"), with Vigil's treatment for the kind.</summary>
    public (string Owner, string Treatment, string Status) Assign(string kind, string groupKey, string? treatment)
    {
        var match = card.Assignments.FirstOrDefault(a => a.Kind == kind && (a.Group is null || a.Group == groupKey));
        return (
            match?.Owner ?? card.Text("risk_register.default_owner") ?? Unassigned,
            match?.Treatment ?? treatment ?? card.Text("risk_register.default_treatment") ?? Proposed,
            match?.Status ?? card.Text("risk_register.default_status") ?? Open);
    }
}
