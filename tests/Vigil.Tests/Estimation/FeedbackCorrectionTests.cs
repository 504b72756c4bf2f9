using Vigil.Application.Simulation;
using Vigil.Core.Estimation;
using Xunit;

namespace Vigil.Tests.Estimation;

/// <summary>Realized rates corrected for treated alerts: hand-computed cases, and the sepsis simulator whose untreated truth is known.</summary>
public sealed class FeedbackCorrectionTests
{
    [Fact]
    public void Weighting_by_the_untreated_on_a_hand_computed_group()
    {
        // 60 treated alerts (9 outcomes recorded), 40 untreated alerts (12 outcomes), 30 missed positives, 900 true negatives.
        // r_U = 12/40 = 0.3; Â = 100 × 0.3 = 30; averted = 60 × 0.3 − 9 = 9; corrected sensitivity = 30/(30 + 30) = 0.5.
        var r = FeedbackCorrection.Compute(new FeedbackCounts(60, 9, 40, 12, 30, 900));
        Assert.Equal(21.0 / 51, r.SensitivityNaive.Value!.Value, 12);
        Assert.Equal(30.0 / 51, r.FnrNaive.Value!.Value, 12);
        Assert.Equal(0.21, r.PpvNaive.Value!.Value, 12);
        Assert.Equal(0.5, r.SensitivityCorrected.Value!.Value, 12);
        Assert.Equal(0.5, r.FnrCorrected.Value!.Value, 12);
        Assert.Equal(0.3, r.PpvCorrected.Value!.Value, 12);
        Assert.Equal(30, r.AlertedPositivesEstimate!.Value, 12);
        Assert.Equal(9, r.AvertedEstimate!.Value, 12);
        // logit = ln 30 − ln 30 = 0; Var = 0.7/12 + (1 − 30/930)/30 = 0.0905914; ±1.959964 × 0.300984.
        Assert.Equal("logit_delta", r.SensitivityCorrected.CiMethod);
        Assert.Equal(0.356653693, r.SensitivityCorrected.Ci!.Value.Low, 8);
        Assert.Equal(0.643346307, r.SensitivityCorrected.Ci!.Value.High, 8);
        Assert.Equal(1 - 0.643346307, r.FnrCorrected.Ci!.Value.Low, 8);
        // The corrected PPV's interval is the Wilson interval of the untreated alerts, 12 of 40.
        Assert.Equal(Vigil.Core.Statistics.WilsonInterval.Compute(12, 40), r.PpvCorrected.Ci);
    }

    [Fact]
    public void Without_treated_alerts_the_correction_changes_nothing_and_without_untreated_ones_it_is_undefined()
    {
        var none = FeedbackCorrection.Compute(new FeedbackCounts(0, 0, 50, 20, 20, 500));
        Assert.Equal(none.SensitivityNaive.Value!.Value, none.SensitivityCorrected.Value!.Value, 12);
        Assert.Equal(none.PpvNaive.Value, none.PpvCorrected.Value);
        Assert.Equal(0, none.AvertedEstimate!.Value, 12);

        var all = FeedbackCorrection.Compute(new FeedbackCounts(50, 10, 0, 0, 20, 500));
        Assert.Null(all.SensitivityCorrected.Value);
        Assert.Equal("every alert was treated: no untreated alerts to estimate the outcome rate from", all.SensitivityCorrected.Reason);
        Assert.Null(all.FnrCorrected.Value);
        Assert.Null(all.AvertedEstimate);
        Assert.Equal(10.0 / 30, all.SensitivityNaive.Value!.Value, 12);

        var quiet = FeedbackCorrection.Compute(new FeedbackCounts(0, 0, 0, 0, 0, 100));
        Assert.Null(quiet.SensitivityNaive.Value);
        Assert.Equal("no matured positives", quiet.SensitivityCorrected.Reason);
    }

    [Fact]
    public void No_outcome_among_the_untreated_gives_zero_with_a_one_sided_interval()
    {
        // y_U = 0: Â = 0, sensitivity 0; ½ is added to y_U and FN for the interval, whose lower end is 0.
        var r = FeedbackCorrection.Compute(new FeedbackCounts(10, 0, 20, 0, 5, 100));
        Assert.Equal(0, r.SensitivityCorrected.Value!.Value, 12);
        Assert.Equal(0, r.SensitivityCorrected.Ci!.Value.Low);
        Assert.Equal(0.693330405, r.SensitivityCorrected.Ci!.Value.High, 8);
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedbackCorrection.Compute(new FeedbackCounts(10, 11, 0, 0, 0, 0)));
    }

    /// <summary>
    /// The simulator with half of the alerted true positives treated and averted: 70% of alerts accepted (override 30%,
    /// independent of risk: no age or contraindication effect, nothing ignored) and treatment averting onset with
    /// probability 5/7. The simulator knows each encounter's untreated onset (<see cref="SimulatedEncounter.SepsisUntreated"/>),
    /// which the monitor never sees: the true sensitivity is alerted untreated onsets over untreated onsets among the
    /// matured predictions.
    /// </summary>
    [Fact]
    public void On_the_simulator_the_corrected_sensitivity_is_within_0_03_of_the_truth_and_the_naive_one_is_not()
    {
        var preset = SepsisPreset.Default with
        {
            OverrideBase = 0.30, OverrideOlderExtra = 0, OverrideContraindicatedExtra = 0, IgnoreRate = 0, AvertProbability = 5.0 / 7,
        };
        var encounters = SepsisSimulator.Simulate(seed: 16, days: 40, perDay: 1000, preset, []);
        var counts = new FeedbackCounts();
        long trueAlerted = 0, truePositives = 0, alertedPositives = 0, averted = 0;
        foreach (var e in encounters)
        {
            if (!e.Emitted || e.Censored) continue;
            if (e.SepsisUntreated)
            {
                truePositives++;
                if (e.Alert) trueAlerted++;
            }
            if (e.Alert && e.SepsisUntreated) alertedPositives++;
            if (e.Averted) averted++;
            var y = e.OnsetRecorded ? 1 : 0;
            counts += e.Alert
                ? e.Treated ? new FeedbackCounts(1, y, 0, 0, 0, 0) : new FeedbackCounts(0, 0, 1, y, 0, 0)
                : new FeedbackCounts(0, 0, 0, 0, y, 1 - y);
        }
        // The scenario: about half of the alerted true positives were treated and averted.
        Assert.InRange((double)averted / alertedPositives, 0.45, 0.55);
        var truth = (double)trueAlerted / truePositives;
        var r = FeedbackCorrection.Compute(counts);
        var naive = r.SensitivityNaive.Value!.Value;
        var corrected = r.SensitivityCorrected.Value!.Value;
        Assert.True(Math.Abs(corrected - truth) <= 0.03, $"corrected {corrected:0.000} vs true {truth:0.000}");
        Assert.True(Math.Abs(naive - truth) > 0.1, $"naive {naive:0.000} vs true {truth:0.000}");
        Assert.InRange(truth, r.SensitivityCorrected.Ci!.Value.Low, r.SensitivityCorrected.Ci!.Value.High);
        Assert.InRange(r.AvertedEstimate!.Value, 0.85 * averted, 1.15 * averted);
    }
}
