using Vigil.Contracts.Drift;

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

/// <summary>What a vigil.drift/v2 document says, as far as the report needs it (docs/drift-json.md).</summary>
public sealed record DriftReportModel(
    string SourceName,
    string ReferencePath,
    int ReferenceRows,
    string CurrentPath,
    int CurrentRows,
    IReadOnlyList<DriftColumn> Columns,
    DatasetDrift Dataset,
    double? DomainClassifierAuroc,
    IReadOnlyList<(string Group, DatasetDrift? Dataset)> ByGroup,
    string? ByColumn);

/// <summary>
/// Reads a vigil.drift/v2 document through the contract's one reader (<see cref="DriftContract"/>) into the report's
/// view; an older (v1) file gets the contract's one line: re-run the command.
/// </summary>
public static class DriftJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = DriftContract.Schema;

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static DriftReportModel ReadFile(string path) => From(DriftContract.Read(path), Path.GetFileName(path));

    /// <summary>Parses the text of a drift document; <paramref name="name"/> names it in errors.</summary>
    public static DriftReportModel Parse(string json, string name) => From(DriftContract.Parse(json, name), name);

    /// <summary>The report's view of a typed drift document (per-group verdicts of the first protected attribute).</summary>
    public static DriftReportModel From(DriftDocument d, string name)
    {
        ArgumentNullException.ThrowIfNull(d);
        var reference = d.Inputs.FirstOrDefault(i => i.Role == "reference_data");
        var current = d.Inputs.FirstOrDefault(i => i.Role == "current_data");
        var first = d.Groups.Count > 0 ? d.Groups[0] : null;
        return new DriftReportModel(name,
            reference?.Path ?? "", (int)(reference?.Rows ?? 0), current?.Path ?? "", (int)(current?.Rows ?? 0),
            d.Columns.Select(Column).ToList(), Dataset(d.DatasetDrift), d.Multivariate?.Auroc.Value,
            first is null ? [] : first.Groups.Select(g => (g.Group, g.DatasetDrift is { } dd ? Dataset(dd) : (DatasetDrift?)null)).ToList(),
            first?.Attribute);
    }

    private static DriftColumn Column(DriftColumnValue c)
    {
        c.Tests.TryGetValue(c.DriftTest, out var t);
        DriftHistogram? histogram = c.Histogram is { } h
            ? new DriftHistogram(h.Binning, h.Edges?.ToArray(), h.Keys?.ToArray(), [.. h.Reference], [.. h.Current])
            : null;
        return new DriftColumn(c.Column, c.Type, c.Role, (int)c.NReference, (int)c.NCurrent, c.DriftTest, t?.Kind, c.Score.Value,
            t?.Threshold, c.DriftDetected, t?.Score.Reason, histogram);
    }

    private static DatasetDrift Dataset(DatasetDriftValue d) =>
        new((int)d.Columns, (int)d.DriftedColumns, (int)d.UndefinedColumns, d.Share.Value, d.Threshold, d.DriftDetected);
}
