using System.Text.Json;
using Vigil.Reporting.Audit;

namespace Vigil.Reporting.External;

/// <summary>PERFORMANCE of vigil.mitigation/v1 on the held-out rows: overall ("overall") or one group.</summary>
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

/// <summary>What a vigil.mitigation/v1 document says, as far as the report needs it (docs/mitigation.md).</summary>
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

/// <summary>Reads a vigil.mitigation/v1 document (the output of vigil mitigate); anything missing or of the wrong kind is a data error naming the file and JSON path.</summary>
public static class MitigationJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = "vigil.mitigation/v1";

    /// <summary>Reads and checks <paramref name="path"/> (given as --mitigation).</summary>
    public static MitigationReportModel ReadFile(string path) => JsonFields.Guarded(path, () => Parse(JsonFields.ReadText("mitigation", path), DisplayName(path)));

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
    public static MitigationReportModel Parse(string json, string name)
    {
        var f = new JsonFields(name);
        using var doc = f.Parse(json);
        var root = doc.RootElement;
        f.Schema(root, Schema, "vigil mitigate, mitigation.json");
        var input = f.Obj(root, "input", "$");
        var method = f.Obj(root, "method", "$");
        var split = f.Obj(root, "split", "$");
        var target = f.Obj(root, "targeted_disparity", "$");
        var before = f.Obj(root, "before", "$");
        var after = f.Obj(root, "after", "$");
        var safety = f.Obj(root, "safety", "$");
        var worse = new List<WorseOff>();
        var i = 0;
        foreach (var w in f.Arr(safety, "worse_off", "$.safety"))
        {
            var p = $"$.safety.worse_off[{i++}]";
            worse.Add(new WorseOff(f.Str(w, "group", p), f.Str(w, "metric", p), f.Num(w, "before", p), f.Num(w, "after", p)));
        }
        string? parameter = null, sweepDisparity = null;
        var points = new List<SweepPoint>();
        if (root.TryGetProperty("sweep", out var sweep) && sweep.ValueKind == JsonValueKind.Object)
        {
            parameter = f.Str(sweep, "parameter", "$.sweep");
            sweepDisparity = f.Str(sweep, "disparity", "$.sweep");
            var k = 0;
            foreach (var pt in f.Arr(sweep, "points", "$.sweep"))
            {
                var p = $"$.sweep.points[{k++}]";
                points.Add(new SweepPoint(f.Str(pt, "label", p), f.OptNum(pt, "disparity", p), f.Num(pt, "error", p), f.Bool(pt, "pareto_optimal", p)));
            }
        }
        return new MitigationReportModel(name, f.Str(input, "data", "$.input"), f.Str(input, "protected", "$.input"),
            f.Str(method, "name", "$.method"), f.Str(method, "stage", "$.method"), f.Str(method, "reference", "$.method"),
            f.Bool(method, "needs_protected_attribute_at_prediction", "$.method"), f.Bool(method, "randomized", "$.method"),
            f.Int(split, "train_rows", "$.split"), f.Int(split, "test_rows", "$.split"),
            f.Str(target, "name", "$.targeted_disparity"), f.Metric(target, "before", "$.targeted_disparity"),
            f.Metric(target, "after", "$.targeted_disparity"), f.Metric(target, "change", "$.targeted_disparity"),
            Performance(f, f.Obj(before, "overall", "$.before"), "$.before.overall"), Performance(f, f.Obj(after, "overall", "$.after"), "$.after.overall"),
            Groups(f, before, "$.before"), Groups(f, after, "$.after"),
            f.Bool(safety, "levelling_down", "$.safety"), f.Num(safety, "levelling_tolerance", "$.safety"), worse,
            f.Strings(root, "warnings", "$"), parameter, sweepDisparity, points);
    }

    private static List<MitigationPerformance> Groups(JsonFields f, JsonElement side, string path)
    {
        var list = new List<MitigationPerformance>();
        var i = 0;
        foreach (var g in f.Arr(side, "by_group", path)) list.Add(Performance(f, g, $"{path}.by_group[{i++}]"));
        return list;
    }

    private static MitigationPerformance Performance(JsonFields f, JsonElement p, string path) =>
        new(f.Str(p, "group", path), f.Int(p, "n", path), f.Int(p, "positives", path), f.Metric(p, "accuracy", path), f.Metric(p, "balanced_accuracy", path),
            f.Metric(p, "auroc", path), f.Metric(p, "sensitivity", path), f.Metric(p, "specificity", path))
        {
            SelectionRate = p.TryGetProperty("selection_rate", out _) ? f.Metric(p, "selection_rate", path) : new MetricValue(null, null, null, "not in the mitigation file"),
        };
}
