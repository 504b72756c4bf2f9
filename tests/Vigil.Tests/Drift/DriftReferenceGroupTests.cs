using System.Text.Json;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Drift;

/// <summary>
/// The drift disparity (issue #11) through the command line on the drift fixtures: each group's share of drifted
/// columns and its gap to the reference group (--reference, default the group with the most current rows).
/// </summary>
public sealed class DriftReferenceGroupTests
{
    private const string By = "cat_stable";

    /// <summary>Drift within the groups of <see cref="By"/>; no small cells unless <paramref name="extra"/> sets --min-cell.</summary>
    private static JsonDocument Drift(params string[] extra) =>
        CliRunner.Json([
            "drift", "--reference-data", DriftFixtures.ReferenceCsv, "--current-data", DriftFixtures.CurrentCsv,
            "--protected", By, .. extra.Contains("--min-cell") ? extra : [.. extra, "--min-cell", "0"],
        ]);

    private static JsonElement Grouping(JsonDocument doc, int index = 0) => doc.RootElement.GetProperty("groups")[index];

    private static Dictionary<string, JsonElement> Groups(JsonElement grouping) =>
        grouping.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!);

    private static double Value(JsonElement g, string metric) => g.GetProperty(metric).GetProperty("value").GetDouble();

    [Fact]
    public void The_default_reference_is_the_group_with_most_current_rows_and_its_own_gap_is_zero()
    {
        using var doc = Drift();
        var grouping = Grouping(doc);
        var groups = Groups(grouping);
        var largest = groups.Values.OrderByDescending(g => g.GetProperty("current_rows").GetInt64()).First().GetProperty("group").GetString()!;
        Assert.Equal(largest, grouping.GetProperty("reference_group").GetString());
        Assert.Empty(doc.RootElement.GetProperty("settings").GetProperty("reference").EnumerateObject());
        Assert.Equal(0.0, Value(groups[largest], "reference_gap"));
        var referenceShare = Value(groups[largest], "drifted_share");
        foreach (var g in groups.Values)
        {
            // The share is the group's own dataset share; the gap is that share minus the reference group's.
            Assert.Equal(g.GetProperty("dataset_drift").GetProperty("share").GetProperty("value").GetDouble(), Value(g, "drifted_share"));
            Assert.Equal(JsonValueKind.Null, g.GetProperty("drifted_share").GetProperty("ci").ValueKind);
            Assert.False(string.IsNullOrEmpty(g.GetProperty("drifted_share").GetProperty("reason").GetString()));
            Assert.Equal(Value(g, "drifted_share") - referenceShare, Value(g, "reference_gap"));
        }
        Assert.Contains(groups.Values, g => Value(g, "reference_gap") != 0);
    }

    [Fact]
    public void A_named_reference_is_recorded_and_reverses_the_sign_of_the_gaps()
    {
        using var byDefault = Drift();
        var defaultReference = Grouping(byDefault).GetProperty("reference_group").GetString()!;
        var defaults = Groups(Grouping(byDefault));
        // A group whose share differs from the default reference's, so the gap has a sign to reverse.
        var other = defaults.Values.First(g => Value(g, "reference_gap") != 0).GetProperty("group").GetString()!;
        using var named = Drift("--reference", $"{By}={other}");
        Assert.Equal(other, Grouping(named).GetProperty("reference_group").GetString());
        Assert.Equal(other, named.RootElement.GetProperty("settings").GetProperty("reference").GetProperty(By).GetString());
        var groups = Groups(Grouping(named));
        Assert.Equal(0.0, Value(groups[other], "reference_gap"));
        Assert.Equal(-Value(defaults[other], "reference_gap"), Value(groups[defaultReference], "reference_gap"));
        Assert.NotEqual(Math.Sign(Value(defaults[other], "reference_gap")), Math.Sign(Value(groups[defaultReference], "reference_gap")));
    }

    [Fact]
    public void An_unknown_reference_level_is_a_one_line_error_listing_the_groups()
    {
        var (code, output, err) = CliRunner.Run("drift", "--reference-data", DriftFixtures.ReferenceCsv, "--current-data", DriftFixtures.CurrentCsv,
            "--protected", By, "--reference", $"{By}=zzz");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--reference", line, StringComparison.Ordinal);
        Assert.Contains($"{By}=zzz", line, StringComparison.Ordinal);
        Assert.Contains("groups: a, b, c, d, e", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_cells_keep_their_share_and_get_null_gaps_with_a_reason()
    {
        using var doc = Drift("--min-cell", "1000");
        var grouping = Grouping(doc);
        var reference = grouping.GetProperty("reference_group").GetString()!;
        var groups = Groups(grouping);
        Assert.False(groups[reference].GetProperty("small_cell").GetBoolean());
        Assert.Equal(0.0, Value(groups[reference], "reference_gap"));
        var small = groups.Values.Where(g => g.GetProperty("small_cell").GetBoolean()).ToList();
        Assert.NotEmpty(small);
        foreach (var g in small)
        {
            Assert.Equal(JsonValueKind.Number, g.GetProperty("drifted_share").GetProperty("value").ValueKind);
            Assert.Equal(JsonValueKind.Null, g.GetProperty("reference_gap").GetProperty("value").ValueKind);
            Assert.Contains("small cell", g.GetProperty("reference_gap").GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        // A small reference group leaves every gap undefined, its own included.
        var smallest = small.OrderBy(g => g.GetProperty("current_rows").GetInt64()).First().GetProperty("group").GetString()!;
        using var smallReference = Drift("--min-cell", "1000", "--reference", $"{By}={smallest}");
        foreach (var g in Groups(Grouping(smallReference)).Values)
        {
            Assert.Equal(JsonValueKind.Null, g.GetProperty("reference_gap").GetProperty("value").ValueKind);
            Assert.Contains("small cell", g.GetProperty("reference_gap").GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_intersection_takes_its_reference_from_the_named_attribute_levels()
    {
        using var doc = Drift("--protected", "cat_binary_shift", "--intersections", $"{By}*cat_binary_shift", "--reference", $"{By}=b");
        var intersection = doc.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("attribute").GetString() == $"{By}*cat_binary_shift");
        var reference = intersection.GetProperty("reference_group").GetString()!;
        Assert.StartsWith("b*", reference, StringComparison.Ordinal);
        var candidates = Groups(intersection).Values.Where(g => g.GetProperty("group").GetString()!.StartsWith("b*", StringComparison.Ordinal));
        Assert.Equal(candidates.Max(g => g.GetProperty("current_rows").GetInt64()), Groups(intersection)[reference].GetProperty("current_rows").GetInt64());
    }

    [Fact]
    public void The_reference_changes_no_drift_number()
    {
        // The grouped runs do not compare the protected column, so the plain run leaves it out too.
        var others = File.ReadLines(DriftFixtures.ReferenceCsv).First().Split(',').Where(c => c != By);
        using var plain = CliRunner.Json("drift", "--reference-data", DriftFixtures.ReferenceCsv, "--current-data", DriftFixtures.CurrentCsv,
            "--columns", string.Join(',', others));
        using var byDefault = Drift();
        using var named = Drift("--reference", $"{By}=e");
        foreach (var section in new[] { "columns", "dataset_drift" })
            Assert.Equal(plain.RootElement.GetProperty(section).GetRawText(), named.RootElement.GetProperty(section).GetRawText());
        var a = Groups(Grouping(byDefault));
        var b = Groups(Grouping(named));
        Assert.Equal(a.Keys, b.Keys);
        foreach (var (name, g) in a)
            foreach (var field in new[] { "reference_rows", "current_rows", "small_cell", "columns", "dataset_drift", "drifted_share" })
                Assert.Equal(g.GetProperty(field).GetRawText(), b[name].GetProperty(field).GetRawText());
    }
}
