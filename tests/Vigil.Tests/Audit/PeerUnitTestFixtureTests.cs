using System.Text.Json;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Labels;
using Vigil.Tests.TestSupport;
using Xunit;
using static Vigil.Tests.TestSupport.AuditHelpers;

namespace Vigil.Tests.Audit;

/// <summary>
/// Vigil's engine on the small hand-made inputs of Fairlearn 0.12's and AIF360 0.6.1's own unit tests
/// (tests/golden/peers/cases.json: the arrays re-typed, the values the peers' tests assert, the source test named).
/// Every value must match within 1e-9, be undefined on both sides with a reason, or be one of the divergences
/// documented in docs/metrics.md ("Where Vigil differs from Fairlearn, AIF360 and scikit-learn, and why").
/// Labels and predictions go through the one label kernel, so the peers' -1/1 and a/b codings are read as a user's
/// file would be.
/// </summary>
public sealed class PeerUnitTestFixtureTests
{
    private const double Tolerance = 1e-9;

    /// <summary>The documented divergences (docs/metrics.md) a fixture value may carry, and how Vigil answers instead.</summary>
    private static readonly HashSet<string> Divergences = ["undefined_rate_scored_as_0", "equalized_odds_ratio_vacuous_tpr"];

    private static readonly Lazy<JsonDocument> Fixture = new(() => JsonDocument.Parse(File.ReadAllText(TestFiles.Golden("peers/cases.json"))));

    private static IEnumerable<JsonElement> Cases => Fixture.Value.RootElement.GetProperty("cases").EnumerateArray();

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.GetProperty("id").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Each_peer_value_matches_or_is_a_documented_divergence(string id)
    {
        var c = Cases.Single(x => x.GetProperty("id").GetString() == id);
        Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("source").GetString()), "every case names its source test");
        var result = Run(c);
        foreach (var e in c.GetProperty("expected").EnumerateArray())
        {
            var key = e.GetProperty("key").GetString()!;
            var vigil = Resolve(result, key);
            var peer = e.GetProperty("peer");
            var where = $"{id} {key}: Vigil {vigil.Value?.ToString("R") ?? "null"} ({vigil.Reason}), peer {peer}";
            if (e.TryGetProperty("divergence", out var divergence))
            {
                Assert.Contains(divergence.GetString()!, Divergences);
                Assert.True(Verdict(vigil, peer) == Outcome.Differs, $"{where}: marked as a divergence but does not differ");
                Assert.False(string.IsNullOrEmpty(vigil.Reason), $"{where}: a divergence must carry Vigil's reason");
                continue;
            }
            Assert.True(Verdict(vigil, peer) != Outcome.Differs, $"{where}: differs");
            if (!vigil.IsDefined) Assert.False(string.IsNullOrEmpty(vigil.Reason), $"{where}: undefined without a reason");
        }
    }

    /// <summary>The tally reported in docs/metrics.md: a new mismatch or a silently fixed divergence changes it.</summary>
    [Fact]
    public void The_tally_is_the_documented_one()
    {
        int values = 0, match = 0, bothUndefined = 0, divergent = 0;
        foreach (var c in Cases)
        {
            var result = Run(c);
            foreach (var e in c.GetProperty("expected").EnumerateArray())
            {
                values++;
                switch (Verdict(Resolve(result, e.GetProperty("key").GetString()!), e.GetProperty("peer")))
                {
                    case Outcome.Match: match++; break;
                    case Outcome.BothUndefined: bothUndefined++; break;
                    default: divergent++; break;
                }
            }
        }
        Assert.Equal((38, 95, 73, 0, 22), (Cases.Count(), values, match, bothUndefined, divergent));
    }

    private enum Outcome { Match, BothUndefined, Differs }

    private static Outcome Verdict(Metric vigil, JsonElement peer)
    {
        if (peer.ValueKind == JsonValueKind.Null) return vigil.IsDefined ? Outcome.Differs : Outcome.BothUndefined;
        return vigil.Value is double v && Math.Abs(v - peer.GetDouble()) <= Tolerance ? Outcome.Match : Outcome.Differs;
    }

    private static AuditResult Run(JsonElement c)
    {
        var yTrue = Strings(c.GetProperty("y_true"));
        var yPred = Strings(c.GetProperty("y_pred"));
        string? positive = c.TryGetProperty("positive_label", out var p) ? p.GetString() : null;
        var labelLevels = yTrue.Distinct().ToArray();
        var labels = LabelEncoding.Encode(labelLevels, positive, "y_true");
        var predLevels = yPred.Distinct().ToArray();
        var predictions = positive is null && LabelEncoding.IsRecognisedBinary(predLevels)
            ? LabelEncoding.Encode(predLevels, null, "y_pred")
            : LabelEncoding.Encode(predLevels, positive ?? labels.Positive, "y_pred");
        var groups = c.TryGetProperty("groups", out var g) ? Strings(g) : Enumerable.Repeat("all", yTrue.Length).ToArray();
        var data = new AuditData(
            labels.ToBytes(yTrue.Select(v => Array.IndexOf(labelLevels, v)).ToArray()),
            predictions.ToBytes(yPred.Select(v => Array.IndexOf(predLevels, v)).ToArray()),
            null, [Column("g", groups)]);
        var spec = c.TryGetProperty("reference", out var r) ? new GroupingSpec(["g"], [r.GetString()!]) : new GroupingSpec(["g"]);
        return AuditEngine.Run(data, [spec], new AuditOptions());
    }

    /// <summary>"overall.M", "group.LABEL.M", "between.NAME", "to_overall.NAME", "vs_reference.NAME", "inequality.NAME".</summary>
    private static Metric Resolve(AuditResult result, string key)
    {
        var parts = key.Split('.');
        return parts[0] switch
        {
            "overall" => result.Overall[(int)MetricOf(parts[1])],
            "group" => result.Group("g", parts[1])[MetricOf(parts[2])],
            "between" => result.Grouping("g").BetweenGroups.Family(parts[1]),
            "to_overall" => result.Grouping("g").ToOverall.Family(parts[1]),
            "vs_reference" => result.Grouping("g").VsReference.Family(parts[1]),
            "inequality" => result.Inequality.Family(parts[1]),
            _ => throw new ArgumentException($"unknown key {key}"),
        };
    }

    private static GroupMetric MetricOf(string name) =>
        Enum.GetValues<GroupMetric>().Single(m => GroupMetrics.Name(m) == name);

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(v => v.GetString()!).ToArray();
}
