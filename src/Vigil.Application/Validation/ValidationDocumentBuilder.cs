using System.Globalization;
using Vigil.Application.Models;
using Vigil.Contracts.Common;
using Vigil.Contracts.Validation;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Calibration;
using Vigil.Core.Thresholds;
using Vigil.Models.Training;
using Vigil.Models.Validation;

namespace Vigil.Application.Validation;

/// <summary>The vigil.validation/v2 document of a validation run.</summary>
internal static class ValidationDocumentBuilder
{
    /// <summary>The performance measures compared across sites, under their contract keys.</summary>
    internal static readonly (string Name, Func<BinaryPerformance, Metric> Get)[] PerformanceRows =
    [
        ("prevalence", p => p.Prevalence),
        ("auroc", p => p.Auroc),
        ("brier", p => p.Brier),
        ("observed_expected", p => p.ObservedExpected),
        ("accuracy", p => p.Accuracy),
        ("sensitivity", p => p.Sensitivity),
        ("specificity", p => p.Specificity),
        ("ppv", p => p.Ppv),
        ("selection_rate", p => p.AlertRate),
    ];

    public static ValidationDocument Build(ValidationResult result, ValidationRun run)
    {
        var o = run.Options;
        var training = result.Settings[0];
        var trainingMissing = TrainingMissing(result);
        var kinds = run.Features.ToDictionary(f => f.Name, f => f.Kind);
        var sites = new List<ValidationSiteBlock>(result.Settings.Count);
        for (var k = 0; k < result.Settings.Count; k++)
        {
            var s = result.Settings[k];
            var fairness = new Dictionary<string, IReadOnlyList<SiteGroupBlock>>(StringComparer.Ordinal);
            foreach (var attribute in s.Groups.GroupBy(g => g.Attribute))
                fairness[attribute.Key] = attribute.Select(g => new SiteGroupBlock(g.Group, g.N, g.Positives, g.SmallCell,
                    MetricValue.From(g.Sensitivity), MetricValue.From(g.Fnr), MetricValue.From(g.Fpr))
                {
                    ReferenceGroup = g.ReferenceGroup,
                    FalseNegativeRateDifference = VsReference(g.FnrVsReference),
                    FalsePositiveRateDifference = VsReference(g.FprVsReference),
                }).ToList();
            var missing = s.Missing.Select(m => new MissingFeature(m.Feature, m.Missing,
                ModelBlocksFrom.Finite((double)m.Missing / s.Performance.N), trainingMissing[m.Feature] > 0)).ToList();
            sites.Add(new ValidationSiteBlock(s.Name, s.External ? "external" : "internal",
                s.External ? "final model (fitted on every training-site row)" : "out-of-fold",
                run.PredictionFiles[k], ModelBlocksFrom.Performance(s.Performance), Calibration(s.Calibration), fairness, missing,
                Notes(s, kinds, trainingMissing)));
        }
        var differences = new List<SiteDifference>();
        foreach (var s in result.Settings.Skip(1))
        {
            var performance = new Dictionary<string, double?>(StringComparer.Ordinal);
            foreach (var (name, get) in PerformanceRows)
                performance[name] = ModelBlocksFrom.Finite(ExternalValidation.Difference(get(training.Performance), get(s.Performance)));
            var calibration = new Dictionary<string, double?>(StringComparer.Ordinal);
            var internalCalibration = training.Calibration.Metrics.All;
            var externalCalibration = s.Calibration.Metrics.All;
            for (var m = 0; m < CalibrationMetrics.Names.Length; m++)
                calibration[CalibrationMetrics.Names[m]] = ModelBlocksFrom.Finite(ExternalValidation.Difference(internalCalibration[m], externalCalibration[m]));
            var fairness = new Dictionary<string, IReadOnlyList<GroupDifference>>(StringComparer.Ordinal);
            foreach (var attribute in s.Groups.GroupBy(g => g.Attribute))
            {
                fairness[attribute.Key] = attribute.Select(g =>
                {
                    var i = training.Groups.FirstOrDefault(t => t.Attribute == g.Attribute && t.Group == g.Group);
                    return new GroupDifference(g.Group,
                        i is null ? null : ModelBlocksFrom.Finite(ExternalValidation.Difference(i.Sensitivity, g.Sensitivity)),
                        i is null ? null : ModelBlocksFrom.Finite(ExternalValidation.Difference(i.Fnr, g.Fnr)),
                        i is null ? null : ModelBlocksFrom.Finite(ExternalValidation.Difference(i.Fpr, g.Fpr)));
                }).ToList();
            }
            differences.Add(new SiteDifference(s.Name, "external minus internal", performance, calibration, fairness));
        }
        var learner = run.Options.Learner;
        return new ValidationDocument(
            ValidationContract.Schema,
            ToolBlock.Current,
            run.Inputs,
            new ValidationSettings(learner.Label, learner.PositiveLabel, Learners.Name(run.Kind), learner.Seed, learner.Folds, o.Site,
                run.TrainingSite, o.Protected, o.Bands.Select(b => b.Column + "=" + string.Join(",", b.Edges.Select(e => e.ToString("R", CultureInfo.InvariantCulture)))).ToList(), o.Bootstrap, o.MinCell)
            {
                Intersections = o.Groups.Intersections,
                Reference = o.Groups.References,
            },
            run.Features.Select(f => new Contracts.Models.FeatureRef(f.Name, ModelBlocksFrom.Kind(f.Kind))).ToList(),
            ModelBlocksFrom.Learner(run.Kind, learner.Seed),
            ModelBlocksFrom.Threshold(result.Training.Threshold, $"out-of-fold scores of the training site ({run.TrainingSite})"),
            sites,
            differences);
    }

