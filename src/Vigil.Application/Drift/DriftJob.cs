using System.Globalization;
using Vigil.Contracts.Drift;
using Vigil.Core;
using Vigil.Core.Drift;
using Vigil.Core.Drift.Sequential;
using Vigil.Data;

namespace Vigil.Application.Drift;

/// <summary>What a drift job returns: the vigil.drift/v2 document and the core report the renderers draw from.</summary>
public sealed record DriftJobResult(DriftDocument Document, DriftReport Report, IReadOnlyList<DriftGrouping> Groups);

/// <summary>
/// `drift`: reads both files once, runs Evidently's per-column tests and the dataset verdict, the same within every
/// protected group, optionally a domain classifier and sequential detectors, and builds the vigil.drift/v2 document.
/// </summary>
public static class DriftJob
{
    public static DriftJobResult Run(DriftJobOptions request, IJobProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress ??= NoProgress.Instance;
        if (request.DriftShare is <= 0 or > 1 || double.IsNaN(request.DriftShare))
            throw VigilException.Option("drift_share", $"{request.DriftShare.ToString(CultureInfo.InvariantCulture)} is not in (0, 1]");
        var selection = TestSelection.Parse(request.Tests);
        var detectors = DetectorSettings.Parse(request.Detectors);
        if (request.Detectors.Count > 0 && string.IsNullOrEmpty(request.Stream))
            throw VigilException.Option("detector", "needs a stream column");
        var overrides = ParseOverrides(request.ColumnTests);
        if (request.Source is not null) return DriftPushdown.Run(request, selection, overrides, progress);
        if (request.Summaries.Count > 0) return DriftFederation.Run(request, selection, overrides, progress);
        request.Groups?.Validate();

        progress.Report("reading data");
        var (referenceSource, currentSource) = DriftInputLoader.Open(request.ReferenceData, request.CurrentData);
        Core.Diagnostics.PhaseTrace.Mark("files opened");
        using var reference = referenceSource;
        using var current = currentSource;
        var wanted = new List<string>(request.Columns);
        if (wanted.Count > 0)
        {
            foreach (var role in new[] { request.Score, request.Label })
                if (!string.IsNullOrEmpty(role) && !wanted.Contains(role)) wanted.Add(role);
        }
        var exclude = request.Groups?.Protected ?? [];
        // Groups, the domain classifier and the stream detectors need the rows in file order; otherwise only sorted samples.
        var sortInPlace = request.Groups is null && !request.DomainClassifier && string.IsNullOrEmpty(request.Stream);
        var data = DriftInputLoader.Load(reference, current, wanted, exclude.ToList(), sortInPlace: sortInPlace);
        Core.Diagnostics.PhaseTrace.Mark("columns read");
        var names = data.Select(d => d.Name).ToList();
        foreach (var (column, chosen) in overrides)
        {
            var match = data.FirstOrDefault(d => d.Name == column)
                        ?? throw VigilException.Option("column_test", $"no column '{column}' among the compared columns ({string.Join(", ", names)})");
            if (!chosen.Test.AppliesTo(match.Type))
                throw VigilException.Option("column_test",
                    $"'{chosen.Test.Name}' does not apply to {match.Type.ToString().ToLowerInvariant()} column '{column}'");
        }
        var roles = new Dictionary<string, ColumnRole>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(request.Score)) roles[request.Score] = ColumnRole.Score;
        if (!string.IsNullOrEmpty(request.Label)) roles[request.Label] = ColumnRole.Label;
        foreach (var role in roles.Keys)
            if (!names.Contains(role))
                throw VigilException.Option(roles[role] == ColumnRole.Score ? "score" : "label", $"column '{role}' is a protected attribute or not compared");

        progress.Report("testing columns");
        var options = new DriftOptions(selection, overrides, request.DriftShare);
        var overall = DriftAnalysis.Run(names, i => data[i].Samples(), options);
        Core.Diagnostics.PhaseTrace.Mark("column tests");
        var groups = new List<DriftGrouping>();
        if (request.Groups is { } g)
        {
            progress.Report("testing columns within groups");
            foreach (var spec in g.Groupings())
                groups.Add(DriftGroups.Run(reference, current, spec.Attributes, g.Bands, g.MinCell, data, options, spec.Reference));
        }
        Core.Drift.Multivariate.DomainClassifierResult? multivariate = null;
        if (request.DomainClassifier)
        {
            progress.Report("training the domain classifier");
            multivariate = global::Vigil.Models.DomainClassifier.Run(DriftDomainFeatures.From(data), new global::Vigil.Models.DomainClassifierOptions());
        }
        var monitoring = string.IsNullOrEmpty(request.Stream) ? null : RunStream(reference, current, request.Stream, detectors);
        var report = new DriftReport(request.ReferenceData, reference.RowCount, request.CurrentData, current.RowCount, request.Tests,
            overall, roles, groups.Count > 0 ? groups[0].Drift : null, multivariate, monitoring);
        if (request.SummaryOut is { } summaryOut) DriftFederation.Write(DriftFederation.Summarize(request, data, reference.RowCount, current.RowCount), summaryOut);
        progress.Report("done", 1);
        return new DriftJobResult(DriftDocumentBuilder.Build(report, request, groups), report, groups);
    }

    private static StreamMonitoring RunStream(TabularSource reference, TabularSource current, string column, DetectorSettings settings)
    {
        var r = reference.ReadNumeric(column, "stream");
        var c = current.ReadNumeric(column, "stream");
        return StreamMonitor.Run(column, r.Values, c.Values, settings);
    }

    private static Dictionary<string, ColumnTestOverride> ParseOverrides(IReadOnlyList<string> specs)
    {
        var result = new Dictionary<string, ColumnTestOverride>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var eq = spec.LastIndexOf('=');
            if (eq <= 0 || eq == spec.Length - 1)
                throw VigilException.Option("column_test", $"'{spec}' is not COLUMN=TEST[:THRESHOLD]");
            var column = spec[..eq];
            var rest = spec[(eq + 1)..];
            double? threshold = null;
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                if (!double.TryParse(rest[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !double.IsFinite(t))
                    throw VigilException.Option("column_test", $"threshold in '{spec}' is not a number");
                threshold = t;
                rest = rest[..colon];
            }
            var test = StatTestCatalog.Find(rest)
                       ?? throw VigilException.Option("column_test", $"unknown test '{rest}' in '{spec}'; expected one of: {StatTestCatalog.Names}");
            result[column] = new ColumnTestOverride(test, threshold);
        }
        return result;
    }
}
