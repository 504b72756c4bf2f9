using System.Text.Json;
using Xunit;

namespace Vigil.Tests.Audit;

/// <summary>
/// Compares two vigil.audit/v2 documents of the same rows computed two ways (rows vs summaries, in process vs a
/// database): every count metric to 1e-12, AUROC, AUPRC, Brier and ECE to 1e-4, defined and undefined alike.
/// </summary>
internal static class AuditJsonComparison
{
    public static readonly string[] CountMetrics =
        ["n", "positives", "prevalence", "selection_rate", "sensitivity", "specificity", "fpr", "fnr", "ppv", "npv", "accuracy", "balanced_accuracy", "f1"];

    public static readonly string[] ScoreMetrics = ["auroc", "auprc", "brier", "ece"];

    /// <summary>Overall and every group of <paramref name="attributes"/>; returns how many values were compared.</summary>
    public static int CompareAudits(JsonElement expected, JsonElement actual, IEnumerable<string> attributes, bool withScore = true)
    {
        Assert.Equal(expected.GetProperty("rows").GetInt64(), actual.GetProperty("rows").GetInt64());
        var compared = Compare(expected.GetProperty("overall"), actual.GetProperty("overall"), "overall", withScore);
        foreach (var attribute in attributes)
        {
            var a = Attribute(expected, attribute);
            var b = Attribute(actual, attribute);
            Assert.Equal(a.GetProperty("groups").GetArrayLength(), b.GetProperty("groups").GetArrayLength());
            foreach (var group in a.GetProperty("groups").EnumerateArray())
            {
                var label = group.GetProperty("group").GetString()!;
                var other = b.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == label);
                compared += Compare(group, other, $"{attribute}={label}", withScore);
            }
        }
        return compared;
    }

    /// <summary>The metrics of one group; returns how many defined values were compared.</summary>
    public static int Compare(JsonElement expected, JsonElement actual, string where, bool withScore = true)
    {
        var compared = 0;
        var a = expected.GetProperty("metrics");
        var b = actual.GetProperty("metrics");
        foreach (var name in withScore ? CountMetrics.Concat(ScoreMetrics) : CountMetrics)
        {
            var x = a.GetProperty(name).GetProperty("value");
            var y = b.GetProperty(name).GetProperty("value");
            Assert.True(x.ValueKind == y.ValueKind, $"{where} {name}: {x} vs {y}");
            if (x.ValueKind != JsonValueKind.Number) continue;
            var tolerance = ScoreMetrics.Contains(name) ? 1e-4 : 1e-12;
            Assert.True(Math.Abs(x.GetDouble() - y.GetDouble()) <= tolerance, $"{where} {name}: expected {x.GetDouble()}, got {y.GetDouble()}");
            compared++;
        }
        return compared;
    }

    public static JsonElement Attribute(JsonElement root, string name) =>
        root.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);
}
