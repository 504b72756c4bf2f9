namespace Vigil.Contracts.Monitoring;

/// <summary>
/// One model output as the clinical system saw it (POST /v1/predictions, `vigil monitor push`). The encounter and
/// patient identifiers are replaced at the service's edge by keyed HMAC pseudonyms and never stored or logged.
/// </summary>
/// <param name="EventId">The sender's id of this event: ingest is idempotent by it (a repeat is counted once).</param>
/// <param name="Model">Registered model id.</param>
/// <param name="ModelVersion">Registered model version.</param>
/// <param name="Time">When the prediction was made (its hour is its window).</param>
/// <param name="Encounter">The encounter the prediction is about (outcomes are joined by it).</param>
/// <param name="Patient">The patient.</param>
/// <param name="Site">The site (hospital), if known.</param>
/// <param name="Unit">The care unit, if known.</param>
/// <param name="Protected">Protected attribute values by registered attribute name (a banded attribute takes its number, e.g. "age": "67").</param>
/// <param name="Features">Watched feature values by name; null = missing.</param>
/// <param name="Score">The model's risk score in [0, 1].</param>
/// <param name="Alert">Whether an alert fired (the prediction the audit counts as positive).</param>
/// <param name="Suggestion">What the alert suggested (e.g. "sepsis-bundle"), if anything.</param>
public sealed record PredictionEvent(
    string EventId,
    string Model,
    string ModelVersion,
    DateTimeOffset Time,
    string Encounter,
    string Patient,
    string? Site,
    string? Unit,
    IReadOnlyDictionary<string, string> Protected,
    IReadOnlyDictionary<string, double?>? Features,
    double Score,
    bool Alert,
    string? Suggestion);

/// <summary>What a clinician did with an alert.</summary>
public enum ClinicianAction
{
    Accepted,
    Overridden,
    Ignored,
}

/// <summary>A clinician's action on one prediction's alert (POST /v1/actions).</summary>
/// <param name="EventId">The sender's id of this event (idempotency key).</param>
/// <param name="PredictionId">The <see cref="PredictionEvent.EventId"/> of the prediction acted on.</param>
/// <param name="Time">When the action was taken.</param>
/// <param name="Action">accepted, overridden or ignored.</param>
/// <param name="Reason">The override reason, when given (free text is not stored; a coded reason is).</param>
/// <param name="SecondsToAction">Seconds from the alert to the action, when known.</param>
public sealed record ActionEvent(
    string EventId,
    string PredictionId,
    DateTimeOffset Time,
    ClinicianAction Action,
    string? Reason,
    double? SecondsToAction);

/// <summary>
/// A clinical outcome of an encounter, which may arrive hours or days after the predictions it labels (POST
/// /v1/outcomes). Kept when it arrives before its predictions, and joined by encounter when they come.
/// </summary>
/// <param name="EventId">The sender's id of this event (idempotency key).</param>
/// <param name="Encounter">The encounter (pseudonymised at the edge like the prediction's).</param>
/// <param name="Kind">What happened: the registration's outcome kind (e.g. "sepsis_onset") or a censoring kind (e.g. "transfer_out").</param>
/// <param name="Time">When it happened (e.g. the Sepsis-3 onset time), not when it was recorded.</param>
public sealed record OutcomeEvent(
    string EventId,
    string Encounter,
    string Kind,
    DateTimeOffset Time);

/// <summary>The answer to an ingest request: given only after the accepted events are durable.</summary>
/// <param name="Accepted">New events stored.</param>
/// <param name="Duplicates">Events whose id was already stored (not counted again).</param>
public sealed record IngestResult(int Accepted, int Duplicates);
