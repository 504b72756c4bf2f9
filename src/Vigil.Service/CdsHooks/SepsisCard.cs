using System.Globalization;
using System.Text;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;

namespace Vigil.Service.CdsHooks;

/// <summary>
/// The card of a prediction whose alert fired: summary "Sepsis risk 23% (alert): consider the sepsis bundle",
/// indicator "warning" ("critical" from a score of 0.5), the suggested protocol in the detail (the suggestion code
/// "sepsis-bundle:lactate,cultures,antibiotics,crystalloid-30ml-kg" read item by item; ";crystalloid-held" says the
/// 30 mL/kg bolus is held for a contraindication), any active safeguard text first, and the source (monitor, model
/// and version). A prediction whose alert did not fire gets no card (no alert fatigue from "low risk" cards).
/// </summary>
internal static class SepsisCard
{
    /// <summary>The override reasons offered on every card (CDS Hooks overrideReasons), the simulator's vocabulary.</summary>
    public static readonly CdsCoding[] OverrideReasons =
    [
        new(OverrideReasonSystem, "not-infected", "Infection not suspected"),
        new(OverrideReasonSystem, "already-treating", "Already being treated for sepsis"),
        new(OverrideReasonSystem, "contraindication", "Contraindication to the protocol"),
        new(OverrideReasonSystem, "goals-of-care", "Not consistent with goals of care"),
        new(OverrideReasonSystem, "other", "Other"),
    ];

    /// <summary>Code system of the override reasons.</summary>
    public const string OverrideReasonSystem = "urn:vigil:override-reason";

    /// <summary>The score from which the card is "critical" rather than "warning".</summary>
    public const double CriticalScore = 0.5;

    private static readonly Dictionary<string, string> Items = new(StringComparer.Ordinal)
    {
        ["lactate"] = "Measure lactate (re-measure if > 2 mmol/L)",
        ["cultures"] = "Obtain blood cultures before antibiotics",
        ["antibiotics"] = "Give broad-spectrum antibiotics",
        ["crystalloid-30ml-kg"] = "Give 30 mL/kg crystalloid for hypotension or lactate >= 4 mmol/L",
        ["crystalloid-held"] = "30 mL/kg crystalloid bolus held: heart failure or end-stage renal disease (give smaller boluses and reassess)",
    };

    public static CdsCard Build(string uuid, PredictionRecord p, ModelRegistration registration, IReadOnlyList<string> safeguards)
    {
        var percent = (p.Score * 100).ToString("0", CultureInfo.InvariantCulture);
        var summary = $"Sepsis risk {percent}% (alert): consider the sepsis bundle";
        if (safeguards.Count > 0) summary += " (safeguard in force)";
        var detail = new StringBuilder();
        foreach (var s in safeguards)
            detail.Append("**Safeguard:** ").Append(s).Append("\n\n");
        detail.Append(CultureInfo.InvariantCulture, $"Model {p.Model} {p.Version} scored {p.Score:0.000} (alert threshold {registration.Threshold:0.000}) at {DateTimeOffset.FromUnixTimeMilliseconds(p.TimeMs):yyyy-MM-dd HH:mm} UTC.\n\n");
        detail.Append("Suggested protocol:\n\n");
        foreach (var item in Protocol(p.Suggestion)) detail.Append("- ").Append(item).Append('\n');
        detail.Append("\nIf you do not follow it, please choose a reason: it is counted, by patient group, to monitor the model.");
        return new CdsCard(uuid, summary, p.Score >= CriticalScore ? "critical" : "warning", detail.ToString(),
            new CdsSource($"Vigil monitor: {p.Model} {p.Version}", new CdsCoding("urn:vigil:model", p.Model, registration.IntendedUse)),
            OverrideReasons);
    }

    /// <summary>The protocol items of a suggestion code ("name:item,item;item"); an unknown item is shown as written, no suggestion gives the full bundle.</summary>
    public static List<string> Protocol(string? suggestion)
    {
        var codes = string.IsNullOrEmpty(suggestion) ? "lactate,cultures,antibiotics,crystalloid-30ml-kg"
            : suggestion.Contains(':', StringComparison.Ordinal) ? suggestion[(suggestion.IndexOf(':', StringComparison.Ordinal) + 1)..] : suggestion;
        var result = new List<string>();
        foreach (var code in codes.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            result.Add(Items.TryGetValue(code, out var text) ? text : code);
        return result;
    }
}
