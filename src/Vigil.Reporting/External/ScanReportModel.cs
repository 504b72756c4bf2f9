using Vigil.Contracts.Scan;
using Vigil.Reporting.Audit;

namespace Vigil.Reporting.External;

/// <summary>One subgroup a vigil scan found (vigil.scan/v2 $.subgroups[]).</summary>
public sealed record ScanSubgroup(int Rank, string Definition, int Rows, int Population, int Events, MetricValue Rate, MetricValue ComplementRate,
    double? PValue, double? AdjustedPValue, bool Significant, bool SmallCell);

/// <summary>What a vigil.scan/v2 document says, as far as the report needs it (docs/scan.md).</summary>
public sealed record ScanReportModel(string SourceName, string Metric, string Method, string Adjustment, double Alpha, int Candidates,
    MetricValue OverallRate, IReadOnlyList<ScanSubgroup> Subgroups);

/// <summary>Reads a vigil.scan/v2 document through its contract (one reader per format: src/Vigil.Contracts/Scan).</summary>
public static class ScanJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = ScanContract.Schema;

    /// <summary>Reads and checks <paramref name="path"/> (given as --scan).</summary>
    public static ScanReportModel ReadFile(string path) => From(ScanContract.Read(path), Path.GetFileName(path));

    /// <summary>Parses the text of a scan; <paramref name="name"/> names it in errors.</summary>
    public static ScanReportModel Parse(string json, string name) => From(ScanContract.Parse(json, name), name);

    /// <summary>The report's view of a typed scan document.</summary>
    public static ScanReportModel From(ScanDocument d, string name)
    {
        ArgumentNullException.ThrowIfNull(d);
        var subgroups = d.Subgroups.Select(s => new ScanSubgroup(s.Rank, s.Definition, (int)s.Rows, (int)s.Population, (int)s.Events,
            AuditJsonReader.Metric(s.Rate), AuditJsonReader.Metric(s.ComplementRate), s.PValue, s.PValueAdjusted, s.Significant, s.SmallCell)).ToList();
        return new ScanReportModel(name, d.Settings.Metric, d.Settings.Method, d.Settings.Adjustment ?? "holm", d.Settings.Alpha,
            (int)d.Search.Candidates, AuditJsonReader.Metric(d.Overall.Rate), subgroups);
    }
}
