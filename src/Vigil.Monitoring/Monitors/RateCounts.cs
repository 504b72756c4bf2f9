using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>The numerator and denominator of a monitored rate from a group's matured confusion counts.</summary>
public static class RateCounts
{
    /// <summary>
    /// FNR = FN / (FN + TP) (missed positives), FPR = FP / (FP + TN) (false alerts among negatives),
    /// PPV = TP / (TP + FP) (alerts that were right).
    /// </summary>
    public static (long Successes, long Trials) Of(CellTotals t, MonitoredRate rate) => rate switch
    {
        MonitoredRate.Fnr => (t.Fn, t.Fn + t.Tp),
        MonitoredRate.Fpr => (t.Fp, t.Fp + t.Tn),
        MonitoredRate.Ppv => (t.Tp, t.Tp + t.Fp),
        _ => throw new ArgumentOutOfRangeException(nameof(rate), rate, "unknown rate"),
    };

    /// <summary>The same from a reference group's counts.</summary>
    public static (long Successes, long Trials) Of(ReferenceGroup g, MonitoredRate rate)
    {
        ArgumentNullException.ThrowIfNull(g);
        return Of(new CellTotals(0, 0, 0, g.Tn, g.Fp, g.Fn, g.Tp, 0, 0, 0, 0, 0), rate);
    }

    /// <summary>True when a higher value is worse (FNR, FPR); PPV is worse when lower.</summary>
    public static bool HigherIsWorse(MonitoredRate rate) => rate != MonitoredRate.Ppv;

    /// <summary>"fnr", "fpr", "ppv".</summary>
    public static string Key(MonitoredRate rate) => rate switch
    {
        MonitoredRate.Fnr => "fnr",
        MonitoredRate.Fpr => "fpr",
        _ => "ppv",
    };

    /// <summary>What the rate means, for messages.</summary>
    public static string Meaning(MonitoredRate rate) => rate switch
    {
        MonitoredRate.Fnr => "missed",
        MonitoredRate.Fpr => "falsely alerted on",
        _ => "was right in",
    };

    /// <summary>Whose share the rate is, for messages.</summary>
    public static string Of(MonitoredRate rate) => rate switch
    {
        MonitoredRate.Fnr => "of patients who had the outcome",
        MonitoredRate.Fpr => "of patients who did not have the outcome",
        _ => "of its alerts",
    };
}
