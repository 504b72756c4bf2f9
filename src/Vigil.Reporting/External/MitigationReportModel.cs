using Vigil.Contracts.Mitigation;
using Vigil.Core;
using Vigil.Reporting.Audit;

namespace Vigil.Reporting.External;

/// <summary>PERFORMANCE of vigil.mitigation/v2 on the held-out rows: overall ("overall") or one group.</summary>
public sealed record MitigationPerformance(
    string Group,
    int N,
    int Positives,
    MetricValue Accuracy,
    MetricValue BalancedAccuracy,
    MetricValue Auroc,
    MetricValue Sensitivity,
    MetricValue Specificity)
{
    /// <summary>The share of patients flagged (PERFORMANCE.selection_rate), or undefined when the file lacks it.</summary>
    public MetricValue SelectionRate { get; init; } = new(null, null, null, "not in the mitigation file");
}

/// <summary>A group whose sensitivity or specificity fell beyond the levelling-down tolerance.</summary>
public sealed record WorseOff(string Group, string Metric, double Before, double After);

/// <summary>One setting of a mitigation sweep on the held-out rows.</summary>
public sealed record SweepPoint(string Label, double? Disparity, double Error, bool ParetoOptimal);

/// <summary>What a vigil.mitigation/v2 document says, as far as the report needs it (docs/mitigation.md).</summary>
public sealed record MitigationReportModel(
    string SourceName,
    string DataPath,
    string Protected,
    string Method,
    string Stage,
    string Reference,
    bool NeedsProtectedAttribute,
    bool Randomized,
    int TrainRows,
    int TestRows,
    string DisparityName,
    MetricValue DisparityBefore,
    MetricValue DisparityAfter,
    MetricValue DisparityChange,
    MitigationPerformance OverallBefore,
    MitigationPerformance OverallAfter,
    IReadOnlyList<MitigationPerformance> GroupsBefore,
    IReadOnlyList<MitigationPerformance> GroupsAfter,
    bool LevellingDown,
    double LevellingTolerance,
    IReadOnlyList<WorseOff> WorseOff,
    IReadOnlyList<string> Warnings,
    string? SweepParameter,
    string? SweepDisparity,
    IReadOnlyList<SweepPoint> Sweep);

/// <summary>
/// Reads a vigil.mitigation/v2 document (the output of vigil mitigate) through its contract
/// (<see cref="MitigationContract"/>); a v1 file gets the contract's one-line "re-run" error.
/// </summary>
public static class MitigationJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = MitigationContract.Schema;

    /// <summary>Reads and checks <paramref name="path"/> (given as --mitigation).</summary>
    public static MitigationReportModel ReadFile(string path)
    {
        if (!File.Exists(path)) throw VigilException.Option("mitigation", $"{path}: no such file");
        return From(MitigationContract.Read(path), DisplayName(path));
    }

    /// <summary>
    /// The file's name with its directory (vigil mitigate always writes mitigation.json, so the directory tells
    /// several methods apart), e.g. "out-to/mitigation.json".
    /// </summary>
    public static string DisplayName(string path)
    {
        var dir = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)));
        return string.IsNullOrEmpty(dir) ? Path.GetFileName(path) : $"{dir}/{Path.GetFileName(path)}";
    }

    /// <summary>Parses the text of a mitigation document; <paramref name="name"/> names it in errors.</summary>
    public static MitigationReportModel Parse(string json, string name) => From(MitigationContract.Parse(json, name), name);

    /// <summary>The report's view of a mitigation document.</summary>
    public static MitigationReportModel From(MitigationDocument d, string name)
    {
        ArgumentNullException.ThrowIfNull(d);
        var t = d.TargetedDisparity;
        return new MitigationReportModel(name, d.Inputs.Count > 0 ? d.Inputs[0].Path : "", string.Join("*", d.Settings.Protected),
            d.Method.Name, d.Method.Stage, d.Method.Citation, d.Method.NeedsProtectedAttributeAtPrediction, d.Method.Randomized,
            d.Split.TrainRows, d.Split.TestRows, t.Name, M(t.Before), M(t.After), M(t.Change),
            Performance(d.Before.Overall), Performance(d.After.Overall),
            d.Before.ByGroup.Select(Performance).ToList(), d.After.ByGroup.Select(Performance).ToList(),
            d.Safety.LevellingDown, d.Safety.LevellingTolerance, d.Safety.WorseOff.Select(w => new WorseOff(w.Group, w.Metric, w.Before, w.After)).ToList(),
            d.Warnings, d.Sweep?.Parameter, d.Sweep?.Disparity,
            d.Sweep is null ? [] : d.Sweep.Points.Select(p => new SweepPoint(p.Label, p.Disparity, p.Error, p.ParetoOptimal)).ToList());
    }

    private static MitigationPerformance Performance(GroupPerformanceBlock p) =>
        new(p.Group, (int)p.N, (int)p.Positives, M(p.Accuracy), M(p.BalancedAccuracy), M(p.Auroc), M(p.Sensitivity), M(p.Specificity))
        {
            SelectionRate = M(p.SelectionRate),
        };

    private static MetricValue M(Contracts.Common.MetricValue m) =>
        m is null ? new MetricValue(null, null, null, "missing") : new MetricValue(m.Value, m.Ci is [var lo, _] ? lo : null, m.Ci is [_, var hi] ? hi : null, m.Reason);
}
