using Vigil.Core.Statistics;

namespace Vigil.Core.Audit;

/// <summary>
/// Turns the evaluated value vectors into <see cref="Metric"/>s: nulls with reasons, Wilson intervals on
/// rates, bootstrap percentile intervals, and the per-group tests of FNR and FPR against the reference.
/// </summary>
internal static class AuditResultBuilder
{

    public static AuditResult Build(long rows, AuditOptions options, GroupStructure structure, GroupTable table, ValueLayout layout,
        double[] point, double[]? replicates, int[] references, bool[] referenceIsDefault, IReadOnlyList<GroupingSpec> specs, bool hasScore)
    {
        var intervals = replicates is null ? null : new BootstrapIntervals(replicates, layout.Length, options.Bootstrap, options.Confidence);
        var overall = GroupMetricsOf(0, table, point, intervals, options, hasScore);
        var groupings = new List<GroupingResult>(specs.Count);
        for (var j = 0; j < specs.Count; j++)
        {
            var first = structure.GroupingOffsets[j];
            var count = structure.GroupCount(j);
            var keys = structure.Keys[j];
            var fnrTests = Tests(table, first, count, references[j], positives: true);
            var fprTests = Tests(table, first, count, references[j], positives: false);
            var groups = new List<GroupResult>(count);
            for (var g = 0; g < count; g++)
            {
                var global = first + g;
                groups.Add(new GroupResult(keys[g], table.N(global), table.N(global) < options.MinCell,
                    GroupMetricsOf(global, table, point, intervals, options, hasScore), fnrTests[g], fprTests[g]));
            }
            var groupLabels = keys.Select(k => k.Label).ToArray();
            groupings.Add(new GroupingResult(specs[j].Name, specs[j].Attributes, keys[references[j] - first].Label, referenceIsDefault[j], groups,
                Family(Disparities.BetweenGroupNames, k => layout.BetweenIndex(j, k), point, intervals,
                    k => FairlearnUndefinedReason(k, point, first, count, toOverall: false),
                    k => FairlearnQualifier(k, point, first, count, groupLabels, i => point[layout.BetweenIndex(j, i)], toOverall: false)),
                Family(Disparities.ToOverallNames, k => layout.ToOverallIndex(j, k), point, intervals,
                    k => FairlearnUndefinedReason(k, point, first, count, toOverall: true),
                    k => FairlearnQualifier(k, point, first, count, groupLabels, i => point[layout.ToOverallIndex(j, i)], toOverall: true)),
                Family(Disparities.VsReferenceNames, k => layout.VsReferenceIndex(j, k), point, intervals,
                    _ => "undefined: a rate it needs is undefined, or its denominator is 0, in the reference group or in the other groups pooled",
                    _ => null)));
        }
        var inequality = Family(ValueLayout.InequalityNames, k => layout.InequalityStart + k, point, intervals,
            _ => "undefined: the mean benefit is 0 (every row is a false negative)", _ => null);
        return new AuditResult(rows, hasScore, options, overall, groupings, inequality);
    }

    private static Metric[] GroupMetricsOf(int global, GroupTable table, double[] point, BootstrapIntervals? intervals, AuditOptions options, bool hasScore)
    {
        var metrics = new Metric[GroupMetrics.Count];
        long tp = table.Tp[global], fp = table.Fp[global], tn = table.Tn[global], fn = table.Fn[global];
        for (var m = 0; m < GroupMetrics.Count; m++)
        {
            var metric = (GroupMetric)m;
            var index = ValueLayout.MetricIndex(global, metric);
            var value = point[index];
            if (double.IsNaN(value))
            {
                metrics[m] = Metric.Undefined(GroupMetrics.UndefinedReason(metric, tp, fp, tn, fn, hasScore) ?? "undefined");
                continue;
            }
            if (metric is GroupMetric.N or GroupMetric.Positives)
            {
                metrics[m] = Metric.Of(value);
                continue;
            }
            var bootstrap = intervals?.At(index);
            var qualifier = GroupMetrics.DefinedQualifier(metric, tp, fp, tn, fn);
            var note = qualifier is null ? bootstrap?.Note : bootstrap?.Note is null ? qualifier : $"{qualifier}; {bootstrap.Value.Note}";
            if (GroupMetrics.TryGetProportion(metric, tp, fp, tn, fn, out var successes, out var trials))
            {
                metrics[m] = new Metric(value, WilsonInterval.Compute(successes, trials, options.Confidence), note)
                {
                    CiMethod = "wilson",
                    BootstrapCi = bootstrap?.Interval,
                };
            }
            else if (metric is GroupMetric.Ece && intervals is not null)
            {
                // ECE is biased upward under resampling (noise alone makes bins miss): bias-corrected interval.
                var (interval, biasNote, method) = intervals.AtBiasCorrected(index, value);
                metrics[m] = new Metric(value, interval, biasNote) { CiMethod = interval is null ? null : method };
            }
            else
            {
                metrics[m] = new Metric(value, bootstrap?.Interval, note)
                {
                    CiMethod = bootstrap?.Interval is null ? null : "bootstrap_percentile",
                };
            }
        }
        return metrics;
    }

