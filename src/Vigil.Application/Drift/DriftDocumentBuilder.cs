using Vigil.Contracts.Common;
using Vigil.Contracts.Drift;
using Vigil.Core;
using Vigil.Core.Drift;

namespace Vigil.Application.Drift;

/// <summary>The vigil.drift/v2 document of a drift report: v1's numbers, scores as METRICs, verdicts as drift_detected (docs/contracts-v2.md).</summary>
public static class DriftDocumentBuilder
{
    /// <summary>The document of <paramref name="report"/>; <paramref name="minCell"/> overrides the groups' (pooled site summaries carry their own).</summary>
    public static DriftDocument Build(DriftReport report, DriftJobOptions request, IReadOnlyList<DriftGrouping> groups, int? minCell = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(groups);
        var g = request.Groups;
        var cell = minCell ?? g?.MinCell ?? AnalysisDefaults.MinCell;
        var protection = DriftSuppression.Decide(groups, report.ReferenceRows, report.CurrentRows, cell);
        var settings = new DriftSettings(
            request.Tests, request.Columns, request.ColumnTests, request.Score, request.Label, request.DriftShare,
            g?.Protected ?? [], g is null ? [] : g.Groupings().Where(x => x.Attributes.Count > 1).Select(x => x.Name).ToList(),
            g?.BandEdges() ?? new Dictionary<string, double[]>(), g?.References ?? new Dictionary<string, string>(), cell,
            request.DomainClassifier, request.Stream, request.Detectors);
        return new DriftDocument(
            ToolBlock.Current,
            [
                new InputRef("reference_data", report.ReferencePath) { Rows = report.ReferenceRows },
                new InputRef("current_data", report.CurrentPath) { Rows = report.CurrentRows },
            ],
            settings,
            Columns(report.Overall.Columns, report),
            Dataset(report.Overall.Dataset),
            groups.Select((x, i) => Grouping(x, report, protection[i], cell)).ToList(),
            report.Multivariate is { } mv ? Multivariate(mv) : null,
            report.Stream is { } s ? Sequential(s) : null);
    }

    private static List<DriftColumnValue> Columns(IReadOnlyList<ColumnDrift> columns, DriftReport report) =>
        Columns(columns, report, DriftGroupProtection.Exact);

    /// <summary>The columns' values, with each side's counts as <paramref name="shown"/> allows (rounded or exact; never hidden here).</summary>
    private static List<DriftColumnValue> Columns(IReadOnlyList<ColumnDrift> columns, DriftReport report, DriftGroupProtection shown) =>
        columns.Select(c =>
        {
            var decisive = c.Tests.FirstOrDefault(t => t.Test == c.DriftTest);
            var tests = new Dictionary<string, DriftTestValue>(c.Tests.Count, StringComparer.Ordinal);
            foreach (var t in c.Tests)
                tests[t.Test] = new DriftTestValue(Score(t.Score, t.Reason), t.Kind == ScoreKind.PValue ? "p_value" : "distance", t.Threshold, t.Drift);
            return new DriftColumnValue(
                c.Column, c.Type == ColumnType.Numerical ? "numerical" : "categorical", report.RoleOf(c.Column).ToString().ToLowerInvariant(),
                Shown(shown.Reference, c.ReferenceCount), Shown(shown.Current, c.CurrentCount),
                Shown(shown.Reference, c.MissingReference), Shown(shown.Current, c.MissingCurrent),
                c.DefaultTest, c.DriftTest, c.Drift,
                Score(c.Score, decisive?.Reason), tests,
                c.Histogram is { } h
                    ? new DriftHistogramValue(h.Edges is null ? "per_value" : "sturges", h.Edges, h.Keys, h.ReferenceShares, h.CurrentShares)
                    : null);
        }).ToList();

    /// <summary>A column count of a group whose statistics are shown: exact, or rounded when the group protects a smaller one.</summary>
    private static long Shown(DriftSideProtection side, long count) => side.Count(count) ?? throw new InvalidOperationException("a hidden group's columns are not written");

