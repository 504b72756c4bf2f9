namespace Vigil.Application.Simulation;

/// <summary>
/// The simulated sepsis early-warning model: a logistic model over qSOFA/SIRS-like findings of the vitals and labs the
/// EHR holds at scoring time (a missing value counts as normal, as in most deployed scores), with the weights of
/// <see cref="SepsisWorld.FindingWeights"/>. Its score is logistic(a + b × (findings + σ × noise)), where a and b are
/// the logistic recalibration on the development sample and σ the model noise (0 for "default"; solved for "poor-model")
/// (<see cref="SepsisCalibration"/>).
/// </summary>
public static class SepsisModel
{
    /// <summary>The watched features, as events carry them.</summary>
    public static readonly string[] FeatureNames = ["heart_rate", "resp_rate", "temperature", "sbp", "map", "wbc", "lactate", "creatinine"];

    public const int Hr = 0, Rr = 1, Temp = 2, Sbp = 3, Map = 4, Wbc = 5, Lactate = 6, Creatinine = 7;

    /// <summary>The findings, in <see cref="SepsisWorld.FindingWeights"/> order.</summary>
    public static readonly string[] FindingNames =
        ["resp_rate>=22", "sbp<=100", "heart_rate>90", "temperature>38|<36", "wbc>12|<4", "lactate>=2", "lactate>=4", "creatinine>=2", "age>=65"];

    /// <summary>Weight of each standardised vital-sign deviation (heart rate per 10/min, respiratory rate per 3/min, systolic pressure per −15 mmHg).</summary>
    public const double ContinuousWeight = 0.05;

    /// <summary>The weighted sum of the findings (no intercept). NaN values count as normal.</summary>
    public static double Findings(double hr, double rr, double temp, double sbp, double wbc, double lactate, double creatinine, bool older)
    {
        var w = SepsisWorld.FindingWeights;
        var sum = 0.0;
        if (rr >= 22) sum += w[0];
        if (sbp <= 100) sum += w[1];
        if (hr > 90) sum += w[2];
        if (temp > 38 || temp < 36) sum += w[3];
        if (wbc > 12 || wbc < 4) sum += w[4];
        if (lactate >= 2) sum += w[5];
        if (lactate >= 4) sum += w[6];
        if (creatinine >= 2) sum += w[7];
        if (older) sum += w[8];
        // A small continuous part (vital-sign deviations) so that scores rarely tie and any alert rate is reachable.
        if (!double.IsNaN(hr)) sum += ContinuousWeight * (hr - 85) / 10;
        if (!double.IsNaN(rr)) sum += ContinuousWeight * (rr - 18) / 3;
        if (!double.IsNaN(sbp)) sum -= ContinuousWeight * (sbp - 130) / 15;
        return sum;
    }

    /// <summary>The findings of observed features (<see cref="FeatureNames"/> order).</summary>
    public static double Findings(ReadOnlySpan<double> f, bool older) =>
        Findings(f[Hr], f[Rr], f[Temp], f[Sbp], f[Wbc], f[Lactate], f[Creatinine], older);

    /// <summary>The score: logistic(a + b × (findings + noiseSd × noise)).</summary>
    public static double Score(double findings, double noise, ModelCalibration model) =>
        Logistic(model.Intercept + model.Slope * (findings + model.NoiseSd * noise));

    public static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));
}

/// <summary>A model's solved constants: recalibration intercept and slope, noise spread, and the alert threshold.</summary>
public sealed record ModelCalibration(double Intercept, double Slope, double NoiseSd, double Threshold);
