using Vigil.Contracts.Monitoring;
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

/// <summary>No safeguards: the interface point until the safeguards store is merged (docs/cds-hooks.md).</summary>
internal sealed class NoCardSafeguards : ICardSafeguards
{
    public Task<IReadOnlyList<string>> ActiveForAsync(ModelRegistration registration, PredictionRecord prediction, DateTimeOffset at, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
