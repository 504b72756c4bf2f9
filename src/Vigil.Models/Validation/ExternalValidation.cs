using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Calibration;
using Vigil.Core.Thresholds;
using Vigil.Models.Training;

namespace Vigil.Models.Validation;

/// <summary>One site's (or period's) rows: features with the label, and the protected attributes of the same rows.</summary>
public sealed record SiteData(string Name, ModelTable Table, IReadOnlyList<ProtectedColumn> Protected);

/// <summary>
/// Error rates of one group in one setting, from the audit engine (Wilson 95% intervals). <see cref="Attribute"/> is the
/// grouping's name (an intersection joins its columns with '*', as does <see cref="Group"/>); <see cref="ReferenceGroup"/>
/// is the group the differences are measured against (the largest unless a reference was named), and
/// <see cref="FnrVsReference"/> / <see cref="FprVsReference"/> the group's rate minus the reference group's with the test.
/// </summary>
public sealed record GroupRates(string Attribute, string Group, long N, long Positives, bool SmallCell, Metric Sensitivity, Metric Fnr, Metric Fpr,
    string? ReferenceGroup = null, RateTest? FnrVsReference = null, RateTest? FprVsReference = null);

/// <summary>
/// One setting of a validation: the internal one (out-of-fold scores on the training site) or an external one (the
/// final model, fitted on every training-site row, scoring another site). Performance is at the threshold chosen on the
/// training site's out-of-fold scores.
/// </summary>
public sealed record ValidationSetting(
    string Name, bool External, double[] Scores, bool[] Labels, BinaryPerformance Performance, IReadOnlyList<GroupRates> Groups,
    IReadOnlyList<(string Feature, int Missing)> Missing, SettingCalibration Calibration);

/// <summary>
/// Calibration of one setting (src/Vigil.Core/Calibration, docs/calibration.md): Brier, ECE, MCE, O/E, CITL and the
/// logistic recalibration slope and intercept with bootstrap percentile intervals, and the equal-width reliability curve.
/// </summary>
public sealed record SettingCalibration(CalibrationMetrics Metrics, ReliabilityCurve Reliability);

/// <summary>Everything `vigil validate` computes.</summary>
public sealed record ValidationResult(TrainingResult Training, IReadOnlyList<ValidationSetting> Settings);

/// <summary>
/// Internal versus external validation (docs/validation.md): the model is cross-validated on the training site (the
/// internal numbers are its out-of-fold scores, the threshold is chosen on them), then fitted on all training-site rows
/// and applied unchanged, threshold included, to each other site. Every setting gets the same performance measures
/// (<see cref="BinaryPerformance"/>) and the same per-group error rates (the audit engine's TPR, FNR and FPR with
/// Wilson intervals, and bootstrap intervals when asked).
/// </summary>
public static class ExternalValidation
{
    public static ValidationResult Run(SiteData training, IReadOnlyList<SiteData> external, ModelKind kind, int folds, int seed, ThresholdRule rule,
        int bootstrap, string trainingName, int minCell = 11, IReadOnlyList<GroupingSpec>? groupings = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(external);
        var run = TrainingRun.Run(training.Table, kind, folds, seed, rule, trainingName);
        var threshold = run.Threshold.Value;
        var settings = new List<ValidationSetting>
        {
            Setting(training, false, run.CrossValidation.Scores, threshold, bootstrap, seed, minCell, groupings),
        };
        foreach (var site in external)
        {
            if (site.Table.Label is null) throw new ArgumentException($"site '{site.Name}' has no label");
            settings.Add(Setting(site, true, run.Final.Score(site.Table), threshold, bootstrap, seed, minCell, groupings));
        }
        return new ValidationResult(run, settings);
    }

    private static ValidationSetting Setting(SiteData site, bool external, double[] scores, double threshold, int bootstrap, int seed, int minCell,
        IReadOnlyList<GroupingSpec>? groupings)
    {
        var labels = site.Table.Label!;
        var performance = BinaryPerformance.Compute(scores, labels, threshold);
        var y = new byte[labels.Length];
        var p = new byte[labels.Length];
        var s = new double[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            y[i] = labels[i] ? (byte)1 : (byte)0;
            p[i] = scores[i] >= threshold ? (byte)1 : (byte)0;
            s[i] = Math.Clamp(scores[i], 0, 1);
        }
        // Without a selection each protected attribute alone, against its largest group (the behaviour before intersections and references).
        groupings ??= site.Protected.Select(c => new GroupingSpec([c.Name])).ToList();
        var audit = AuditEngine.Run(new AuditData(y, p, s, site.Protected), groupings,
            new AuditOptions { Threshold = threshold, Bootstrap = bootstrap, Seed = seed, MinCell = minCell });
        var groups = new List<GroupRates>();
        foreach (var g in audit.Groupings)
        foreach (var r in g.Groups)
        {
            groups.Add(new GroupRates(g.Name, r.Key.Label, r.N, (long)(r[GroupMetric.Positives].Value ?? 0), r.SmallCell,
                r[GroupMetric.Tpr], r[GroupMetric.Fnr], r[GroupMetric.Fpr], g.ReferenceGroup, r.FnrVsReference, r.FprVsReference));
        }
        var missing = site.Table.Features.Select(f => (f.Name, f.Missing)).ToList();
        return new ValidationSetting(site.Name, external, scores, labels, performance, groups, missing, Calibrate(s, y, bootstrap, seed));
    }

    private static SettingCalibration Calibrate(double[] scores, byte[] labels, int bootstrap, int seed)
    {
        var logits = new double[scores.Length];
        LogisticRecalibration.Logits(scores, logits);
        var metrics = CalibrationStatistics.Compute(scores, logits, labels, bootstrap, seed, 0.95);
        return new SettingCalibration(metrics, Reliability.Uniform(scores, labels));
    }

    /// <summary>b − a when both are defined, else null.</summary>
    public static double? Difference(Metric a, Metric b) => a.Value is { } x && b.Value is { } y ? y - x : null;
}
