namespace Vigil.Application.Simulation;

/// <summary>
/// One simulated encounter with everything the generator drew for it, before and after the workflow: who the patient is,
/// the observed vitals and labs (NaN = missing), the true untreated risk, the model's score and alert, the clinician's
/// action, and the outcome. Times are hours from the run's start.
/// </summary>
public sealed class SimulatedEncounter
{
    /// <summary>Index in the run (0-based, in arrival order).</summary>
    public int Index { get; init; }
    public double ArrivalHours { get; init; }
    public double PredictionHours { get; init; }
    /// <summary>Day of the prediction (0-based): injections act by it.</summary>
    public int Day => (int)Math.Floor(PredictionHours / 24);

    public int Age { get; init; }
    /// <summary>0: &lt;45, 1: 45-64, 2: &gt;=65.</summary>
    public int AgeBand { get; init; }
    public required string Sex { get; init; }
    public required string Race { get; init; }
    public required string Payer { get; init; }
    public required string Site { get; init; }
    public required string Unit { get; init; }
    public bool HeartFailure { get; init; }
    public bool Esrd { get; init; }
    public double Acuity { get; init; }

    /// <summary>Observed features in <see cref="SepsisModel.FeatureNames"/> order (NaN = missing), as the model and the monitor see them.</summary>
    public required double[] Features { get; init; }

    /// <summary>The true findings' log-odds sum (true lactate, even when not measured), without the intercept.</summary>
    public double TrueFindings { get; init; }
    /// <summary>The unobserved standard-normal term of the true risk.</summary>
    public double Unobserved { get; init; }
    /// <summary>The uniform that decides untreated onset (onset when below the true risk).</summary>
    public double OnsetDraw { get; init; }
    /// <summary>The poor model's standard-normal noise.</summary>
    public double ModelNoise { get; init; }
    public double OnsetDelayHours { get; init; }
    public double RecordDelayHours { get; init; }
    /// <summary>Hours after the prediction of a transfer out (null: none).</summary>
    public double? TransferDelayHours { get; init; }
    public double ActionDraw { get; init; }
    public double ReasonDraw { get; init; }
    public double ActionSeconds { get; init; }
    public double AvertDraw { get; init; }

    // ---- set by the workflow -------------------------------------------------------------------------------------
    public double TrueRisk { get; set; }
    public bool SepsisUntreated { get; set; }
    public double Score { get; set; }
    public bool Alert { get; set; }
    /// <summary>False when an outage lost the prediction (no event, no alert shown).</summary>
    public bool Emitted { get; set; } = true;
    public ActionKind Action { get; set; }
    public string? OverrideReason { get; set; }
    public bool Treated { get; set; }
    public bool Averted { get; set; }
    /// <summary>Whether a sepsis_onset outcome is recorded (after averting, censoring and label-definition changes).</summary>
    public bool OnsetRecorded { get; set; }
    /// <summary>Whether a transfer out before onset censors the prediction.</summary>
    public bool Censored { get; set; }
    /// <summary>The injections that changed this encounter (';'-joined kinds), or empty.</summary>
    public string Injected { get; set; } = "";
}

/// <summary>What happened to an alert (None: no alert was shown).</summary>
public enum ActionKind
{
    None,
    Accepted,
    Overridden,
    Ignored,
}
