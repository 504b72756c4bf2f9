using Vigil.Contracts.Audit;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Curves;
using Vigil.Core.Utility;
using Vigil.Data;

namespace Vigil.Application.Audit;

/// <summary>Where an audit's data came from, for the renderers (table, Markdown) and the "inputs"/"settings" blocks.</summary>
public sealed record AuditInputInfo(string File, string Label, string PositiveLabel, string? Score, string? Prediction, double? Threshold,
    IReadOnlyList<string> Notes);

/// <summary>What an audit job returns: the vigil.audit/v2 document, and the core result and input facts the renderers draw from.</summary>
/// <remarks><see cref="SiteSummary"/> is the vigil.audit-summary/v2 text when the options asked for it.</remarks>
public sealed record AuditJobResult(AuditDocument Document, AuditResult Result, AuditInputInfo Input, CurveAnalysisResult? Curves)
{
    public string? SiteSummary { get; init; }
}

/// <summary>
/// `audit`: reads the data once, measures every group of every attribute and intersection (AuditEngine), optionally
/// the curves (CurveAnalysis), and builds the vigil.audit/v2 document.
/// </summary>
public static class AuditJob
{
    public static AuditJobResult Run(AuditJobOptions options, IJobProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NoProgress.Instance;
        var pooling = options.Summaries.Count > 0;
        if (!pooling && (options.Score is null) == (options.Prediction is null))
            throw VigilException.Option("score", "give exactly one of a score column or a prediction column");
        if (options.Prediction is not null && options.Threshold is not null)
            throw VigilException.Option("threshold", "applies to a score column, not to a prediction column");
        var threshold = options.Threshold ?? 0.5;
        if (!(threshold >= 0 && threshold <= 1)) throw VigilException.Option("threshold", $"{threshold}: expected a number in [0, 1]");
        var bootstrap = options.Bootstrap ?? AnalysisDefaults.Bootstrap;
        if (bootstrap is < 0 or > AnalysisDefaults.MaxResamples)
            throw VigilException.Option("bootstrap", $"{bootstrap}: expected 0 to {AnalysisDefaults.MaxResamples} replicates");
        options.Groups.Validate();
        options.Groups.RequireNotLabel(options.Label);
        var curveOptions = CurveSettings(options, bootstrap);
        var groupings = options.Groups.Groupings();

        progress.Report("reading data");
        if (options.ScoreBinWidth is { } width)
        {
            Core.Audit.Federation.SiteSummary.CheckScoreBinWidth(width);
            if (pooling) throw VigilException.Option("score_bin_width", "is the sites' own (set where each summary is written), not the pool's");
            if (options.Score is null) throw VigilException.Option("score_bin_width", "applies to a score column");
        }
        // Rows read from a file, or a summary's distinct rows with their counts (pooled site summaries, a push-down):
        // a summary is audited as it is, without rebuilding its rows.
        AuditData? data = null;
        WeightedAuditData? summaryRows = null;
        string? pushedSummary = null;
        AuditInputInfo input;
        if (pooling)
        {
            // Federated: the sites' summaries stand in for their rows; the site is one more grouping (docs/federated.md).
            if (options.Data is not null) throw VigilException.Option("summaries", "give a data file or summary files, not both");
            if (options.Source is not null) throw VigilException.Option("summaries", "give a source or summary files, not both");
            if (options.SiteSummary) throw VigilException.Option("summary_out", "summarizes a data file; pooled summaries have no rows");
            (summaryRows, input) = AuditFederation.Pool(options.Summaries, options.Groups.Protected, options.Label ?? "label");
            groupings = [.. groupings, new GroupingSpec([Core.Audit.Federation.SummaryPooling.SiteAttribute])];
        }
        else if (options.Source is not null || options.Query is not null)
        {
            // Push-down: the database computes the summary; the audit is built from it as from sites' summaries.
            if (options.Data is not null) throw VigilException.Option("source", "give a data file or a source and query, not both");
            var pushed = AuditPushdown.Load(options, threshold);
            (summaryRows, input) = (pushed.Rows, pushed.Info);
            if (options.SiteSummary) pushedSummary = AuditFederation.Summary(pushed.Summary, options.SiteName, pushed.Info.File);
        }
        else if (options.Data is not null && options.Label is not null && AuditFilePushdown.TryLoad(options, threshold) is { } summarized)
        {
            // A large data file: DuckDB summarizes it and the audit is built from the summary (docs/push-down.md).
            (summaryRows, input) = (summarized.Rows, summarized.Info);
        }
        else
        {
            if (options.Data is null) throw VigilException.Option("data", "is required (or a source and query, or summary files)");
            if (options.Label is null) throw VigilException.Option("label", "is required with a data file");
            using var source = TabularSource.Open(options.Data);
            var columns = new AuditColumns(options.Label, options.Score, options.Prediction, threshold, options.Groups.Protected,
                options.Groups.Bands, options.PositiveLabel);
            var (loaded, report) = AuditLoader.Load(source, columns);
            data = loaded;
            input = new AuditInputInfo(options.Data, options.Label, report.PositiveLabel, options.Score, options.Prediction,
                options.Score is null ? null : threshold, report.Notes);
        }
        var inputName = options.Data ?? (options.Source is null ? "the summaries" : input.File);
        var attributes = (summaryRows?.Distinct ?? data!).Attributes;
        options.Groups.RequireReferences(a => attributes.First(x => x.Name == a).Levels, inputName);
        foreach (var note in input.Notes) progress.Note(note);

        progress.Report("measuring groups");
        var auditOptions = new AuditOptions
        {
            Threshold = input.Threshold,
            Bootstrap = bootstrap,
            Seed = options.Seed,
            MinCell = options.Groups.MinCell,
            GeneralizedEntropyAlpha = options.GeneralizedEntropyAlpha,
        };
        var result = summaryRows is not null
            ? AuditEngine.Run(summaryRows, groupings, auditOptions)
            : AuditEngine.Run(data!, groupings, auditOptions);
        Core.Diagnostics.PhaseTrace.Mark("audit measured (groups, bootstrap)");
        CurveAnalysisResult? curves = null;
        if (curveOptions is not null)
        {
            // The curves walk every row: from a summary they need its rows rebuilt (memory grows with the rows).
            progress.Report("computing curves");
            curves = CurveAnalysis.Run(data ?? summaryRows!.Expand(), groupings, curveOptions);
        }
        var document = AuditDocumentBuilder.Build(result, input, options.Groups, curves);
        var siteSummary = !options.SiteSummary ? null
            : pushedSummary ?? AuditFederation.Summary(options.SiteName, inputName, data!, auditOptions, input.PositiveLabel,
                options.ScoreBinWidth ?? Core.Audit.Federation.SiteSummary.DefaultScoreBinWidth);
        Core.Diagnostics.PhaseTrace.Mark("audit document built");
        progress.Report("done", 1);
        return new AuditJobResult(document, result, input, curves) { SiteSummary = siteSummary };
    }

    private static CurveOptions? CurveSettings(AuditJobOptions o, int bootstrap)
    {
        if (!o.Curves)
        {
            if (o.DecisionThresholds is not null) throw VigilException.Option("dca_thresholds", "applies to curves");
            return null;
        }
        if (o.Score is null) throw VigilException.Option("curves", "needs a score column (ROC, calibration and decision curves are curves of a score)");
        return new CurveOptions
        {
            DecisionThresholds = o.DecisionThresholds ?? DecisionCurve.DefaultGrid(),
            Bootstrap = bootstrap,
            Seed = o.Seed,
            MinCell = o.Groups.MinCell,
        };
    }
}