    /// <summary>A rate difference against the reference group as a METRIC: the point difference (no interval), or null with the engine's reason.</summary>
    internal static MetricValue VsReference(RateTest? test) =>
        test?.Difference is { } d && double.IsFinite(d)
            ? new MetricValue(d, null, null)
            : new MetricValue(null, null, test?.Reason ?? "no reference group");

    internal static Dictionary<string, int> TrainingMissing(ValidationResult result) =>
        result.Settings[0].Missing.ToDictionary(m => m.Feature, m => m.Missing);

    private static CalibrationBlock Calibration(SettingCalibration c)
    {
        var m = c.Metrics;
        var r = c.Reliability;
        return new CalibrationBlock(MetricValue.From(m.Brier), MetricValue.From(m.Ece), MetricValue.From(m.Mce), MetricValue.From(m.OeRatio),
            MetricValue.From(m.Citl), MetricValue.From(m.Slope), MetricValue.From(m.Intercept),
            new ReliabilityBlock(r.MeanPredicted.Select(v => ModelBlocksFrom.Finite(v)).ToList(), r.Observed.Select(v => ModelBlocksFrom.Finite(v)).ToList(), r.Count));
    }

    /// <summary>Plain statements about a setting that a reader must know before trusting its numbers.</summary>
    internal static List<string> Notes(ValidationSetting s, IReadOnlyDictionary<string, FeatureKind> kinds, IReadOnlyDictionary<string, int> trainingMissing)
    {
        var notes = new List<string>();
        foreach (var (feature, missing) in s.Missing)
        {
            if (missing == 0 || !s.External) continue;
            var share = (double)missing / s.Performance.N;
            var categorical = kinds[feature] == FeatureKind.Categorical;
            var how = trainingMissing[feature] > 0
                ? "the model saw missing values of it in training"
                : categorical
                    ? "it was never missing in training, so '(missing)' is an unseen level and encodes as all zeros"
                    : "it was never missing in training, so the model imputes the training mean and has no missing indicator for it";
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{feature} is missing in {missing} of {s.Performance.N} rows ({share:P0}); {how}"));
        }
        if (s.Performance.N - s.Performance.Positives < 20 || s.Performance.Positives < 20)
            notes.Add(Math.Min(s.Performance.Positives, s.Performance.N - s.Performance.Positives) is var rarer && rarer > 0 && rarer < Vigil.Reporting.Audit.SmallCellPolicy.DefaultMinCell
                ? $"fewer than {Vigil.Reporting.Audit.SmallCellPolicy.DefaultMinCell} rows of the rarer class (count suppressed): AUROC, sensitivity and specificity are not reported"
                : $"only {rarer} rows of the rarer class: AUROC, sensitivity and specificity are imprecise");
        return notes;
    }
}
