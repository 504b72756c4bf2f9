using System.Globalization;
using Vigil.Core.Drift;

namespace Vigil.Cli.Output;

/// <summary>Number and verdict formatting shared by the table and Markdown renderings.</summary>
internal static class DriftTextFormat
{
    public static string Score(double? value) => value switch
    {
        null => "undefined",
        { } v when v != 0 && Math.Abs(v) < 1e-4 => v.ToString("0.00e+0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    public static string Verdict(bool? drift) => drift switch
    {
        true => "DRIFT",
        false => "no drift",
        null => "undefined",
    };

    public static string Type(ColumnType type) => type == ColumnType.Numerical ? "numerical" : "categorical";

    public static string Threshold(TestOutcome t) =>
        (t.Kind == ScoreKind.PValue ? "p < " : "d >= ") + t.Threshold.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Share(DatasetDrift d) =>
        d.Share is { } s
            ? $"{d.DriftedColumns} of {d.Columns} columns drifted (share {s.ToString("0.000", CultureInfo.InvariantCulture)}, threshold {d.Threshold.ToString("0.###", CultureInfo.InvariantCulture)}): {(d.Drift == true ? "DATASET DRIFT" : "no dataset drift")}"
            : "no column has a defined verdict";

    public static string Alarms(Core.Drift.Sequential.DetectorRun d) =>
        d.Alarms.Count == 0 ? "none" : $"{d.Alarms.Count} (first at observation {d.Alarms[0]})";

    public static string Arl0(Core.Drift.Sequential.RunLengthEstimate a) =>
        a.Censored == a.Runs
            ? $"> {a.MaxLength} (no alarm in {a.Runs} runs)"
            : $"{a.Mean.ToString("0", CultureInfo.InvariantCulture)} (median {a.Median.ToString("0", CultureInfo.InvariantCulture)}, {a.Censored} of {a.Runs} runs censored at {a.MaxLength})";

    public static string OtherTests(ColumnDrift c) =>
        string.Join(", ", c.Tests.Where(t => t.Test != c.DriftTest).Select(t => $"{t.Test} {Score(t.Score)}{(t.Drift == true ? "*" : "")}"));
}
