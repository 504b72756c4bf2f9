using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Store;

/// <summary>
/// A prediction as the store keeps it: identifiers already pseudonymised (<see cref="Pseudonymizer"/>), protected values
/// already banded into the registration's cell (levels in the registration's attribute order), and every watched
/// feature and the score already binned against the reference (<see cref="Reference.ReferenceBinning"/>), so that the store can
/// add the rows it newly inserted to the hourly windows without knowing the registration.
/// </summary>
/// <param name="EventId">Idempotency key.</param>
/// <param name="Model">Model id.</param>
/// <param name="Version">Model version.</param>
/// <param name="TimeMs">Prediction time, Unix milliseconds (UTC).</param>
/// <param name="EncounterKey">HMAC pseudonym of the encounter.</param>
/// <param name="PatientKey">HMAC pseudonym of the patient.</param>
/// <param name="Site">Site, if given.</param>
/// <param name="Unit">Unit, if given.</param>
/// <param name="Levels">The prediction's level of each protected attribute, in registration order.</param>
/// <param name="Features">Watched feature values in registration order (NaN = missing).</param>
/// <param name="FeatureBins">Bin of each watched feature against the reference (-1 = missing); empty without a reference.</param>
/// <param name="Score">Score in [0, 1].</param>
/// <param name="ScoreBin">Bin of the score against the reference's score bins (-1 without a reference).</param>
/// <param name="Alert">Whether the alert fired (the audit's prediction).</param>
/// <param name="Suggestion">What the alert suggested.</param>
/// <param name="WindowEndMs">TimeMs + outcome window (a positive outcome must fall in [TimeMs, WindowEndMs]).</param>
/// <param name="MatureAtMs">When the prediction matures as a known negative: window end + label delay.</param>
public sealed record StoredPrediction(
    string EventId,
    string Model,
    string Version,
    long TimeMs,
    string EncounterKey,
    string PatientKey,
    string? Site,
    string? Unit,
    IReadOnlyList<string> Levels,
    double[] Features,
    int[] FeatureBins,
    double Score,
    int ScoreBin,
    bool Alert,
    string? Suggestion,
    long WindowEndMs,
    long MatureAtMs)
{
    /// <summary>The cell key: the levels joined by U+001F (never in a level name).</summary>
    public string Cell => CellKey.Of(Levels);
}

/// <summary>A clinician action as stored (joined to its prediction by the prediction's event id).</summary>
public sealed record StoredAction(string EventId, string PredictionId, long TimeMs, ClinicianAction Action, string? Reason, double? SecondsToAction);

/// <summary>An outcome as stored (encounter pseudonymised).</summary>
public sealed record StoredOutcome(string EventId, string EncounterKey, string Kind, long TimeMs);

/// <summary>Cell keys: protected levels joined by U+001F.</summary>
public static class CellKey
{
    public const char Separator = '\u001f';

    public static string Of(IReadOnlyList<string> levels) => string.Join(Separator, levels);

    public static string[] Levels(string cell) => cell.Split(Separator);
}

/// <summary>A prediction's label state.</summary>
public enum LabelState
{
    /// <summary>Outcome window (plus label delay) still open and no positive outcome yet.</summary>
    Pending = 0,
    /// <summary>Matured with a positive label (positive outcome in the window).</summary>
    MaturedPositive = 1,
    /// <summary>Matured as a known negative (window and delay closed, no positive outcome).</summary>
    MaturedNegative = 2,
    /// <summary>Censored: follow-up ended first, or the outcome preceded the prediction.</summary>
    Censored = 3,
}

/// <summary>
/// One hour of one cell of a model version: what the monitors and status read. Every field is a count or a sum, so
/// that any period is the sum of its hours (mergeable) and equals what a batch audit of the same rows counts.
/// </summary>
/// <param name="HourMs">Start of the hour of the predictions' time, Unix ms.</param>
/// <param name="Cell">Cell key.</param>
/// <param name="Predictions">Predictions received.</param>
/// <param name="Alerts">Of those, predictions whose alert fired.</param>
/// <param name="ScoreSum">Sum of all received predictions' scores.</param>
/// <param name="Tn">Matured negatives without alert.</param>
/// <param name="Fp">Matured negatives with alert.</param>
/// <param name="Fn">Matured positives without alert.</param>
/// <param name="Tp">Matured positives with alert.</param>
/// <param name="MaturedScoreSum">Sum of matured predictions' scores (expected positives for O/E).</param>
/// <param name="Censored">Censored predictions.</param>
/// <param name="Accepted">Clinician actions "accepted" on predictions of this hour and cell.</param>
/// <param name="Overridden">Actions "overridden".</param>
/// <param name="Ignored">Actions "ignored".</param>
public sealed record HourCell(
    long HourMs,
    string Cell,
    long Predictions,
    long Alerts,
    double ScoreSum,
    long Tn,
    long Fp,
    long Fn,
    long Tp,
    double MaturedScoreSum,
    long Censored,
    long Accepted,
    long Overridden,
    long Ignored);

/// <summary>One hour's count of a watched feature's bin (Feature = index in the registration's watched features, -1 = the score; Bin -1 = missing).</summary>
public sealed record HourBin(long HourMs, int Feature, int Bin, long Count);

/// <summary>A matured or censored prediction's row for a period's audit (the same rows a batch `vigil audit` would read).</summary>
public sealed record MaturedRow(long TimeMs, IReadOnlyList<string> Levels, int Label, int Prediction, double Score);

/// <summary>An alert the monitors found (before the store dedupes it).</summary>
public sealed record AlertFinding(
    string DedupeKey,
    string Model,
    string Version,
    AlertKind Kind,
    string? Attribute,
    string? Level,
    string Metric,
    double? Value,
    double[]? Interval,
    double? Bound,
    string Message,
    double? AdditionalMissedPer1000,
    IReadOnlyDictionary<string, double?> Evidence);

/// <summary>A webhook delivery waiting to be sent (outbox): claimed by one replica at a time.</summary>
public sealed record WebhookDelivery(long Id, string Url, string Payload, int Attempts);

/// <summary>An API key as stored: its name (the user it acts as), role, and SHA-256 of the secret.</summary>
public sealed record StoredApiKey(string Name, ServiceRole Role, string SecretHash, DateTimeOffset CreatedAt, bool Revoked)
{
    /// <summary>Length of <see cref="Id"/> in hex digits (48 bits: a clash among a service's keys has odds of about n²/2⁴⁹).</summary>
    public const int IdLength = 12;

    /// <summary>
    /// The key's public id: the first <see cref="IdLength"/> hex digits of the secret's SHA-256. It names the key in
    /// listings, revocations and the audit trail; it cannot be turned back into the secret or used to call the service.
    /// </summary>
    public string Id => SecretHash.Length >= IdLength ? SecretHash[..IdLength] : SecretHash;
}

/// <summary>Roles of the service, from least to most trusted. Admin may do everything; reviewer everything a viewer may.</summary>
public enum ServiceRole
{
    Ingest,
    Viewer,
    Reviewer,
    Admin,
}
