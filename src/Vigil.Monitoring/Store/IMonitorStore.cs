using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Store;

/// <summary>
/// The monitoring store: one schema on SQLite (embedded default, WAL) and PostgreSQL (production), created and upgraded
/// by versioned migrations. Every method is safe with several service replicas over one database: counts live in the
/// database and are changed only inside the transaction that changes the rows they count, so nothing is counted twice.
/// Every write returns only after its transaction committed (durable).
/// </summary>
public interface IMonitorStore : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres".</summary>
    string Kind { get; }

    /// <summary>Applies the migrations not yet applied (each once, in order, recorded in schema_migrations).</summary>
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>Whether the database answers (for /ready).</summary>
    Task<bool> PingAsync(CancellationToken ct = default);

    // ---- models -------------------------------------------------------------------------------------------------
    /// <summary>Stores a registration; false when that id and version exist already (registrations never change).</summary>
    Task<bool> RegisterModelAsync(ModelRegistration registration, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>A registration, or null. Version null: the newest registered version.</summary>
    Task<ModelRegistration?> GetModelAsync(string id, string? version, CancellationToken ct = default);

    /// <summary>Every registration.</summary>
    Task<IReadOnlyList<ModelRegistration>> ListModelsAsync(CancellationToken ct = default);

    // ---- ingest ---------------------------------------------------------------------------------------------------
    /// <summary>
    /// Inserts the predictions whose event id is new (the others are duplicates), adds the new ones to their hour's
    /// window, and labels at once any whose encounter already has outcomes (outcomes that arrived first).
    /// </summary>
    Task<IngestResult> AddPredictionsAsync(IReadOnlyList<StoredPrediction> predictions, CancellationToken ct = default);

    /// <summary>Inserts new clinician actions; an action on an unknown prediction is kept and counted when it arrives.</summary>
    Task<IngestResult> AddActionsAsync(IReadOnlyList<StoredAction> actions, CancellationToken ct = default);

    /// <summary>
    /// Inserts new outcomes and labels the predictions of their encounters: a positive outcome in a pending prediction's
    /// window matures it positive; one arriving after the prediction matured negative corrects it (the window's counts
    /// move from negative to positive); a censoring outcome censors pending predictions. Outcomes of unknown encounters
    /// are kept and matched when the predictions arrive.
    /// </summary>
    Task<IngestResult> AddOutcomesAsync(IReadOnlyList<StoredOutcome> outcomes, CancellationToken ct = default);

    /// <summary>Matures as known negatives the pending predictions whose MatureAtMs is at or before now; returns how many.</summary>
    Task<int> MatureDueAsync(long nowMs, CancellationToken ct = default);

    // ---- reading ----------------------------------------------------------------------------------------------------
    /// <summary>The hourly windows of a model (version null: all versions summed) with hours in [fromMs, toMs).</summary>
    Task<IReadOnlyList<HourCell>> GetHourCellsAsync(string model, string? version, long fromMs, long toMs, CancellationToken ct = default);

    /// <summary>The hourly feature and score bins of a model version with hours in [fromMs, toMs).</summary>
    Task<IReadOnlyList<HourBin>> GetHourBinsAsync(string model, string? version, long fromMs, long toMs, CancellationToken ct = default);

    /// <summary>The matured (not censored) predictions with time in [fromMs, toMs): the rows of the period's audit.</summary>
    Task<IReadOnlyList<MaturedRow>> GetMaturedRowsAsync(string model, string? version, long fromMs, long toMs, CancellationToken ct = default);

    /// <summary>Time of the newest prediction of the model (null: none yet), for feed-silence checks.</summary>
    Task<long?> GetLastPredictionTimeAsync(string model, string? version, CancellationToken ct = default);

    // ---- alerts -----------------------------------------------------------------------------------------------------
    /// <summary>
    /// Opens an alert for the finding unless one with its dedupe key is open or acknowledged (then its evidence is
    /// updated); returns the alert and whether it is new. Two replicas raising the same finding open one alert.
    /// </summary>
    Task<(MonitorAlert Alert, bool Created)> RaiseAlertAsync(AlertFinding finding, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Alerts of a model (null: all), in a state (null: any), newest first.</summary>
    Task<IReadOnlyList<MonitorAlert>> ListAlertsAsync(string? model, AlertState? state, CancellationToken ct = default);

    /// <summary>One alert, or null.</summary>
    Task<MonitorAlert?> GetAlertAsync(long id, CancellationToken ct = default);

    /// <summary>Moves an alert (open → acknowledged → resolved, or open → resolved) by a named user; null when the move is not allowed or the alert unknown.</summary>
    Task<MonitorAlert?> TransitionAlertAsync(long id, AlertState to, string user, string? note, DateTimeOffset at, CancellationToken ct = default);

    // ---- safeguards (docs/governance.md) ------------------------------------------------------------------------------
    /// <summary>
    /// Puts safeguards in force at <paramref name="at"/>, deduped by model, version, rule, subject and source (an
    /// activation already held returns the one stored, with Created false), in one transaction.
    /// </summary>
    Task<IReadOnlyList<(ModelSafeguard Safeguard, bool Created)>> ActivateSafeguardsAsync(IReadOnlyList<SafeguardActivation> activations, DateTimeOffset at,
        CancellationToken ct = default);

    /// <summary>Every safeguard of a model started at or before <paramref name="at"/>, oldest first, with its state at <paramref name="at"/>.</summary>
    Task<IReadOnlyList<ModelSafeguard>> ListSafeguardsAsync(string model, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>One safeguard with its state at <paramref name="at"/>, or null.</summary>
    Task<ModelSafeguard?> GetSafeguardAsync(long id, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Ends a safeguard by a named user; null when it is unknown or was ended already.</summary>
    Task<ModelSafeguard?> EndSafeguardAsync(long id, string user, string? note, DateTimeOffset at, CancellationToken ct = default);

    // ---- webhook outbox -----------------------------------------------------------------------------------------
    /// <summary>Queues a delivery in the same database (so an alert and its notification are never half-written).</summary>
    Task EnqueueWebhookAsync(string url, string payload, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Claims up to <paramref name="max"/> due deliveries for <paramref name="lease"/> (another replica will not claim them meanwhile).</summary>
    Task<IReadOnlyList<WebhookDelivery>> ClaimWebhooksAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Marks a delivery sent, or schedules its retry at <paramref name="retryAt"/> (null: given up after too many attempts).</summary>
    Task CompleteWebhookAsync(long id, bool delivered, DateTimeOffset? retryAt, string? error, CancellationToken ct = default);

    // ---- security and audit trail ---------------------------------------------------------------------------------------
    /// <summary>Stores an API key (hash only).</summary>
    Task AddApiKeyAsync(StoredApiKey key, CancellationToken ct = default);

    /// <summary>The key with this secret hash, or null (revoked keys are returned with Revoked set).</summary>
    Task<StoredApiKey?> FindApiKeyAsync(string secretHash, CancellationToken ct = default);

    /// <summary>Whether any key exists (bootstrap: the first admin key may be created only when none does).</summary>
    Task<bool> AnyApiKeyAsync(CancellationToken ct = default);

    /// <summary>Appends an entry to the hash-chained audit trail (serialised across replicas) and returns it.</summary>
    Task<AuditLogEntry> AppendAuditAsync(string actor, string action, string subject, string detail, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>The audit trail from <paramref name="fromSequence"/> in order.</summary>
    Task<IReadOnlyList<AuditLogEntry>> ReadAuditLogAsync(long fromSequence, int max, CancellationToken ct = default);
}
