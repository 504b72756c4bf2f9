using Vigil.Contracts.Common;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Monitors;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Status;

/// <summary>
/// A model's status over a period (vigil.monitor-status/v1) from its hourly windows: for all patients and every level of
/// every protected attribute, the predictions, pending (= predictions − matured − censored), matured and censored counts,
/// label completeness = matured / (matured + pending), the matured confusion counts, FNR, FPR and PPV with Wilson
/// intervals, O/E = matured positives / sum of matured scores with Byar's interval, the alert rate (alerts / predictions)
/// and the override rate (overridden / actions), each null with a reason when undefined. Realized performance counts
/// matured predictions only. Counts follow <see cref="StatusSuppression"/>; rates are always shown.
/// </summary>
public static class StatusBuilder
{
    public static MonitorStatus Build(ModelRegistration registration, string? version, IReadOnlyList<HourCell> cells, DateTimeOffset from,
        DateTimeOffset to, IReadOnlyList<MonitorAlert> openAlerts, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(openAlerts);
        var summary = WindowSummary.Build(registration, cells);
        var confidence = registration.Monitors.Confidence;
        var (overallProtection, protections) = StatusSuppression.Decide(summary, registration.MinCell);
        var groups = new List<GroupStatus>(summary.Groups.Count);
        for (var i = 0; i < summary.Groups.Count; i++) groups.Add(Group(summary.Groups[i], protections[i], confidence));
        return new MonitorStatus(MonitorStatus.SchemaName, ToolBlock.Current, registration.Id, version, from, to, generatedAt,
            Group(summary.Overall, overallProtection, confidence), groups, openAlerts);
    }

    /// <summary>One group's status under its protection.</summary>
    public static GroupStatus Group(GroupTotals g, StatusProtection protection, double confidence)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(protection);
        var t = g.Totals;
        long? Count(long value, StatusCounts needs) =>
            protection.Counts > needs ? null : protection.Rounded ? StatusSuppression.Round(value) : value;
        var completeness = t.Matured + t.Pending > 0
            ? new MetricValue((double)t.Matured / (t.Matured + t.Pending), null, null)
            : new MetricValue(null, null, "no matured or pending predictions");
        return new GroupStatus(
            g.Attribute,
            g.Level,
            Count(t.Predictions, StatusCounts.PredictionsOnly),
            Count(t.Pending, StatusCounts.NoOutcomes),
            Count(t.Matured, StatusCounts.NoOutcomes),
            Count(t.Censored, StatusCounts.NoOutcomes),
            completeness,
            Count(t.Tn, StatusCounts.All),
            Count(t.Fp, StatusCounts.All),
            Count(t.Fn, StatusCounts.All),
            Count(t.Tp, StatusCounts.All),
            Rate(t.Fn, t.Fn + t.Tp, confidence, "no matured positives"),
            Rate(t.Fp, t.Fp + t.Tn, confidence, "no matured negatives"),
            Rate(t.Tp, t.Tp + t.Fp, confidence, "no matured predictions with an alert"),
            ObservedToExpected(t, confidence),
            Rate(t.Alerts, t.Predictions, confidence, "no predictions"),
            Rate(t.Overridden, t.Actions, confidence, "no clinician actions recorded"),
            protection.Reason);
    }

    /// <summary>x / n with its Wilson interval, or null with <paramref name="undefined"/> when n = 0.</summary>
    public static MetricValue Rate(long x, long n, double confidence, string undefined) =>
        n > 0 ? new MetricValue((double)x / n, Intervals.Wilson(x, n, confidence), null) { CiMethod = "wilson" } : new MetricValue(null, null, undefined);

    private static MetricValue ObservedToExpected(CellTotals t, double confidence)
    {
        if (t.Matured == 0) return new MetricValue(null, null, "no matured predictions");
        if (!(t.MaturedScoreSum > 0)) return new MetricValue(null, null, "the matured predictions' scores sum to 0 (no expected positives)");
        return new MetricValue(t.Positives / t.MaturedScoreSum, Intervals.ObservedToExpected(t.Positives, t.MaturedScoreSum, confidence), null) { CiMethod = "byar" };
    }
}
