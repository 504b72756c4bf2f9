using System.Text.Json;
using Vigil.Core;
using Vigil.Reporting.External;

namespace Vigil.Reporting.Drift;

/// <summary>Binned shares of a column in both files (Evidently's psi / jensenshannon input), for an overlay plot.</summary>
/// <param name="Binning">"sturges" (numeric, edges) or "per_value" (keys).</param>
/// <param name="Edges">B + 1 bin edges for "sturges", else null.</param>
/// <param name="Keys">B category labels for "per_value", else null.</param>
/// <param name="Reference">B shares of the reference rows.</param>
/// <param name="Current">B shares of the current rows.</param>
public sealed record DriftHistogram(string Binning, double[]? Edges, string[]? Keys, double[] Reference, double[] Current)
{
    /// <summary>The label of bin <paramref name="i"/>: its key, or "[a, b)" from the edges (the last bin closed).</summary>
    public string BinLabel(int i, Func<double, string> format) =>
        Keys is not null ? Keys[i]
        : Edges is not null ? $"[{format(Edges[i])}, {format(Edges[i + 1])}{(i == Reference.Length - 1 ? "]" : ")")}"
        : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One compared column: the drift test deciding its verdict, with the test's score and threshold.</summary>
public sealed record DriftColumn(
    string Column,
    string Type,
    string Role,
    int NReference,
    int NCurrent,
    string Test,
    string? Kind,
    double? Score,
    double? Threshold,
    bool? Drift,
    string? Reason,
    DriftHistogram? Histogram);

/// <summary>The dataset verdict: share of drifted columns against the threshold.</summary>
public sealed record DatasetDrift(int Columns, int DriftedColumns, int UndefinedColumns, double? Share, double Threshold, bool? Drift);

/// <summary>What a vigil.drift/v1 document says, as far as the report needs it (docs/drift-json.md).</summary>
public sealed record DriftReportModel(
    string SourceName,
    string ReferencePath,
    int ReferenceRows,
    string CurrentPath,
    int CurrentRows,
    IReadOnlyList<DriftColumn> Columns,
    DatasetDrift Dataset,
    double? DomainClassifierAuroc,
    IReadOnlyList<(string Group, DatasetDrift Dataset)> ByGroup,
    string? ByColumn);

