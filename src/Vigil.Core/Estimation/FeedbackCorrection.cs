using MathNet.Numerics.Distributions;
using Vigil.Core.Statistics;

namespace Vigil.Core.Estimation;

/// <summary>
/// One group's matured predictions split by the alert and by what the clinician did with it (censored and pending
/// predictions are not counted). "Treated" means the alert was accepted (treatment started on it); every other alert
/// (overridden, ignored, no action recorded) is untreated.
/// </summary>
/// <param name="TreatedAlerts">Matured predictions whose alert was accepted.</param>
/// <param name="TreatedPositives">Of those, the ones whose outcome was still recorded (treatment did not avert it).</param>
/// <param name="UntreatedAlerts">Matured predictions whose alert fired and was not accepted.</param>
/// <param name="UntreatedPositives">Of those, the ones with a recorded outcome.</param>
/// <param name="MissedPositives">Matured predictions without an alert whose outcome was recorded (FN).</param>
/// <param name="NegativesWithoutAlert">Matured predictions without an alert and without the outcome (TN).</param>
public readonly record struct FeedbackCounts(
    long TreatedAlerts,
    long TreatedPositives,
    long UntreatedAlerts,
    long UntreatedPositives,
    long MissedPositives,
    long NegativesWithoutAlert)
{
    /// <summary>Adds two groups' counts (counts of hours or cells merge by addition).</summary>
    public static FeedbackCounts operator +(FeedbackCounts a, FeedbackCounts b) => new(
        a.TreatedAlerts + b.TreatedAlerts, a.TreatedPositives + b.TreatedPositives, a.UntreatedAlerts + b.UntreatedAlerts,
        a.UntreatedPositives + b.UntreatedPositives, a.MissedPositives + b.MissedPositives, a.NegativesWithoutAlert + b.NegativesWithoutAlert);

    /// <summary>Adds two groups' counts.</summary>
    public static FeedbackCounts Add(FeedbackCounts left, FeedbackCounts right) => left + right;

    /// <summary>Matured predictions with an alert.</summary>
    public long Alerts => TreatedAlerts + UntreatedAlerts;

    /// <summary>Recorded positives with an alert (the naive TP).</summary>
    public long RecordedAlertedPositives => TreatedPositives + UntreatedPositives;
}

/// <summary>Naive and feedback-corrected realized rates of one group, side by side.</summary>
/// <param name="SensitivityNaive">Recorded TP / (TP + FN), Wilson interval.</param>
/// <param name="SensitivityCorrected">Â / (Â + FN) with Â the estimated alerted true positives; logit delta-method interval.</param>
/// <param name="FnrNaive">1 − naive sensitivity.</param>
/// <param name="FnrCorrected">1 − corrected sensitivity.</param>
/// <param name="PpvNaive">Recorded TP / alerts, Wilson interval.</param>
/// <param name="PpvCorrected">The untreated alerts' outcome rate r_U (= Â / alerts), Wilson interval on the untreated alerts.</param>
/// <param name="AvertedEstimate">Estimated alerted true positives whose outcome treatment averted: treated alerts × r_U − treated recorded positives (may be negative by chance; null when r_U is undefined).</param>
/// <param name="AlertedPositivesEstimate">Â = alerts × r_U (null when r_U is undefined).</param>
public sealed record FeedbackCorrectedRates(
    Metric SensitivityNaive,
    Metric SensitivityCorrected,
    Metric FnrNaive,
    Metric FnrCorrected,
    Metric PpvNaive,
    Metric PpvCorrected,
    double? AvertedEstimate,
    double? AlertedPositivesEstimate);

/// <summary>
/// Realized sensitivity, FNR and PPV corrected for the feedback loop (docs/estimation.md, "Feedback-loop-aware realized
/// metrics"). An accepted alert leads to treatment, and treatment can avert the outcome: an averted true positive
/// matures as a negative, so the recorded labels lose true positives the model caught, and the naive sensitivity and
/// PPV fall although the model did not change.
/// <para>
/// Weighting by the untreated: within a group, the alerted predictions that were not treated show the outcome rate
/// the alerted ones have without treatment, r_U = y_U / n_U. The alerted true positives are then estimated as
/// Â = (n_T + n_U)·r_U — each untreated alert standing for 1 / P(untreated | alert) alerts — and the averted ones as
/// n_T·r_U − y_T. Corrected sensitivity = Â / (Â + FN), FNR = 1 − that, PPV = Â / (n_T + n_U) = r_U.
/// </para>
/// <para>
/// Assumption (stated with every result): within the group, whether an alert is treated is independent of the
/// patient's outcome risk, and predictions without an alert are not treated because of the model. Clinicians who
/// treat the sickest alerted patients (confounding by indication) make r_U too low and the correction too small; it
/// then still moves the right way but not all the way. Nothing in the data can test this assumption.
/// </para>
/// <para>
/// Intervals at <c>confidence</c>: naive rates and the corrected PPV by Wilson; the corrected sensitivity by the
/// delta method on the logit, logit Ŝ = ln Â − ln FN, Var ≈ (1 − r_U)/y_U + (1 − p_N)/FN (binomial r_U over the
/// untreated alerts, binomial FN over the n_N predictions without alert, p_N = FN/n_N; the alert split is held
/// fixed), with ½ added to y_U and FN when either is zero (then the interval reaches 0 or 1 on that side).
/// </para>
/// </summary>
public static class FeedbackCorrection
{
    /// <summary>The assumption every corrected value rests on, in one sentence (written next to it in the outputs).</summary>
    public const string Assumption =
        "corrected by weighting by the untreated: assumes that, within the group, whether an alert is treated does not depend on the patient's outcome risk, and that predictions without an alert are not treated because of the model";

