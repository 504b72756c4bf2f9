using Vigil.Core;
using Vigil.Core.Drift;
using Vigil.Core.Drift.Summaries;
using Vigil.Data.Pushdown;

namespace Vigil.Application.Drift;

/// <summary>
/// `drift --source … --reference-query … --current-query …` (docs/push-down.md, drift): the database summarises both
/// queries' columns (<see cref="PushdownDriftLoader"/>: moments, counts per distinct value or per fine and Sturges bin,
/// counts per level), only the summaries travel, and the columns are tested from them
/// (<see cref="SummaryColumnAnalyzer"/> for numeric columns; categorical counts are exact, so
/// <see cref="ColumnDriftAnalyzer"/> runs on them as on files). Drift within groups, the domain classifier and the
/// sequential detectors need the rows and are refused, as are tests that need the rows when named.
/// </summary>
public static class DriftPushdown
{
    /// <summary>Runs the drift in the database of <see cref="DriftJobOptions.Source"/>.</summary>
    public static DriftJobResult Run(DriftJobOptions request, TestSelection selection, IReadOnlyDictionary<string, ColumnTestOverride> overrides,
        IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(progress);
        if (request.ReferenceQuery is null) throw VigilException.Option("reference_query", "is required with a source: the SELECT of the reference rows");
        if (request.CurrentQuery is null) throw VigilException.Option("current_query", "is required with a source: the SELECT of the current rows");
        if (request.Groups is not null)
            throw VigilException.Option("protected", $"drift within groups is not computed with {Param.Ref("source")}; use {Param.Ref("reference_data")} and {Param.Ref("current_data")}");
        if (request.DomainClassifier)
            throw VigilException.Option("domain_classifier", $"the domain classifier needs the rows and cannot run with {Param.Ref("source")}; use {Param.Ref("reference_data")} and {Param.Ref("current_data")}");
        if (!string.IsNullOrEmpty(request.Stream))
            throw VigilException.Option("stream", $"the sequential detectors need the rows in order and cannot run with {Param.Ref("source")}; use {Param.Ref("reference_data")} and {Param.Ref("current_data")}");
        foreach (var test in selection.Named)
            RefuseRowTest(test, "tests");
        foreach (var chosen in overrides.Values)
            RefuseRowTest(chosen.Test, "column_test");

        var source = SqlSource.Parse(request.Source!);
        var wanted = new List<string>(request.Columns);
        if (wanted.Count > 0)
            foreach (var role in new[] { request.Score, request.Label })
                if (!string.IsNullOrEmpty(role) && !wanted.Contains(role)) wanted.Add(role);
        progress.Report("summarizing in " + source.Engine);
        var pushed = PushdownDriftLoader.Load(source, request.ReferenceQuery, request.CurrentQuery, wanted, [],
            request.MaxExactValues ?? PushdownDriftLoader.DefaultMaxValues);
        var names = pushed.Columns.Select(c => c.Name).ToList();
        foreach (var (column, chosen) in overrides)
        {
            var match = pushed.Columns.FirstOrDefault(d => d.Name == column)
                        ?? throw VigilException.Option("column_test", $"no column '{column}' among the compared columns ({string.Join(", ", names)})");
            if (!chosen.Test.AppliesTo(match.Type))
                throw VigilException.Option("column_test", $"'{chosen.Test.Name}' does not apply to {match.Type.ToString().ToLowerInvariant()} column '{column}'");
        }
        var roles = new Dictionary<string, ColumnRole>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(request.Score)) roles[request.Score] = ColumnRole.Score;
        if (!string.IsNullOrEmpty(request.Label)) roles[request.Label] = ColumnRole.Label;
        foreach (var role in roles.Keys)
            if (!names.Contains(role))
                throw VigilException.Option(roles[role] == ColumnRole.Score ? "score" : "label", $"column '{role}' is not compared");

        progress.Report("testing columns");
        var columns = new ColumnDrift[pushed.Columns.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var c = pushed.Columns[i];
            overrides.TryGetValue(c.Name, out var chosen);
            if (c.Numeric is { } numeric)
                columns[i] = SummaryColumnAnalyzer.Analyze(c.Name, numeric, selection, chosen);
            else
                using (var samples = ColumnSamples.Categorical(c.Counts!, c.MissingReference, c.MissingCurrent))
                    columns[i] = ColumnDriftAnalyzer.Analyze(c.Name, samples, selection, chosen);
        }
        var overall = new DriftResult(columns, DatasetDrift.Of(columns, request.DriftShare));
        var report = new DriftReport($"{source.Name}: {request.ReferenceQuery.Trim()}", pushed.ReferenceRows,
            $"{source.Name}: {request.CurrentQuery.Trim()}", pushed.CurrentRows, request.Tests, overall, roles, null, null);
        if (request.SummaryOut is { } summaryOut)
        {
            var site = pushed.Columns.Select(c => new DriftFederation.SiteColumn(c.Name, c.Numeric, c.Counts, c.MissingReference, c.MissingCurrent)).ToList();
            DriftFederation.Write(DriftFederation.Summarize(request, site, report.ReferencePath, report.CurrentPath, pushed.ReferenceRows, pushed.CurrentRows), summaryOut);
        }
        progress.Report("done", 1);
        return new DriftJobResult(DriftDocumentBuilder.Build(report, request, []), report, []);
    }

    private static void RefuseRowTest(StatTest test, string option)
    {
        if (SummaryColumnAnalyzer.RowTests.Contains(test.Name) && test.AppliesToNumerical && !test.AppliesToCategorical)
            throw VigilException.Option(option, $"test '{test.Name}' needs the rows and cannot run on {Param.Ref("source")} summaries; use {Param.Ref("reference_data")} and {Param.Ref("current_data")}");
    }
}