    /// <summary>
    /// One family of values: <paramref name="undefinedReason"/> explains a null value;
    /// <paramref name="qualifier"/> (may return null) qualifies a defined one.
    /// </summary>
    private static List<NamedMetric> Family(string[] names, Func<int, int> indexOf, double[] point, BootstrapIntervals? intervals,
        Func<int, string> undefinedReason, Func<int, string?> qualifier)
    {
        var list = new List<NamedMetric>(names.Length);
        for (var k = 0; k < names.Length; k++)
        {
            var index = indexOf(k);
            var value = point[index];
            if (double.IsNaN(value))
            {
                list.Add(new NamedMetric(names[k], Metric.Undefined(undefinedReason(k))));
                continue;
            }
            var bootstrap = intervals?.At(index);
            var reason = string.Join("; ", new[] { qualifier(k), bootstrap?.Note }.Where(s => s is not null));
            list.Add(new NamedMetric(names[k], new Metric(value, bootstrap?.Interval, reason.Length == 0 ? null : reason)
            {
                CiMethod = bootstrap?.Interval is null ? null : "bootstrap_percentile",
            }));
        }
        return list;
    }

    /// <summary>The group metrics a Fairlearn-family disparity (by index in its family) is built on.</summary>
    private static GroupMetric[] BaseMetrics(int k) => (k / 2) switch
    {
        0 => [GroupMetric.SelectionRate],
        1 => [GroupMetric.Tpr, GroupMetric.Fpr],
        2 => [GroupMetric.Tpr],
        3 => [GroupMetric.Fnr],
        _ => [GroupMetric.Fpr],
    };

    /// <summary>Why a Fairlearn-family disparity is undefined.</summary>
    private static string FairlearnUndefinedReason(int k, double[] point, int first, int count, bool toOverall)
    {
        if (k == Disparities.BetweenGroupNames.Length - 1) // SEDF
            return count < 2 ? "undefined: needs at least two groups" : "undefined";
        foreach (var metric in BaseMetrics(k))
        {
            var name = GroupMetrics.Name(metric);
            var defined = 0;
            for (var g = 0; g < count; g++)
                if (!double.IsNaN(point[ValueLayout.MetricIndex(first + g, metric)])) defined++;
            if (defined == 0) return $"undefined: {name} is undefined in every group";
            if (toOverall && double.IsNaN(point[ValueLayout.MetricIndex(0, metric)])) return $"undefined: {name} is undefined for the population";
        }
        return toOverall
            ? "undefined: the population value is 0, so no ratio to it exists"
            : "undefined: the largest group value is 0";
    }

    /// <summary>
    /// Qualifies a defined Fairlearn-family disparity: for equalized odds, which component it is alone when the
    /// other is undefined (vacuous); then which groups it had to leave out (null when neither applies).
    /// <paramref name="familyValue"/> reads another value of the same family by index.
    /// </summary>
    private static string? FairlearnQualifier(int k, double[] point, int first, int count, string[] labels,
        Func<int, double> familyValue, bool toOverall)
    {
        if (k == Disparities.BetweenGroupNames.Length - 1) return null; // SEDF uses every group
        var notes = new List<string>();
        GroupMetric? vacuousMetric = null;
        if (k / 2 == 1) // equalized odds: components at k + 2 (TPR) and k + 6 (FPR) of the same kind
        {
            var tprUndefined = double.IsNaN(familyValue(k + 2));
            var fprUndefined = double.IsNaN(familyValue(k + 6));
            if (tprUndefined != fprUndefined)
            {
                var (vacuous, alone, componentK) = tprUndefined ? ("true-positive-rate", "false-positive-rate", k + 2) : ("false-positive-rate", "true-positive-rate", k + 6);
                vacuousMetric = tprUndefined ? GroupMetric.Tpr : GroupMetric.Fpr;
                var why = FairlearnUndefinedReason(componentK, point, first, count, toOverall)["undefined: ".Length..];
                var what = k % 2 == 0 ? "difference" : "ratio";
                notes.Add($"the {alone} {what} alone: the {vacuous} condition is vacuous ({why})");
            }
        }
        foreach (var metric in BaseMetrics(k))
        {
            if (metric == vacuousMetric) continue;
            var missing = new List<string>();
            for (var g = 0; g < count; g++)
                if (double.IsNaN(point[ValueLayout.MetricIndex(first + g, metric)])) missing.Add(labels[g]);
            if (missing.Count > 0) notes.Add($"leaves out {string.Join(", ", missing)} ({GroupMetrics.Name(metric)} undefined)");
        }
        return notes.Count > 0 ? string.Join("; ", notes) : null;
    }