    /// <summary>Naive and corrected rates of one group's counts.</summary>
    public static FeedbackCorrectedRates Compute(FeedbackCounts c, double confidence = 0.95)
    {
        if (c.TreatedAlerts < 0 || c.UntreatedAlerts < 0 || c.MissedPositives < 0 || c.NegativesWithoutAlert < 0
            || c.TreatedPositives < 0 || c.TreatedPositives > c.TreatedAlerts || c.UntreatedPositives < 0 || c.UntreatedPositives > c.UntreatedAlerts)
            throw new ArgumentOutOfRangeException(nameof(c), "counts must be non-negative and positives at most their alerts");
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence));
        var tp = c.RecordedAlertedPositives;
        var fn = c.MissedPositives;
        var alerts = c.Alerts;
        var sensNaive = Rate(tp, tp + fn, confidence, "no matured positives");
        var ppvNaive = Rate(tp, alerts, confidence, "no matured predictions with an alert");

        Metric sensCorrected, ppvCorrected;
        double? averted = null, alertedPositives = null;
        if (alerts == 0)
        {
            // Nothing alerted, nothing treated: the corrected rates are the recorded ones.
            sensCorrected = sensNaive;
            ppvCorrected = ppvNaive;
            alertedPositives = 0;
            averted = 0;
        }
        else if (c.UntreatedAlerts == 0)
        {
            const string reason = "every alert was treated: no untreated alerts to estimate the outcome rate from";
            sensCorrected = Metric.Undefined(reason);
            ppvCorrected = Metric.Undefined(reason);
        }
        else
        {
            var rU = (double)c.UntreatedPositives / c.UntreatedAlerts;
            var a = alerts * rU;
            alertedPositives = a;
            averted = c.TreatedAlerts * rU - c.TreatedPositives;
            ppvCorrected = Rate(c.UntreatedPositives, c.UntreatedAlerts, confidence, "no untreated alerts");
            sensCorrected = a + fn > 0
                ? new Metric(a / (a + fn), LogitInterval(c, a / (a + fn), confidence), null) { CiMethod = "logit_delta" }
                : Metric.Undefined("no matured positives and no recorded outcome among the untreated alerts");
        }
        return new FeedbackCorrectedRates(sensNaive, sensCorrected, Complement(sensNaive), Complement(sensCorrected), ppvNaive, ppvCorrected,
            averted, alertedPositives);
    }

    private static Interval LogitInterval(FeedbackCounts c, double point, double confidence)
    {
        var z = Normal.InvCDF(0, 1, 0.5 + confidence / 2);
        var yU = (double)c.UntreatedPositives;
        var fn = (double)c.MissedPositives;
        var nN = (double)(c.MissedPositives + c.NegativesWithoutAlert);
        var zero = yU == 0 || fn == 0;
        if (zero)
        {
            yU += 0.5;
            fn += 0.5;
            nN += 1;
        }
        var rU = yU / (c.UntreatedAlerts + (zero ? 1 : 0));
        var pN = fn / nN;
        var logit = Math.Log(c.Alerts * rU) - Math.Log(fn);
        var se = Math.Sqrt(Math.Max(0, 1 - rU) / yU + Math.Max(0, 1 - pN) / fn);
        var low = Expit(logit - z * se);
        var high = Expit(logit + z * se);
        if (c.UntreatedPositives == 0) low = 0;
        if (c.MissedPositives == 0) high = 1;
        return new Interval(Math.Min(low, point), Math.Max(high, point));
    }

    private static double Expit(double x) => 1 / (1 + Math.Exp(-x));

    private static Metric Rate(long x, long n, double confidence, string undefined) =>
        n > 0 ? new Metric((double)x / n, WilsonInterval.Compute(x, n, confidence), null) { CiMethod = "wilson" } : Metric.Undefined(undefined);

    /// <summary>1 − m, the interval flipped; undefined stays undefined.</summary>
    private static Metric Complement(Metric m) =>
        m.Value is { } v
            ? new Metric(1 - v, m.Ci is { } ci ? new Interval(1 - ci.High, 1 - ci.Low) : null, m.Reason) { CiMethod = m.CiMethod }
            : m;
}
