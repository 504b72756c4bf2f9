namespace Vigil.Monitoring.Store;

/// <summary>
/// What the clinical-workflow integrations (FHIR RiskAssessment output, CDS Hooks cards and feedback, override
/// summaries) read and write beside <see cref="IMonitorStore"/>: single predictions by event id or encounter, the
/// CDS Hooks cards shown, and clinician actions counted by group and reason. The SQL store implements both.
/// </summary>
public interface IWorkflowStore
{
    /// <summary>A stored prediction by its event id, or null.</summary>
    Task<PredictionRecord?> GetPredictionAsync(string eventId, CancellationToken ct = default);

    /// <summary>The newest prediction (by prediction time, then event id) of a model (version null: any) for a pseudonymised encounter, or null.</summary>
    Task<PredictionRecord?> GetLatestPredictionAsync(string model, string? version, string encounterKey, CancellationToken ct = default);

    /// <summary>Stores a card shown to a clinician (uuid unique).</summary>
    Task AddCardAsync(StoredCard card, CancellationToken ct = default);

    /// <summary>A card by uuid, or null.</summary>
    Task<StoredCard?> GetCardAsync(string uuid, CancellationToken ct = default);

    /// <summary>
    /// Clinician actions on the predictions of a model (version null: all) made in [fromMs, toMs) (the prediction's
    /// time, as the hourly windows count them), counted by the prediction's cell, the action and its reason.
    /// </summary>
    Task<IReadOnlyList<ActionCount>> GetActionCountsAsync(string model, string? version, long fromMs, long toMs, CancellationToken ct = default);
}

/// <summary>A stored prediction as read back: pseudonymous keys only, protected levels in registration order.</summary>
public sealed record PredictionRecord(
    string EventId,
    string Model,
    string Version,
    long TimeMs,
    string EncounterKey,
    string PatientKey,
    string? Site,
    string? Unit,
    IReadOnlyList<string> Levels,
    double Score,
    bool Alert,
    string? Suggestion,
    long WindowEndMs);

/// <summary>A CDS Hooks card as stored: its uuid, the prediction it shows, and when it was made.</summary>
public sealed record StoredCard(string Uuid, string PredictionId, string Model, string Version, string ServiceId, long CreatedAtMs);

/// <summary>How many actions of one kind and reason were taken on the predictions of one cell.</summary>
public sealed record ActionCount(string Cell, Vigil.Contracts.Monitoring.ClinicianAction Action, string? Reason, long Count);
