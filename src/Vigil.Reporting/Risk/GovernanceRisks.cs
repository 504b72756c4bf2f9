using Vigil.Reporting.Card;

namespace Vigil.Reporting.Risk;

/// <summary>
/// The GOVERN and MAP rows of the register (NIST AI RMF 1.0), from card.yaml: who owns the model's risks (GOVERN 2.1),
/// what it is for and not for (MAP 1.1), the policies that keep it monitored and updated (GOVERN 1.5, GOVERN 1.1),
/// and the communities it affects and who was consulted (MAP 5.1, GOVERN 5.1). A fact the card documents is a residual
/// risk (impact moderate, likelihood possible: low) reviewed at each re-validation; a fact it lacks is likely to be
/// missed in practice (likelihood likely: moderate) and the treatment says which card.yaml key to fill.
/// </summary>
public static class GovernanceRisks
{
    /// <summary>A governance fact: kind, what it covers, NIST subcategories, and the card keys that document it.</summary>
    private sealed record Fact(string Kind, string Subject, string Subcategories, string Characteristics, string[] Keys);

    private static readonly Fact[] Facts =
    [
        new(RiskKindNames.GovernOwner, "accountable owner of the model's risks", "GOVERN 2.1; GOVERN 2.3", "Accountable and transparent",
            ["risk_register.default_owner", "model_details.developer", "model_details.contact"]),
        new(RiskKindNames.MapIntendedUse, "intended use, users, decision role and out-of-scope uses", "MAP 1.1; MAP 3.3", "Valid and reliable; Safe",
            ["intended_use.primary_uses", "intended_use.primary_users", "intended_use.decision_role", "intended_use.out_of_scope"]),
        new(RiskKindNames.GovernPolicies, "monitoring, update and regulatory policies", "GOVERN 1.1; GOVERN 1.5; MANAGE 4.1", "Accountable and transparent; Safe",
            ["maintenance.validity_monitoring", "maintenance.fairness_monitoring", "maintenance.update_process", "chai.regulatory_approval"]),
        new(RiskKindNames.MapAffectedCommunities, "affected communities and the stakeholders consulted", "MAP 5.1; GOVERN 5.1", "Fair – with harmful bias managed",
            ["factors.relevant", "intended_use.patient_population", "chai.stakeholders_consulted"]),
    ];

    /// <summary>The four rows (without Id; <see cref="RiskRegisterBuilder"/> numbers them).</summary>
    public static IReadOnlyList<RiskRow> Rows(CardFacts card)
    {
        var assigner = new RiskAssigner(card);
        var rows = new List<RiskRow>(Facts.Length);
        foreach (var f in Facts)
        {
            var given = f.Keys.Select(k => (Key: k, Text: card.Text(k) ?? (card.List(k) is { Count: > 0 } l ? string.Join("; ", l) : null))).ToList();
            var missing = given.Where(g => g.Text is null).Select(g => g.Key).ToList();
            var documented = given.Where(g => g.Text is not null).Select(g => $"{g.Key}: {g.Text}").ToList();
            var finding = missing.Count == 0
                ? $"Documented: {f.Subject}; a residual risk that the documentation and practice drift apart"
                : $"Not documented: {f.Subject} ({missing.Count} of {f.Keys.Length} card.yaml keys missing)";
            var evidence = documented.Count > 0 ? string.Join(" | ", documented) : "card.yaml gives none of " + string.Join(", ", f.Keys);
            var treatment = missing.Count == 0
                ? $"Review at each re-validation that practice still matches card.yaml ({string.Join(", ", f.Keys)})."
                : $"Before deployment, fill card.yaml {string.Join(", ", missing)} and have the governance committee approve them.";
            var (owner, assigned, status) = assigner.Assign(f.Kind, "", treatment);
            var functions = string.Join(", ", f.Subcategories.Split("; ").Select(s => s.Split(' ')[0]).Distinct());
            rows.Add(new RiskRow("", f.Kind, finding, evidence, "all patients", functions, f.Subcategories, f.Characteristics,
                SeverityScale.ModerateImpact, missing.Count == 0 ? SeverityScale.Possible : SeverityScale.Likely, owner, assigned, status));
        }
        return rows;
    }
}
