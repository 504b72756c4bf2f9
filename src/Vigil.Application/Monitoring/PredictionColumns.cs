namespace Vigil.Application.Monitoring;

/// <summary>
/// How a predictions CSV's columns map onto <see cref="Vigil.Contracts.Monitoring.PredictionEvent"/> beyond the fixed
/// ones (event_id, model, model_version, time, encounter, patient, site, unit, score, alert, suggestion): which columns
/// are protected attributes and which are watched features (the registration's lists), the model and version of rows
/// without those columns, and the threshold that decides "alert" when the file has no alert column.
/// </summary>
/// <param name="Protected">Protected attribute columns (the registration's order).</param>
/// <param name="Features">Watched feature columns.</param>
/// <param name="Model">Model id of rows without a model column (null: the column is required).</param>
/// <param name="ModelVersion">Model version of rows without a model_version column (null: the column is required).</param>
/// <param name="Threshold">alert = score ≥ threshold when the file has no alert column (null: the column is required).</param>
public sealed record PredictionColumns(
    IReadOnlyList<string> Protected,
    IReadOnlyList<string> Features,
    string? Model = null,
    string? ModelVersion = null,
    double? Threshold = null);
