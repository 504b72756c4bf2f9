using Vigil.Application.Simulation;

namespace Vigil.Application.Estimation;

public static partial class EstimationEvaluation
{
    /// <summary>
    /// The sepsis simulator as a harness data set: <paramref name="days"/> × <paramref name="perDay"/> encounters of
    /// <see cref="SepsisSimulator.Simulate"/> (no injections) with the preset's own model score and threshold; the label
    /// is the untreated sepsis onset the simulator knows (<see cref="SimulatedEncounter.SepsisUntreated"/>), so the alert's
    /// feedback loop does not enter (it is corrected separately, <c>FeedbackCorrection</c>). The domain classifier's
    /// matrix: the eight charted features standardised (missing: 0) with a missing indicator each, age standardised, and
    /// female. Groups: sex F/M and the simulator's age bands &lt;45, 45-64, ≥65. Rows are in arrival order.
    /// </summary>
    internal static Table Simulated(long seed, SepsisPreset preset, int days, int perDay)
    {
        var encounters = SepsisSimulator.Simulate(seed, days, perDay, preset, []);
        var n = encounters.Count;
        var f = SepsisModel.FeatureNames.Length;
        var d = 2 * f + 2;
        var mean = new double[f];
        var sd = new double[f];
        for (var j = 0; j < f; j++)
        {
            double s = 0, ss = 0;
            var m = 0;
            foreach (var e in encounters)
            {
                var v = e.Features[j];
                if (double.IsNaN(v)) continue;
                s += v;
                ss += v * v;
                m++;
            }
            mean[j] = m > 0 ? s / m : 0;
            var variance = m > 1 ? (ss - s * s / m) / (m - 1) : 0;
            sd[j] = variance > 0 ? Math.Sqrt(variance) : 1;
        }
        var ageMean = encounters.Average(e => (double)e.Age);
        var ageSd = Math.Sqrt(encounters.Sum(e => (e.Age - ageMean) * (e.Age - ageMean)) / (n - 1));

        var features = new double[n * d];
        var scores = new double[n];
        var labels = new bool[n];
        var ageZ = new double[n];
        var sex = new int[n];
        var band = new int[n];
        for (var i = 0; i < n; i++)
        {
            var e = encounters[i];
            for (var j = 0; j < f; j++)
            {
                var v = e.Features[j];
                features[i * d + j] = double.IsNaN(v) ? 0 : (v - mean[j]) / sd[j];
                features[i * d + f + j] = double.IsNaN(v) ? 1 : 0;
            }
            ageZ[i] = (e.Age - ageMean) / ageSd;
            features[i * d + 2 * f] = ageZ[i];
            features[i * d + 2 * f + 1] = e.Sex == "F" ? 1 : 0;
            scores[i] = e.Score;
            labels[i] = e.SepsisUntreated;
            sex[i] = e.Sex == "F" ? 0 : 1;
            band[i] = e.AgeBand;
        }
        return new Table(scores, labels, features, d, ageZ, sex, band, ["F", "M"], SepsisCalibration.For(preset).Model.Threshold,
            SepsisWorld.AgeBandLabels.ToArray());
    }
}