    /// <summary>A test score as a METRIC: the value when finite, else null with the test's reason.</summary>
    private static MetricValue Score(double? value, string? reason) =>
        value is { } v && double.IsFinite(v) ? new MetricValue(v, null, reason) : new MetricValue(null, null, reason ?? "undefined");

    private static DatasetDriftValue Dataset(DatasetDrift d) =>
        new(d.Columns, d.DriftedColumns, d.UndefinedColumns,
            d.Share is { } s ? new MetricValue(s, null, null) : new MetricValue(null, null, "no column has a defined verdict"),
            d.Threshold, d.Drift);

    /// <summary>
    /// A grouping's groups under the small-cell rule (<see cref="DriftSuppression"/>): a suppressed group keeps its name
    /// and flags only; a group protecting a smaller one shows rounded counts and exact statistics; a gap against a
    /// suppressed reference group is withheld too, since it would give the reference group's share back.
    /// </summary>
    private static DriftGroupingValue Grouping(DriftGrouping g, DriftReport report, DriftGroupProtection[] protection, int minCell)
    {
        var reference = g.Reference;
        var referenceIndex = reference is null ? -1 : IndexOf(g.Drift.Groups, reference);
        var referenceHidden = referenceIndex >= 0 && protection[referenceIndex].StatisticsHidden;
        var values = new List<DriftGroupValue>(g.Drift.Groups.Count);
        for (var k = 0; k < g.Drift.Groups.Count; k++)
        {
            var x = g.Drift.Groups[k];
            var p = protection[k];
            var reason = DriftSuppression.Reason(p, minCell);
            var small = g.SmallCells.Contains(x.Value);
            if (p.StatisticsHidden)
            {
                var withheld = new MetricValue(null, null, reason);
                values.Add(new DriftGroupValue(x.Value, p.Reference.Count(x.ReferenceRows), p.Current.Count(x.CurrentRows), small, [], null, withheld, withheld)
                    { SuppressedReason = reason, CountsRounded = p.CountsRounded });
                continue;
            }
            var gap = referenceHidden && k != referenceIndex
                ? new MetricValue(null, null, "the reference group is suppressed (small-cell rule)")
                : DriftReferenceGroup.Gap(x, reference, g.SmallCells);
            values.Add(new DriftGroupValue(x.Value, p.Reference.Count(x.ReferenceRows), p.Current.Count(x.CurrentRows), small,
                Columns(x.Result.Columns, report, p), Dataset(x.Result.Dataset), DriftReferenceGroup.Share(x.Result.Dataset), gap)
                { SuppressedReason = reason, CountsRounded = p.CountsRounded });
        }
        return new(g.Name, g.Columns, g.ReferenceGroup, values, g.Drift.OnlyInReference, g.Drift.OnlyInCurrent);
    }

    private static int IndexOf(IReadOnlyList<GroupDrift> groups, GroupDrift group)
    {
        for (var k = 0; k < groups.Count; k++)
            if (ReferenceEquals(groups[k], group)) return k;
        return -1;
    }

    private static DomainClassifierValue Multivariate(Core.Drift.Multivariate.DomainClassifierResult mv) =>
        new("domain_classifier", mv.Model, mv.Folds, mv.Seed, mv.Rows, MetricValue.From(mv.Auroc),
            mv.Features.Select(f => new FeatureImportanceValue(f.Feature, f.AurocDrop)).ToList());

    private static SequentialValue Sequential(Core.Drift.Sequential.StreamMonitoring m) =>
        new(m.Column, m.ReferenceMean, m.ReferenceSd, m.Observations,
            m.Detectors.Select(d => new DetectorValue(d.Detector, d.Alarms.Count, d.Alarms.Count > 0 ? d.Alarms[0] : null, d.Alarms,
                new Arl0Value(d.Arl0.Mean, d.Arl0.Median, d.Arl0.Runs, d.Arl0.Censored, d.Arl0.MaxLength))).ToList());
}
