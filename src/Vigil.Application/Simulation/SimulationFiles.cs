using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Contracts.Monitoring;

namespace Vigil.Application.Simulation;

/// <summary>
/// Writes a run's files (docs/simulation.md, "Outputs"): predictions.ndjson, actions.ndjson and outcomes.ndjson (the
/// event contracts, one per line in arrival order, ready for `vigil monitor push`), truth.csv (per prediction: the
/// untreated truth, what was recorded, treatment and averting) and reference.csv (the reference period's labelled
/// predictions, for `vigil monitor register`). Numbers in the invariant culture and times in UTC, so the bytes depend
/// on the seed only.
/// </summary>
public static class SimulationFiles
{
    public const string Predictions = "predictions.ndjson", Actions = "actions.ndjson", Outcomes = "outcomes.ndjson",
        Truth = "truth.csv", Reference = "reference.csv", Registration = "registration.json", Summary = "simulation.json";

    private static readonly MonitoringJsonContext Compact = new(new JsonSerializerOptions(MonitoringJsonContext.Default.Options) { WriteIndented = false });

    /// <summary>Writes the three event files and truth.csv into <paramref name="folder"/>.</summary>
    public static void WriteStream(SimulationRun run, string folder)
    {
        ArgumentNullException.ThrowIfNull(run);
        WriteNdjson(Path.Combine(folder, Predictions), run.Predictions, e => JsonSerializer.Serialize(e, Compact.PredictionEvent));
        WriteNdjson(Path.Combine(folder, Actions), run.Actions, e => JsonSerializer.Serialize(e, Compact.ActionEvent));
        WriteNdjson(Path.Combine(folder, Outcomes), run.Outcomes, e => JsonSerializer.Serialize(e, Compact.OutcomeEvent));
        WriteTruth(run, Path.Combine(folder, Truth));
    }

    /// <summary>The NDJSON of one event list (for tests and the push).</summary>
    public static string Ndjson(IReadOnlyList<Timed<PredictionEvent>> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sb = new StringBuilder();
        foreach (var e in events) sb.Append(JsonSerializer.Serialize(e.Event, Compact.PredictionEvent)).Append('\n');
        return sb.ToString();
    }

    private static void WriteNdjson<T>(string path, IReadOnlyList<Timed<T>> events, Func<T, string> serialize)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.NewLine = "\n";
        foreach (var e in events) w.WriteLine(serialize(e.Event));
    }

    /// <summary>
    /// truth.csv: prediction_id, time, day, age_band, emitted, score, alert, true_risk, true_label (untreated onset),
    /// recorded_label (1 recorded onset, 0 none, empty when censored), action, override_reason, treated, averted, injected.
    /// </summary>
    public static void WriteTruth(SimulationRun run, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.NewLine = "\n";
        w.WriteLine("prediction_id,time,day,age_band,emitted,score,alert,true_risk,true_label,recorded_label,action,override_reason,treated,averted,injected");
        foreach (var e in run.Encounters)
        {
            w.WriteLine(string.Join(',',
                run.PredictionId(e),
                run.At(e.PredictionHours).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                e.Day.ToString(CultureInfo.InvariantCulture),
                SepsisWorld.AgeBandLabels[e.AgeBand],
                Bit(e.Emitted),
                Math.Round(e.Score, 6).ToString("R", CultureInfo.InvariantCulture),
                Bit(e.Alert),
                Math.Round(e.TrueRisk, 6).ToString("R", CultureInfo.InvariantCulture),
                Bit(e.SepsisUntreated),
                e.Censored ? "" : Bit(e.OnsetRecorded),
                e.Action == ActionKind.None ? "" : e.Action.ToString().ToLowerInvariant(),
                e.OverrideReason ?? "",
                Bit(e.Treated),
                Bit(e.Averted),
                e.Injected));
        }
    }

    /// <summary>
    /// reference.csv: the reference period's emitted, uncensored predictions with their recorded label (what a
    /// validation set of the deployed model holds): label, score, age, sex, race_ethnicity, payer and the watched features
    /// (empty = missing).
    /// </summary>
    public static void WriteReference(SimulationRun reference, string path)
    {
        ArgumentNullException.ThrowIfNull(reference);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.NewLine = "\n";
        w.WriteLine("label,score,age,sex,race_ethnicity,payer," + string.Join(',', SepsisModel.FeatureNames));
        var sb = new StringBuilder();
        foreach (var e in reference.Encounters)
        {
            if (!e.Emitted || e.Censored) continue;
            sb.Clear();
            sb.Append(Bit(e.OnsetRecorded)).Append(',')
              .Append(Math.Round(e.Score, 6).ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(e.Age.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(e.Sex).Append(',').Append(e.Race).Append(',').Append(e.Payer);
            foreach (var v in e.Features)
                sb.Append(',').Append(double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture));
            w.WriteLine(sb.ToString());
        }
    }

    private static string Bit(bool b) => b ? "1" : "0";
}
