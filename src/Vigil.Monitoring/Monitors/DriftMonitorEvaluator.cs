using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// Drift against the registration's reference profile, with effect-size thresholds (not p-values: at 100,000 rows a
/// test rejects for shifts too small to matter, so a p-value monitor would alert on everything; an effect size keeps
/// its meaning at any n, and <see cref="DriftMonitor.MinRows"/> keeps it from being judged on noise).
/// <list type="bullet">
/// <item>Feature drift: the PSI (<see cref="PopulationStability"/>) of each watched feature's non-missing values over the
/// period's bins (HourBin feature i) against ReferenceProfile.Features[i]; an alert above PsiMax.</item>
/// <item>Score drift: the same for the score (HourBin feature −1) against ReferenceProfile.Score.</item>
/// <item>Label drift: the matured prevalence p = (FN + TP) / matured against the reference prevalence p_ref; an alert
/// when |p − p_ref| &gt; PrevalenceChangeMax and p's Wilson interval excludes p_ref. Counted over settled hours only
/// (every prediction's window and label delay closed), because positives mature as soon as their outcome arrives while
/// negatives wait for the window to close, which inflates the prevalence of recent hours.</item>
/// </list>
/// Each is judged only with at least MinRows rows (non-missing values for PSI, matured rows for the label).
/// </summary>
public static class DriftMonitorEvaluator
{
    public static void Evaluate(ModelRegistration registration, IReadOnlyList<HourBin> bins, WindowSummary settled, List<AlertFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(settled);
        ArgumentNullException.ThrowIfNull(findings);
        if (registration.Monitors.Drift is not { } drift || registration.Reference is not { } reference) return;
        for (var i = 0; i < registration.WatchedFeatures.Count && i < reference.Features.Count; i++)
            Psi(registration, drift, bins, i, reference.Features[i], AlertKind.FeatureDrift, findings);
        Psi(registration, drift, bins, -1, reference.Score, AlertKind.ScoreDrift, findings);
        Label(registration, drift, reference, settled.Overall.Totals, findings);
    }

    /// <summary>The period's counts per bin of one feature (−1: the score); bins outside the reference's are ignored.</summary>
    public static long[] Counts(IReadOnlyList<HourBin> bins, int feature, int binCount)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var counts = new long[binCount];
        foreach (var b in bins)
            if (b.Feature == feature && b.Bin >= 0 && b.Bin < binCount) counts[b.Bin] += b.Count;
        return counts;
    }

    private static void Psi(ModelRegistration r, DriftMonitor drift, IReadOnlyList<HourBin> bins, int feature, ReferenceBins reference,
        AlertKind kind, List<AlertFinding> findings)
    {
        var counts = Counts(bins, feature, reference.Shares.Count);
        long n = 0;
        foreach (var c in counts) n += c;
        if (n < drift.MinRows) return;
        var psi = PopulationStability.Index(counts, reference.Shares)!.Value;
        if (!(psi > drift.PsiMax)) return;
        var name = feature < 0 ? "score" : reference.Name;
        var message = feature < 0
            ? $"The distribution of the model's scores has shifted against the reference (PSI {Findings.Number(psi)} over {n} predictions, above {Findings.Number(drift.PsiMax)}): the patients or the model's inputs have changed."
            : $"The distribution of '{name}' has shifted against the reference (PSI {Findings.Number(psi)} over {n} values, above {Findings.Number(drift.PsiMax)}): check the measurement, the feed or the population.";
        var evidence = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["psi"] = psi,
            ["rows"] = n,
            ["bound"] = drift.PsiMax,
            ["bins"] = counts.Length,
            ["epsilon"] = PopulationStability.Epsilon,
        };
        for (var b = 0; b < counts.Length; b++)
        {
            evidence[$"share_{b}"] = (double)counts[b] / n;
            evidence[$"reference_share_{b}"] = reference.Shares[b];
        }
        findings.Add(Findings.Create(r, kind, null, null, "psi:" + name, psi, null, drift.PsiMax, message, null, evidence));
    }

    private static void Label(ModelRegistration r, DriftMonitor drift, ReferenceProfile reference, CellTotals t, List<AlertFinding> findings)
    {
        if (t.Matured < drift.MinRows) return;
        var p = (double)t.Positives / t.Matured;
        var ci = Intervals.Wilson(t.Positives, t.Matured, r.Monitors.Confidence)!;
        var change = p - reference.Prevalence;
        if (!(Math.Abs(change) > drift.PrevalenceChangeMax)) return;
        if (ci[0] <= reference.Prevalence && reference.Prevalence <= ci[1]) return;
        var message = $"The share of patients with the outcome has {(change > 0 ? "risen" : "fallen")} to {Findings.Percent(p)} "
            + $"({Findings.Level(r.Monitors.Confidence)} CI {Findings.Percent(ci[0])} to {Findings.Percent(ci[1])}) from {Findings.Percent(reference.Prevalence)} in the reference: "
            + "the population or the outcome definition has changed, and the model's rates may no longer hold.";
        findings.Add(Findings.Create(r, AlertKind.LabelDrift, null, null, "prevalence", p, ci, drift.PrevalenceChangeMax, message, null,
            new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["positives"] = t.Positives,
                ["matured"] = t.Matured,
                ["prevalence"] = p,
                ["reference_prevalence"] = reference.Prevalence,
                ["change"] = change,
                ["bound"] = drift.PrevalenceChangeMax,
                ["ci_low"] = ci[0],
                ["ci_high"] = ci[1],
            }));
    }
}
