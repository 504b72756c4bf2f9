using Vigil.Contracts.Monitoring;
using Vigil.Monitoring;
using Vigil.Monitoring.Store;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>A registered sepsis model and events built the way the service builds them (pseudonyms from a Pseudonymizer).</summary>
internal static class StoreTestData
{
    public const string Model = "sepsis-ews";
    public const string V1 = "1.0.0";
    public const long Hour = 3_600_000;

    /// <summary>A fixed time origin: 2026-01-01T00:00Z.</summary>
    public static readonly long T0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>72 h window, 48 h label delay, transfer_out censors.</summary>
    public static readonly OutcomeDefinition Outcome = new("sepsis_onset", 72, 48, ["transfer_out"]);

    public static readonly Pseudonymizer Pseudonyms = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static ModelRegistration Registration(string id = Model, string version = V1) => new(
        ModelRegistration.SchemaName, id, version, "early warning of sepsis in adult inpatients",
        [new ProtectedSpec("sex", null, null), new ProtectedSpec("age", [45, 65], null)],
        ["lactate", "heart_rate"], 0.5, Outcome, 10,
        new MonitorSettings([], [], null, null, null, null, 0.95, 30, 720, []), null);

    /// <summary>A prediction of raw encounter <paramref name="encounter"/> at <paramref name="timeMs"/>.</summary>
    public static StoredPrediction Prediction(string eventId, string encounter, long timeMs, bool alert = false, double score = 0.3,
        string sex = "F", string age = "45-64", string version = V1, string patient = "patient-1")
    {
        var window = (long)(Outcome.WindowHours * Hour);
        var delay = (long)(Outcome.LabelDelayHours * Hour);
        return new StoredPrediction(eventId, Model, version, timeMs, Pseudonyms.Encounter(encounter), Pseudonyms.Patient(patient),
            "site-a", "icu", [sex, age], [1.5, double.NaN], [3, -1], score, 7, alert, alert ? "sepsis-bundle" : null,
            timeMs + window, timeMs + window + delay);
    }

    public static StoredOutcome Outcome_(string eventId, string encounter, string kind, long timeMs) =>
        new(eventId, Pseudonyms.Encounter(encounter), kind, timeMs);

    public static StoredAction Action(string eventId, string predictionId, ClinicianAction action, long timeMs) =>
        new(eventId, predictionId, timeMs, action, action == ClinicianAction.Overridden ? "not-septic" : null, 42);

    /// <summary>The sum over every cell and hour (one row), for compact assertions.</summary>
    public static HourCell Total(IEnumerable<HourCell> cells)
    {
        var t = new HourCell(0, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        foreach (var c in cells)
        {
            t = new HourCell(0, "", t.Predictions + c.Predictions, t.Alerts + c.Alerts, t.ScoreSum + c.ScoreSum, t.Tn + c.Tn, t.Fp + c.Fp,
                t.Fn + c.Fn, t.Tp + c.Tp, t.MaturedScoreSum + c.MaturedScoreSum, t.Censored + c.Censored, t.Accepted + c.Accepted,
                t.Overridden + c.Overridden, t.Ignored + c.Ignored);
        }
        return t;
    }
}
