using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Tests.Reporting;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Drift;

/// <summary>
/// Drift within groups (`--by COL`) must be exactly a plain drift run on the rows of each group: the reference
/// rows with COL = g against the current rows with COL = g. Comparing a group with all current rows, or with the
/// wrong group, changes the counts and the scores, and this test fails.
/// </summary>
public sealed partial class DriftWithinGroupsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("cat_binary_shift", "num_mean_shift,num_stable_normal,num_scale_shift,cat_shift,cat_stable")]
    [InlineData("cat_stable", "num_mean_shift,num_with_missing,cat_new_level")]
    public void Each_group_equals_a_plain_drift_run_on_the_filtered_files(string by, string columns)
    {
        using var grouped = CliRunner.Json("drift", "--reference-data", DriftFixtures.ReferenceCsv, "--current-data", DriftFixtures.CurrentCsv,
            "--protected", by, "--min-cell", "0", "--columns", columns, "--tests", "all");
        var groups = grouped.RootElement.GetProperty("groups")[0].GetProperty("groups").EnumerateArray().ToList();
        Assert.True(groups.Count >= 2, "expected at least two groups");
        foreach (var g in groups)
        {
            var value = g.GetProperty("group").GetString()!;
            var reference = Filter(DriftFixtures.ReferenceCsv, by, value, $"ref-{value}.csv");
            var current = Filter(DriftFixtures.CurrentCsv, by, value, $"cur-{value}.csv");
            using var plain = CliRunner.Json("drift", "--reference-data", reference, "--current-data", current, "--columns", columns, "--tests", "all");
            var root = plain.RootElement;
            Assert.Equal(Rows(root, "reference_data"), g.GetProperty("reference_rows").GetInt64());
            Assert.Equal(Rows(root, "current_data"), g.GetProperty("current_rows").GetInt64());
            var want = root.GetProperty("columns").EnumerateArray().ToList();
            var got = g.GetProperty("columns").EnumerateArray().ToList();
            Assert.Equal(want.Count, got.Count);
            for (var i = 0; i < want.Count; i++)
            {
                var column = want[i].GetProperty("column").GetString();
                Assert.Equal(column, got[i].GetProperty("column").GetString());
                Assert.Equal(want[i].GetProperty("n_reference").GetInt64(), got[i].GetProperty("n_reference").GetInt64());
                Assert.Equal(want[i].GetProperty("n_current").GetInt64(), got[i].GetProperty("n_current").GetInt64());
                foreach (var test in want[i].GetProperty("tests").EnumerateObject())
                {
                    var a = test.Value.GetProperty("score").GetProperty("value");
                    var b = got[i].GetProperty("tests").GetProperty(test.Name).GetProperty("score").GetProperty("value");
                    Assert.Equal(a.ValueKind, b.ValueKind);
                    if (a.ValueKind == JsonValueKind.Number)
                    {
                        Assert.True(Math.Abs(a.GetDouble() - b.GetDouble()) <= 1e-12 * Math.Max(1, Math.Abs(a.GetDouble())),
                            $"group {by}={value}, {column}, {test.Name}: within-group {b.GetDouble():R}, plain run {a.GetDouble():R}");
                    }
                    Assert.Equal(test.Value.GetProperty("drift_detected").ValueKind, got[i].GetProperty("tests").GetProperty(test.Name).GetProperty("drift_detected").ValueKind);
                }
            }
        }
    }

    /// <summary>README.md's claim about the drift golden tests names the tolerance they use.</summary>
    [Fact]
    public void The_readme_states_the_tolerance_of_the_drift_golden_tests()
    {
        var readme = File.ReadAllText(Path.Combine(ReportRunner.RepoRoot(), "README.md"));
        var m = DriftClaim().Match(readme);
        Assert.True(m.Success, "README.md has no sentence 'Evidently ... drift ... to 1e-N relative'");
        Assert.Equal(DriftFixtures.Tolerance, double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static long Rows(JsonElement root, string role) =>
        root.GetProperty("inputs").EnumerateArray().First(i => i.GetProperty("role").GetString() == role).GetProperty("rows").GetInt64();

    /// <summary>The rows of <paramref name="csv"/> whose <paramref name="column"/> is <paramref name="value"/>, with the header.</summary>
    private string Filter(string csv, string column, string value, string name)
    {
        var lines = File.ReadAllLines(csv);
        var index = Array.IndexOf(lines[0].Split(','), column);
        Assert.True(index >= 0, $"no column {column}");
        var kept = lines.Skip(1).Where(l => l.Split(',')[index] == value);
        return _dir.File(name, string.Join('\n', kept.Prepend(lines[0])) + "\n");
    }

    [GeneratedRegex(@"Evidently[^.]*drift[^.]*to (1e-\d+) relative")]
    private static partial Regex DriftClaim();
}
