using Vigil.Application.Groups;
using Vigil.Contracts.Common;
using Vigil.Contracts.Scan;
using Vigil.Core;
using Vigil.Core.Scan;
using Vigil.Data;

namespace Vigil.Application.Scan;

/// <summary>What a scan reads and searches.</summary>
public sealed record ScanJobOptions
{
    public required string Data { get; init; }

    public required string Label { get; init; }

    public string? Score { get; init; }

    public string? Prediction { get; init; }

    /// <summary>Score cut (null: 0.5; only with a score column).</summary>
    public double? Threshold { get; init; }

    public string? PositiveLabel { get; init; }

    /// <summary>The attributes whose value conjunctions form the subgroups, their bands, and the small-cell threshold.</summary>
    public required GroupSelection Groups { get; init; }

    /// <summary>The scan's settings (metric, method, order, sizes, seed, alpha, restarts, permutations as Replicates, adjustment); MinCell comes from <see cref="Groups"/>.</summary>
    public ScanOptions Scan { get; init; } = new();
}

/// <summary>What a scan job returns: the vigil.scan/v2 document, the core result and the facts the renderers show.</summary>
public sealed record ScanJobResult(ScanDocument Document, ScanResult Result, string File, IReadOnlyList<string> Notes);

/// <summary>`scan`: reads the data once (as the audit does) and searches for subgroups with a worse error rate (ScanEngine).</summary>
public static class ScanJob
{
    public static ScanJobResult Run(ScanJobOptions options, IJobProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NoProgress.Instance;
        if ((options.Score is null) == (options.Prediction is null))
            throw VigilException.Option("score", "give exactly one of a score column or a prediction column");
        if (options.Prediction is not null && options.Threshold is not null)
            throw VigilException.Option("threshold", "applies to a score column, not to a prediction column");
        var threshold = options.Threshold ?? 0.5;
        if (!(threshold >= 0 && threshold <= 1)) throw VigilException.Option("threshold", $"{threshold}: expected a number in [0, 1]");
        options.Groups.Validate();
        options.Groups.RequireNotLabel(options.Label);
        if (options.Scan.MaxOrder < 1) throw VigilException.Option("max_order", $"{options.Scan.MaxOrder}: expected 1 or more attributes per subgroup");
        if (options.Scan.Replicates is < 0 or > AnalysisDefaults.MaxResamples)
            throw VigilException.Option("permutations", $"{options.Scan.Replicates}: expected 0 to {AnalysisDefaults.MaxResamples}");
        var scanOptions = options.Scan with
        {
            MinCell = options.Groups.MinCell,
            Intersections = options.Groups.Intersections.Select(options.Groups.IntersectionColumns).ToList(),
            Reference = options.Groups.References,
        };

        progress.Report("reading data");
        using var source = TabularSource.Open(options.Data);
        foreach (var a in options.Groups.Protected.Where(a => !source.Columns.Contains(a)))
            throw VigilException.Option("protected", $"{options.Data} has no column '{a}'; columns: {string.Join(", ", source.Columns)}");
        var columns = new AuditColumns(options.Label, options.Score, options.Prediction, threshold, options.Groups.Protected, options.Groups.Bands, options.PositiveLabel);
        var (data, report) = AuditLoader.Load(source, columns);
        foreach (var note in report.Notes) progress.Note(note);

        progress.Report("scanning");
        var result = ScanEngine.Run(data, scanOptions);
        var settings = Settings(options, result, report.PositiveLabel, options.Score is null ? null : threshold);
        var document = new ScanDocument(ToolBlock.Current, [new InputRef("data", options.Data) { Rows = result.Rows }], settings,
            new ScanOverall(result.Rows, result.Positives, result.Population, result.Events, MetricValue.From(result.OverallRate), result.Cells),
            new ScanSearch(result.Candidates, NullSummary(result.NullScores)),
            Subgroups(result.Subgroups, result), Subgroups(result.Intersections, result),
            result.Reference is { } r ? new ScanReferenceValue(r.Definition, r.Rows, r.Population, r.Events, MetricValue.From(r.Rate)) : null,
            report.Notes);
        progress.Report("done", 1);
        return new ScanJobResult(document, result, options.Data, report.Notes);
    }

    /// <summary>"mdss" or "exhaustive".</summary>
    public static string MethodName(ScanMethod m) => m == ScanMethod.Mdss ? "mdss" : "exhaustive";

    /// <summary>The adjustment's v2 name: holm or benjamini_hochberg.</summary>
    public static string AdjustmentName(PValueAdjustment a) => a == PValueAdjustment.Holm ? "holm" : "benjamini_hochberg";

    private static ScanSettings Settings(ScanJobOptions options, ScanResult result, string positiveLabel, double? threshold)
    {
        var o = result.Options;
        var mdss = result.Method == ScanMethod.Mdss;
        return new ScanSettings(options.Label, positiveLabel, options.Score, options.Prediction, threshold,
            result.Attributes, options.Groups.BandEdges(),
            ScanEngine.Name(result.Metric), ScanEngine.Population(result.Metric), MethodName(result.Method),
            o.MaxOrder, o.MinSize, o.MinCell, o.Top, o.Seed, o.Alpha, o.Confidence,
            mdss ? o.Restarts : null, mdss ? o.Replicates : null,
            mdss ? (o.Replicates > 0 ? "randomization" : "none") : "one-sided two-proportion z, or Fisher exact when a cell < 5",
            mdss ? null : AdjustmentName(o.Adjustment),
            options.Groups.Intersections, options.Groups.References);
    }

    private static NullScoreSummary? NullSummary(IReadOnlyList<double> scores)
    {
        if (scores.Count == 0) return null;
        var sorted = scores.Order().ToArray();
        return new NullScoreSummary(sorted.Length, sorted.Average(), Core.Statistics.Percentile.OfSorted(sorted, 0.95), sorted[^1]);
    }

    private static List<ScanSubgroupValue> Subgroups(IReadOnlyList<ScanSubgroup> subgroups, ScanResult result)
    {
        var adjustment = result.Method == ScanMethod.Mdss ? null : AdjustmentName(result.Options.Adjustment);
        var list = new List<ScanSubgroupValue>(subgroups.Count);
        var rank = 1;
        foreach (var s in subgroups)
        {
            list.Add(new ScanSubgroupValue(rank++, s.Definition,
                s.Conditions.Select(c => new ScanConditionValue(c.Attribute, c.Values)).ToList(), s.Conditions.Count,
                s.Rows, s.Positives, s.Population, s.Events, MetricValue.From(s.Rate), MetricValue.From(s.ComplementRate),
                s.Score, Finite(s.OddsMultiplier), Finite(s.PValue), s.TestMethod, Finite(s.AdjustedPValue), adjustment, s.Significant, s.SmallCell,
                s.ReferenceGap is { } g ? MetricValue.From(g) : null));
        }
        return list;
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;
}
