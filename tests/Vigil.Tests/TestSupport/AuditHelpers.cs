using System.Text.Json;
using Vigil.Cli;
using Vigil.Core;
using Vigil.Core.Audit;

namespace Vigil.Tests.TestSupport;

/// <summary>Builds small in-memory audits and looks up their results.</summary>
internal static class AuditHelpers
{
    /// <summary>A protected column from raw values; levels in ordinal order.</summary>
    public static ProtectedColumn Column(string name, params string[] values)
    {
        var levels = values.Distinct().OrderBy(v => v, StringComparer.Ordinal).ToArray();
        var codes = values.Select(v => Array.IndexOf(levels, v)).ToArray();
        return new ProtectedColumn(name, codes, levels);
    }

    public static AuditData Rows(int[] labels, int[] predictions, double[]? scores, params ProtectedColumn[] attributes) =>
        new(labels.Select(l => (byte)l).ToArray(), predictions.Select(p => (byte)p).ToArray(), scores, attributes);

    /// <summary>Predictions from scores at threshold 0.5.</summary>
    public static AuditData Scored(int[] labels, double[] scores, params ProtectedColumn[] attributes) =>
        Rows(labels, scores.Select(s => s >= 0.5 ? 1 : 0).ToArray(), scores, attributes);

    public static AuditResult Run(AuditData data, params GroupingSpec[] groupings) =>
        AuditEngine.Run(data, groupings, new AuditOptions { Threshold = 0.5 });

    public static GroupingSpec By(params string[] attributes) => new(attributes);

    public static GroupingResult Grouping(this AuditResult result, string name) =>
        result.Groupings.Single(g => g.Name == name);

    public static GroupResult Group(this AuditResult result, string grouping, string label) =>
        result.Grouping(grouping).Groups.Single(g => g.Key.Label == label);

    public static Metric Family(this IReadOnlyList<NamedMetric> family, string name) => family.Single(m => m.Name == name).Metric;

    /// <summary>A defined value (fails the test if undefined).</summary>
    public static double Value(this Metric m) =>
        m.Value ?? throw new Xunit.Sdk.XunitException($"expected a defined metric, got undefined ({m.Reason})");
}

/// <summary>Runs the real command line in-process.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = VigilApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static JsonDocument Json(params string[] args)
    {
        var (code, output, err) = Run([.. args, "--format", "json"]);
        Xunit.Assert.True(code == 0, $"exit {code}: {err}");
        return JsonDocument.Parse(output);
    }
}

/// <summary>Paths of the files copied next to the test assembly.</summary>
internal static class TestFiles
{
    public static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "golden", name);

    public static string Heart => Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "heart-cleveland.csv");
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vigil-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, string content)
    {
        var p = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(p, content);
        return p;
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class JsonExtensions
{
    /// <summary>The grouping object named <paramref name="name"/> in a vigil.audit/v1 document.</summary>
    public static JsonElement Attribute(this JsonDocument doc, string name) =>
        doc.RootElement.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);

    public static JsonElement GroupOf(this JsonElement attribute, string label) =>
        attribute.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == label);

    /// <summary>"value" of a METRIC object, null when undefined.</summary>
    public static double? MetricValue(this JsonElement metric)
    {
        var v = metric.GetProperty("value");
        return v.ValueKind == JsonValueKind.Null ? null : v.GetDouble();
    }
}
