namespace Vigil.Application.Simulation;

/// <summary>
/// What a run actually gave, measured on its encounters (emitted predictions; censored ones left out of the naive
/// rates as the service leaves them out): the untreated truth against the recorded labels a naive monitor sees.
/// </summary>
/// <param name="Encounters">Encounters simulated.</param>
/// <param name="Predictions">Predictions emitted (not lost to an outage).</param>
/// <param name="Prevalence">Untreated sepsis onset among encounters (the truth).</param>
/// <param name="RecordedPrevalence">Recorded onsets among uncensored predictions (after averting and label changes).</param>
/// <param name="AlertRate">Alerts among predictions.</param>
/// <param name="Auroc">The score's AUROC against untreated onset.</param>
/// <param name="TrueSensitivity">Alerts among untreated-septic predictions (1 − true FNR).</param>
/// <param name="NaiveSensitivity">Alerts among predictions with a recorded onset (what monitoring sees).</param>
/// <param name="Specificity">No alert among predictions without untreated onset.</param>
/// <param name="Ppv">Untreated onset among alerts.</param>
/// <param name="Averted">Onsets averted by treatment on an accepted alert.</param>
/// <param name="OverrideRate">Overridden alerts among actions.</param>
/// <param name="OverrideRateByAgeBand">The same per age band (&lt;45, 45-64, &gt;=65).</param>
public sealed record SimulationMetrics(
    int Encounters,
    int Predictions,
    double Prevalence,
    double RecordedPrevalence,
    double AlertRate,
    double Auroc,
    double TrueSensitivity,
    double NaiveSensitivity,
    double Specificity,
    double Ppv,
    int Averted,
    double OverrideRate,
    double[] OverrideRateByAgeBand)
{
    /// <summary>The metrics of the encounters <paramref name="include"/> selects (all when null).</summary>
    public static SimulationMetrics Measure(IReadOnlyList<SimulatedEncounter> encounters, Func<SimulatedEncounter, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(encounters);
        int n = 0, emitted = 0, septic = 0, alerts = 0, tp = 0, negatives = 0, tn = 0, uncensored = 0, recorded = 0, recordedHit = 0, averted = 0;
        int actions = 0, overridden = 0;
        var bandActions = new int[3];
        var bandOverridden = new int[3];
        var scores = new List<double>();
        var labels = new List<bool>();
        foreach (var e in encounters)
        {
            if (include is not null && !include(e)) continue;
            n++;
            if (e.SepsisUntreated) septic++;
            if (e.Averted) averted++;
            if (!e.Emitted) continue;
            emitted++;
            scores.Add(e.Score);
            labels.Add(e.SepsisUntreated);
            if (e.Alert) alerts++;
            if (e.SepsisUntreated)
            {
                if (e.Alert) tp++;
            }
            else
            {
                negatives++;
                if (!e.Alert) tn++;
            }
            if (!e.Censored)
            {
                uncensored++;
                if (e.OnsetRecorded)
                {
                    recorded++;
                    if (e.Alert) recordedHit++;
                }
            }
            if (e.Action != ActionKind.None)
            {
                actions++;
                bandActions[e.AgeBand]++;
                if (e.Action == ActionKind.Overridden)
                {
                    overridden++;
                    bandOverridden[e.AgeBand]++;
                }
            }
        }
        var septicEmitted = emitted - negatives;
        return new SimulationMetrics(n, emitted,
            Ratio(septic, n), Ratio(recorded, uncensored), Ratio(alerts, emitted),
            SepsisCalibration.Auroc([.. scores], [.. labels]),
            Ratio(tp, septicEmitted), Ratio(recordedHit, recorded), Ratio(tn, negatives), Ratio(tp, alerts),
            averted, Ratio(overridden, actions),
            [Ratio(bandOverridden[0], bandActions[0]), Ratio(bandOverridden[1], bandActions[1]), Ratio(bandOverridden[2], bandActions[2])]);
    }

    private static double Ratio(int a, int b) => b == 0 ? double.NaN : (double)a / b;
}
