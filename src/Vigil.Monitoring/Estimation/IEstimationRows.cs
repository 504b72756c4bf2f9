namespace Vigil.Monitoring.Estimation;

/// <summary>
/// One hour's count of a cell's matured predictions by alert, treatment (an accepted alert) and recorded label: what the
/// feedback-loop correction reads (<see cref="Core.Estimation.FeedbackCorrection"/>).
/// </summary>
/// <param name="HourMs">Start of the predictions' hour, Unix ms (the same hour the windows count them in).</param>
/// <param name="Cell">Cell key.</param>
/// <param name="Alert">The alert fired.</param>
/// <param name="Treated">The alert was accepted (at least one "accepted" action on the prediction).</param>
/// <param name="Positive">Matured positive (false: matured negative).</param>
/// <param name="Count">Predictions.</param>
public sealed record FeedbackRow(long HourMs, string Cell, bool Alert, bool Treated, bool Positive, long Count);

/// <summary>A pending prediction (label not known yet): its hour, cell, score and alert, for the label-free estimate.</summary>
public sealed record PendingRow(long HourMs, string Cell, double Score, bool Alert);

/// <summary>
/// The rows the service's estimates read from the monitoring store beyond its hourly windows (implemented by the SQL
/// store on SQLite and PostgreSQL). Kept apart from <see cref="Store.IMonitorStore"/> so that the store's own contract
/// stays about ingest and windows.
/// </summary>
public interface IEstimationRows
{
    /// <summary>Matured predictions with hours in [fromMs, toMs) counted by hour, cell, alert, treatment and label (version null: all versions).</summary>
    Task<IReadOnlyList<FeedbackRow>> GetFeedbackRowsAsync(string model, string? version, long fromMs, long toMs, CancellationToken ct = default);

    /// <summary>Pending predictions with hours in [fromMs, toMs) (version null: all versions).</summary>
    Task<IReadOnlyList<PendingRow>> GetPendingRowsAsync(string model, string? version, long fromMs, long toMs, CancellationToken ct = default);
}
