using System.Globalization;
using Vigil.Contracts.Monitoring;

namespace Vigil.Application.Simulation;

/// <summary>An event with the simulated time it reaches the monitor (outcomes arrive after they happen).</summary>
public readonly record struct Timed<T>(double ArrivalHours, T Event);

/// <summary>
/// A simulated run: its encounters and the events the clinical system sends for them, each list in arrival order
/// (ties by encounter): predictions at their time, actions at theirs, outcomes when recorded.
/// </summary>
public sealed class SimulationRun
{
    public SimulationRun(SimulationSettings settings, IReadOnlyList<SimulatedEncounter> encounters, SepsisCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(encounters);
        Settings = settings;
        Encounters = encounters;
        Calibration = calibration;
        Predictions = BuildPredictions();
        Actions = BuildActions();
        Outcomes = BuildOutcomes();
    }

    public SimulationSettings Settings { get; }
    public IReadOnlyList<SimulatedEncounter> Encounters { get; }
    public SepsisCalibration Calibration { get; }
    public IReadOnlyList<Timed<PredictionEvent>> Predictions { get; }
    public IReadOnlyList<Timed<ActionEvent>> Actions { get; }
    public IReadOnlyList<Timed<OutcomeEvent>> Outcomes { get; }

    /// <summary>The simulated clock at <paramref name="hours"/> after the start (whole milliseconds).</summary>
    public DateTimeOffset At(double hours) => Settings.Start.AddMilliseconds(Math.Round(hours * 3_600_000));

    public string PredictionId(SimulatedEncounter e) => Id("p", e);
    public string EncounterId(SimulatedEncounter e) => Id("enc", e);
    public string PatientId(SimulatedEncounter e) => Id("pt", e);

    private string Id(string prefix, SimulatedEncounter e) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Settings.Seed}-{e.Index:D7}");

    /// <summary>The suggestion of a fired alert: the bundle, with the 30 mL/kg bolus held when heart failure or ESRD contraindicate it.</summary>
    public static string Suggestion(SimulatedEncounter e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.HeartFailure || e.Esrd ? "sepsis-bundle:lactate,cultures,antibiotics;crystalloid-held" : "sepsis-bundle:lactate,cultures,antibiotics,crystalloid-30ml-kg";
    }

    private List<Timed<PredictionEvent>> BuildPredictions()
    {
        var list = new List<Timed<PredictionEvent>>(Encounters.Count);
        foreach (var e in Encounters)
        {
            if (!e.Emitted) continue;
            var features = new Dictionary<string, double?>(SepsisModel.FeatureNames.Length, StringComparer.Ordinal);
            for (var f = 0; f < SepsisModel.FeatureNames.Length; f++)
                features[SepsisModel.FeatureNames[f]] = double.IsNaN(e.Features[f]) ? null : e.Features[f];
            var protectedValues = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["age"] = e.Age.ToString(CultureInfo.InvariantCulture),
                ["sex"] = e.Sex,
                ["race_ethnicity"] = e.Race,
                ["payer"] = e.Payer,
            };
            list.Add(new(e.PredictionHours, new PredictionEvent(PredictionId(e), Settings.ModelId, Settings.Preset.ModelVersion, At(e.PredictionHours),
                EncounterId(e), PatientId(e), e.Site, e.Unit, protectedValues, features, Math.Round(e.Score, 6), e.Alert,
                e.Alert ? Suggestion(e) : null)));
        }
        list.Sort((a, b) => a.ArrivalHours.CompareTo(b.ArrivalHours));
        return list;
    }

    private List<Timed<ActionEvent>> BuildActions()
    {
        var list = new List<Timed<ActionEvent>>();
        foreach (var e in Encounters)
        {
            if (e.Action == ActionKind.None) continue;
            var ignored = e.Action == ActionKind.Ignored;
            var seconds = ignored ? SepsisWorld.IgnoredAfterSeconds : Math.Round(e.ActionSeconds);
            var hours = e.PredictionHours + seconds / 3600;
            var action = e.Action switch
            {
                ActionKind.Accepted => ClinicianAction.Accepted,
                ActionKind.Overridden => ClinicianAction.Overridden,
                _ => ClinicianAction.Ignored,
            };
            list.Add(new(hours, new ActionEvent(Id("a", e), PredictionId(e), At(hours), action, e.OverrideReason, ignored ? null : seconds)));
        }
        list.Sort((a, b) => a.ArrivalHours.CompareTo(b.ArrivalHours));
        return list;
    }

    private List<Timed<OutcomeEvent>> BuildOutcomes()
    {
        var list = new List<Timed<OutcomeEvent>>();
        foreach (var e in Encounters)
        {
            if (e.OnsetRecorded)
            {
                var onset = e.PredictionHours + e.OnsetDelayHours;
                list.Add(new(onset + e.RecordDelayHours, new OutcomeEvent(Id("o-onset", e), EncounterId(e), "sepsis_onset", At(onset))));
            }
            if (e.TransferDelayHours is { } t)
            {
                var transfer = e.PredictionHours + t;
                list.Add(new(transfer + 0.25, new OutcomeEvent(Id("o-transfer", e), EncounterId(e), "transfer_out", At(transfer))));
            }
        }
        list.Sort((a, b) => a.ArrivalHours.CompareTo(b.ArrivalHours));
        return list;
    }
}
