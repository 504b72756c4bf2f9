using Vigil.Contracts.Monitoring;
using System.Globalization;
using Vigil.Monitoring.Safeguards;
using Vigil.Monitoring.Store;

namespace Vigil.Service.CdsHooks;

/// <summary>
/// The text of an active safeguard that covers a prediction's patient group (e.g. "manual review of predictions for
/// patients 65+ until re-validation"), shown on the card so the clinician knows the model is under review for them.
/// </summary>
internal interface ICardSafeguards
{
    /// <summary>The safeguard texts active at <paramref name="at"/> for the prediction's groups (empty: none).</summary>
    Task<IReadOnlyList<string>> ActiveForAsync(ModelRegistration registration, PredictionRecord prediction, DateTimeOffset at, CancellationToken ct);
}

/// <summary>
/// The active safeguards of the store (safeguards branch: <see cref="ActiveSafeguards"/>) that cover the prediction's
/// patient: the prediction's stored levels by attribute ("(missing)" counts as unknown, which a safeguard covers: the
/// card cannot rule it out), one text per safeguard action, with its rule, group and end date.
/// </summary>
internal sealed class StoreCardSafeguards(IMonitorStore store) : ICardSafeguards
{
    public async Task<IReadOnlyList<string>> ActiveForAsync(ModelRegistration registration, PredictionRecord prediction, DateTimeOffset at, CancellationToken ct)
    {
        var levels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < registration.Protected.Count && i < prediction.Levels.Count; i++)
            if (prediction.Levels[i] != Vigil.Data.AuditLoader.MissingLevel) levels[registration.Protected[i].Name] = prediction.Levels[i];
        var active = await ActiveSafeguards.ForAsync(store, prediction.Model, prediction.Version, levels, at, ct);
        var texts = new List<string>(active.Count);
        foreach (var s in active)
        {
            var group = s.Attribute is null ? "all patients" : $"{s.Attribute} = {s.Level}";
            var until = s.EndsAt is { } end ? string.Create(CultureInfo.InvariantCulture, $", until {end:yyyy-MM-dd}") : "";
            texts.Add($"{s.Action} (safeguard in force for {group}; rule {s.Rule}{until})");
        }
        return texts;
    }
}
