namespace Vigil.Monitoring.Estimation;

/// <summary>
/// One bucket's count of a cell's matured predictions by alert, treatment (an accepted alert) and recorded label: what
/// the feedback-loop correction reads (<see cref="Core.Estimation.FeedbackCorrection"/>), composed from the hourly
/// windows' confusion counts and the store's <see cref="TreatedCount"/>s.
/// </summary>
/// <param name="BucketMs">Start of the predictions' bucket, Unix ms (hours are counted in the bucket their hour starts in).</param>
/// <param name="Cell">Cell key.</param>
/// <param name="Alert">The alert fired.</param>
/// <param name="Treated">The alert was accepted (at least one "accepted" action on the prediction).</param>
/// <param name="Positive">Matured positive (false: matured negative).</param>
/// <param name="Count">Predictions.</param>
public sealed record FeedbackRow(long BucketMs, string Cell, bool Alert, bool Treated, bool Positive, long Count);

/// <summary>One bucket's count of a cell's matured alerted predictions with at least one "accepted" action, by recorded label.</summary>
/// <param name="BucketMs">Start of the bucket, Unix ms.</param>
/// <param name="Cell">Cell key.</param>
/// <param name="Positive">Matured positive (false: matured negative).</param>
/// <param name="Count">Predictions.</param>
public readonly record struct TreatedCount(long BucketMs, string Cell, bool Positive, long Count);

/// <summary>
/// One bucket's pending predictions (label not known yet) of a cell and alert whose scores fall in one score bin of width
/// <see cref="IEstimationRows.ScoreBinWidth"/>: the label-free estimate applies the calibration map at the bin's mean
/// score, so a status reads bins instead of every pending row.
/// </summary>
/// <param name="BucketMs">Start of the bucket, Unix ms.</param>
/// <param name="Cell">Cell key.</param>
/// <param name="Alert">The alert fired.</param>
/// <param name="MeanScore">Mean score of the bin's predictions.</param>
/// <param name="Count">Predictions.</param>
public readonly record struct PendingBin(long BucketMs, string Cell, bool Alert, double MeanScore, long Count);

/// <summary>
/// The rows the service's estimates read from the monitoring store beyond its hourly windows (implemented by the SQL
/// store on SQLite and PostgreSQL), aggregated by the database into buckets of the caller's width. Kept apart from
/// <see cref="Store.IMonitorStore"/> so that the store's own contract stays about ingest and windows.
/// </summary>
public interface IEstimationRows
{
    /// <summary>Width of the score bins of <see cref="PendingBin"/>: 1e-3 (scores lie in [0, 1]).</summary>
    public const double ScoreBinWidth = 1e-3;

    /// <summary>
    /// Matured alerted predictions with an accepted action and hours in [fromMs, toMs), counted by bucket (of
    /// <paramref name="bucketMs"/> from <paramref name="fromMs"/>), cell and label (version null: all versions). Read from
    /// the accepted actions, so its cost follows the actions, not the predictions.
    /// </summary>
    Task<IReadOnlyList<TreatedCount>> GetTreatedCountsAsync(string model, string? version, long fromMs, long toMs, long bucketMs, CancellationToken ct = default);

    /// <summary>
    /// Pending predictions with hours in [fromMs, toMs) counted by bucket, cell, alert and score bin (version null: all
    /// versions), each bin's mean score from the fixed-point score sum (<see cref="PendingBinCounter.Mean"/>). Read from
    /// the per-hour and per-day bin counts the writer keeps (migration 0005), so its cost follows the number of bins with
    /// pending predictions, not the number of pending predictions.
    /// </summary>
    Task<IReadOnlyList<PendingBin>> GetPendingBinsAsync(string model, string? version, long fromMs, long toMs, long bucketMs, CancellationToken ct = default);
}
