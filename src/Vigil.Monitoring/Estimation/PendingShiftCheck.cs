using System.Globalization;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Monitors;
using Vigil.Monitoring.Store;

namespace Vigil.Monitoring.Estimation;

/// <summary>
/// The service's refusal rule for the label-free estimate (docs/estimation.md, "In the service"): the estimate applies the
/// reference's calibration map P(y | score), which is only trusted while the patients resemble the reference. The
/// service keeps no reference rows, so it cannot train the domain classifier `vigil estimate` uses; it keeps the
/// reference's binned distributions of the score and of each watched feature instead. Over the hours that still hold
/// pending predictions (from the first such hour to the end of the period), each distribution's PSI against the
/// reference (<see cref="PopulationStability"/>, the drift monitor's statistic) is computed from the hourly bins; when
/// one exceeds the bound, every estimate of the period is flagged unreliable with the feature, its PSI and its count.
/// Bound and minimum count: the registration's drift monitor's PsiMax and MinRows, else <see cref="DefaultPsiMax"/>
/// and <see cref="DefaultMinValues"/>.
/// </summary>
public static class PendingShiftCheck
{
    /// <summary>PSI above which a distribution has shifted when the registration has no drift monitor (0.2: the usual "major shift").</summary>
    public const double DefaultPsiMax = 0.2;

    /// <summary>Non-missing values a distribution needs before its PSI is judged, without a drift monitor.</summary>
    public const int DefaultMinValues = 100;

    /// <summary>The first hour of <paramref name="cells"/> with predictions neither matured nor censored; null when none is pending.</summary>
    public static long? FirstPendingHour(IReadOnlyList<HourCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        long? first = null;
        foreach (var c in cells)
        {
            var pending = c.Predictions - c.Tn - c.Fp - c.Fn - c.Tp - c.Censored;
            if (pending > 0 && (first is null || c.HourMs < first)) first = c.HourMs;
        }
        return first;
    }

    /// <summary>Reads the hourly bins from the first pending hour to <paramref name="toMs"/> and returns the shift reasons (empty: no shift found).</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(IMonitorStore store, ModelRegistration registration, IReadOnlyList<HourCell> cells,
        string? version, long toMs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.Reference is null || FirstPendingHour(cells) is not { } fromMs) return [];
        var bins = await store.GetHourBinsAsync(registration.Id, version, fromMs, toMs, ct);
        return Reasons(registration, bins);
    }

    /// <summary>One reason per watched feature (and the score) whose PSI over <paramref name="bins"/> exceeds the bound.</summary>
    public static IReadOnlyList<string> Reasons(ModelRegistration registration, IReadOnlyList<HourBin> bins)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(bins);
        if (registration.Reference is not { } reference) return [];
        var psiMax = registration.Monitors.Drift?.PsiMax ?? DefaultPsiMax;
        var minValues = registration.Monitors.Drift?.MinRows ?? DefaultMinValues;
        var reasons = new List<string>();
        for (var i = 0; i < registration.WatchedFeatures.Count && i < reference.Features.Count; i++)
            Check(registration.WatchedFeatures[i], i, reference.Features[i], bins, psiMax, minValues, reasons);
        Check("score", -1, reference.Score, bins, psiMax, minValues, reasons);
        return reasons;
    }

    private static void Check(string name, int feature, ReferenceBins reference, IReadOnlyList<HourBin> bins, double psiMax, int minValues, List<string> reasons)
    {
        var counts = DriftMonitorEvaluator.Counts(bins, feature, reference.Shares.Count);
        long n = 0;
        foreach (var c in counts) n += c;
        if (n < minValues) return;
        if (PopulationStability.Index(counts, reference.Shares) is not { } psi || !(psi > psiMax)) return;
        reasons.Add(string.Create(CultureInfo.InvariantCulture,
            $"'{name}' has shifted against the reference over the hours with pending predictions (PSI {psi:0.###} over {n} values, above {psiMax:0.###}): the reference's calibration map may not hold for these patients (the service keeps no reference rows to reweight it with, as the batch estimate does)"));
    }
}