/// <summary>Reads a vigil.drift/v1 document; anything missing or of the wrong kind is a data error naming the file and JSON path.</summary>
public static class DriftJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = "vigil.drift/v1";

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static DriftReportModel ReadFile(string path)
    {
        var text = JsonFields.ReadText("drift", path);
        return JsonFields.Guarded(path, () => Parse(text, Path.GetFileName(path)));
    }

    /// <summary>Parses the text of a drift document; <paramref name="name"/> names it in errors.</summary>
    public static DriftReportModel Parse(string json, string name)
    {
        using (var doc = new JsonFields(name).Parse(json))
        {
            var root = doc.RootElement;
            var schema = Str(name, root, "schema", "$");
            if (schema != Schema) throw VigilException.BadData($"{name}: $.schema is '{schema}', expected '{Schema}' (the output of vigil drift --format json)");
            var reference = Obj(name, root, "reference", "$");
            var current = Obj(name, root, "current", "$");
            var columns = new List<DriftColumn>();
            var i = 0;
            foreach (var c in Arr(name, root, "columns", "$"))
                columns.Add(Column(name, c, $"$.columns[{i++}]"));
            double? auroc = null;
            if (root.TryGetProperty("multivariate", out var mv) && mv.ValueKind == JsonValueKind.Object
                && mv.TryGetProperty("auroc", out var a) && a.ValueKind == JsonValueKind.Object)
                auroc = OptNum(a, "value");
            var byGroup = new List<(string, DatasetDrift)>();
            string? byColumn = null;
            if (root.TryGetProperty("by", out var by) && by.ValueKind == JsonValueKind.Object)
            {
                byColumn = Str(name, by, "column", "$.by");
                var j = 0;
                foreach (var g in Arr(name, by, "groups", "$.by"))
                {
                    var p = $"$.by.groups[{j++}]";
                    var value = g.TryGetProperty("value", out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : throw Bad(name, p, "value", "a value");
                    byGroup.Add((value, Dataset(name, Obj(name, g, "dataset_drift", p), p + ".dataset_drift")));
                }
            }
            return new DriftReportModel(name,
                Str(name, reference, "path", "$.reference"), (int)Num(name, reference, "rows", "$.reference"),
                Str(name, current, "path", "$.current"), (int)Num(name, current, "rows", "$.current"),
                columns, Dataset(name, Obj(name, root, "dataset_drift", "$"), "$.dataset_drift"), auroc, byGroup, byColumn);
        }
    }

    private static DriftColumn Column(string name, JsonElement c, string path)
    {
        var test = Str(name, c, "drift_test", path);
        var tests = Obj(name, c, "tests", path);
        JsonElement? t = tests.TryGetProperty(test, out var tt) && tt.ValueKind == JsonValueKind.Object ? tt : null;
        DriftHistogram? histogram = null;
        if (c.TryGetProperty("histogram", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            var hp = path + ".histogram";
            var refShares = Numbers(name, h, "reference", hp);
            var curShares = Numbers(name, h, "current", hp);
            if (refShares.Length != curShares.Length) throw Bad(name, hp, "current", $"{refShares.Length} shares (as many as the reference)");
            var edges = h.TryGetProperty("edges", out var e) && e.ValueKind == JsonValueKind.Array ? Numbers(name, h, "edges", hp) : null;
            var keys = h.TryGetProperty("keys", out var k) && k.ValueKind == JsonValueKind.Array ? k.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToArray() : null;
            if (edges is not null && edges.Length != refShares.Length + 1) throw Bad(name, hp, "edges", $"{refShares.Length + 1} edges (bins + 1)");
            if (keys is not null && keys.Length != refShares.Length) throw Bad(name, hp, "keys", $"{refShares.Length} keys (one per bin)");
            histogram = new DriftHistogram(Str(name, h, "binning", hp), edges, keys, refShares, curShares);
        }
        bool? drift = c.TryGetProperty("drift", out var d) && d.ValueKind is JsonValueKind.True or JsonValueKind.False ? d.GetBoolean() : null;
        return new DriftColumn(
            Str(name, c, "column", path), Str(name, c, "type", path), OptStr(c, "role") ?? "feature",
            (int)Num(name, c, "n_reference", path), (int)Num(name, c, "n_current", path),
            test, t is { } k1 ? OptStr(k1, "kind") : null, OptNum(c, "score"), t is { } k2 ? OptNum(k2, "threshold") : null, drift,
            t is { } k3 ? OptStr(k3, "reason") : null, histogram);
    }

    private static DatasetDrift Dataset(string name, JsonElement d, string path)
    {
        bool? drift = d.TryGetProperty("drift", out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
        return new DatasetDrift((int)Num(name, d, "columns", path), (int)Num(name, d, "drifted_columns", path),
            (int)(OptNum(d, "undefined_columns") ?? 0), OptNum(d, "share"), Num(name, d, "threshold", path), drift);
    }

    private static VigilException Bad(string name, string path, string key, string what) => VigilException.BadData($"{name}: {path}.{key}: expected {what}");

    private static JsonElement Obj(string name, JsonElement e, string key, string path) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw Bad(name, path, key, "an object");

    private static JsonElement.ArrayEnumerator Arr(string name, JsonElement e, string key, string path) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw Bad(name, path, key, "an array");

    private static string Str(string name, JsonElement e, string key, string path) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Bad(name, path, key, "a string");

    private static double Num(string name, JsonElement e, string key, string path) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Bad(name, path, key, "a number");

    private static string? OptStr(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? OptNum(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static double[] Numbers(string name, JsonElement e, string key, string path)
    {
        var a = Arr(name, e, key, path);
        var list = new List<double>();
        var i = 0;
        foreach (var x in a)
        {
            if (x.ValueKind != JsonValueKind.Number) throw Bad(name, path, $"{key}[{i}]", "a number");
            list.Add(x.GetDouble());
            i++;
        }
        return [.. list];
    }
}