    /// <summary>FNR (positives: true) or FPR tests of each group against the reference, Holm-adjusted.</summary>
    private static RateTest[] Tests(GroupTable table, int first, int count, int reference, bool positives)
    {
        long Errors(int g) => positives ? table.Fn[g] : table.Fp[g];
        long Trials(int g) => positives ? table.Fn[g] + table.Tp[g] : table.Fp[g] + table.Tn[g];
        var what = positives ? "positives" : "negatives";
        var p = new double[count];
        var results = new (double? Diff, TestResult? Test, string? Reason)[count];
        for (var g = 0; g < count; g++)
        {
            p[g] = double.NaN;
            var global = first + g;
            if (global == reference)
            {
                results[g] = (null, null, "reference group");
                continue;
            }
            if (Trials(global) == 0)
            {
                results[g] = (null, null, $"no {what} in group");
                continue;
            }
            if (Trials(reference) == 0)
            {
                results[g] = (null, null, $"no {what} in the reference group");
                continue;
            }
            var test = ProportionTests.Compare(Errors(global), Trials(global), Errors(reference), Trials(reference));
            var diff = (double)Errors(global) / Trials(global) - (double)Errors(reference) / Trials(reference);
            results[g] = (diff, test, null);
            p[g] = test!.Value.PValue;
        }
        var adjusted = MultipleTesting.Holm(p);
        var tests = new RateTest[count];
        for (var g = 0; g < count; g++)
        {
            var (diff, test, reason) = results[g];
            tests[g] = test is { } t
                ? new RateTest(diff, t.PValue, adjusted[g], t.Method, double.IsFinite(t.Statistic) ? t.Statistic : null, null)
                : new RateTest(null, null, null, null, null, reason);
        }
        return tests;
    }
}

/// <summary>
/// Per-index percentile intervals over bootstrap replicates, or bias-corrected percentile (BC) intervals
/// (<see cref="BiasCorrectedPercentile"/>) for statistics that resampling biases (ECE, MCE).
/// </summary>
internal sealed class BootstrapIntervals(double[] replicates, int valueCount, int replicateCount, double confidence)
{
    private const double MaxUndefinedShare = 0.05;

    /// <summary>ci_method of a percentile interval.</summary>
    public const string PercentileMethod = "bootstrap_percentile";

    /// <summary>ci_method of a bias-corrected percentile interval.</summary>
    public const string BiasCorrectedMethod = "bootstrap_bc";

    public (Interval? Interval, string? Note) At(int index)
    {
        var (span, note) = Sorted(index);
        if (span is null) return (null, note);
        var alpha = (1 - confidence) / 2;
        return (new Interval(Percentile.OfSorted(span, alpha), Percentile.OfSorted(span, 1 - alpha)), note);
    }

    /// <summary>
    /// The BC interval of <paramref name="estimate"/>; when every replicate lies on one side of it (BC undefined) the
    /// percentile interval with a note saying that it does not contain the estimate. Method is the ci_method.
    /// </summary>
    public (Interval? Interval, string? Note, string? Method) AtBiasCorrected(int index, double estimate)
    {
        var (span, note) = Sorted(index);
        if (span is null) return (null, note, null);
        if (BiasCorrectedPercentile.Compute(span, estimate, confidence) is { } bc) return (bc, note, BiasCorrectedMethod);
        var (percentile, _) = At(index);
        var side = estimate < span[0] ? "below" : "above";
        var outside = $"the estimate lies {side} every bootstrap replicate (a resampling-biased statistic), so the bias-corrected interval is undefined and the percentile interval does not contain it";
        return (percentile, note is null ? outside : note + "; " + outside, PercentileMethod);
    }

    private (double[]? Sorted, string? Note) Sorted(int index)
    {
        var values = new List<double>(replicateCount);
        for (var r = 0; r < replicateCount; r++)
        {
            var v = replicates[(long)r * valueCount + index];
            if (!double.IsNaN(v)) values.Add(v);
        }
        var undefined = replicateCount - values.Count;
        if (undefined > MaxUndefinedShare * replicateCount)
            return (null, $"no bootstrap interval: undefined in {undefined} of {replicateCount} replicates");
        values.Sort();
        return (values.ToArray(), undefined > 0 ? $"bootstrap interval over the {values.Count} of {replicateCount} replicates where it is defined" : null);
    }
}
