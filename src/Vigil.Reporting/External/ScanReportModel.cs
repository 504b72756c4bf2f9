using Vigil.Reporting.Audit;

namespace Vigil.Reporting.External;

/// <summary>One subgroup a vigil scan found (vigil.scan/v1 $.subgroups[]).</summary>
public sealed record ScanSubgroup(int Rank, string Definition, int Rows, int Population, int Events, MetricValue Rate, MetricValue ComplementRate,
    double? PValue, double? AdjustedPValue, bool Significant, bool SmallCell);

/// <summary>What a vigil.scan/v1 document says, as far as the report needs it (docs/scan.md).</summary>
public sealed record ScanReportModel(string SourceName, string Metric, string Method, string Adjustment, double Alpha, int Candidates,
    MetricValue OverallRate, IReadOnlyList<ScanSubgroup> Subgroups);

/// <summary>Reads a vigil.scan/v1 document; anything missing or of the wrong kind is a data error naming the file and JSON path.</summary>
public static class ScanJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = "vigil.scan/v1";

    /// <summary>Reads and checks <paramref name="path"/> (given as --scan).</summary>
    public static ScanReportModel ReadFile(string path) => Parse(JsonFields.ReadText("--scan", path), Path.GetFileName(path));

    /// <summary>Parses the text of a scan; <paramref name="name"/> names it in errors.</summary>
    public static ScanReportModel Parse(string json, string name)
    {
        var f = new JsonFields(name);
        using var doc = f.Parse(json);
        var root = doc.RootElement;
        f.Schema(root, Schema, "vigil scan --format json");
        var settings = f.Obj(root, "settings", "$");
        var overall = f.Obj(root, "overall", "$");
        var search = f.Obj(root, "search", "$");
        var subgroups = new List<ScanSubgroup>();
        var i = 0;
        foreach (var s in f.Arr(root, "subgroups", "$"))
        {
            var p = $"$.subgroups[{i++}]";
            subgroups.Add(new ScanSubgroup(f.Int(s, "rank", p), f.Str(s, "definition", p), f.Int(s, "rows", p), f.Int(s, "population", p), f.Int(s, "events", p),
                f.Metric(s, "rate", p), f.Metric(s, "complement_rate", p), f.OptNum(s, "p_value", p), f.OptNum(s, "adjusted_p_value", p),
                f.Bool(s, "significant", p), f.Bool(s, "small_cell", p)));
        }
        return new ScanReportModel(name, f.Str(settings, "metric", "$.settings"), f.Str(settings, "method", "$.settings"),
            JsonFields.OptStr(settings, "adjustment") ?? "holm", f.Num(settings, "alpha", "$.settings"), f.Int(search, "candidates", "$.search"),
            f.Metric(overall, "rate", "$.overall"), subgroups);
    }
}
