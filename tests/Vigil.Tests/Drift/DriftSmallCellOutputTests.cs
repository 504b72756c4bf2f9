using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vigil.Contracts.Drift;
using Vigil.Tests.Contracts;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Drift;

/// <summary>
/// `vigil drift --protected grp` on files with one small group (gamma: 7 reference rows, 8 current rows), one group
/// protecting it (beta: 153 and 147 rows, rounded) and two large groups: the JSON, Markdown and table never show the
/// small group's counts or statistics, the large groups are byte-identical to --min-cell 0, and the document conforms
/// to the published schema.
/// </summary>
public sealed partial class DriftSmallCellOutputTests : IDisposable
{
    private const int GammaReference = 7;
    private const int GammaCurrent = 8;
    private readonly TempDir _dir = new();
    private readonly string _reference;
    private readonly string _current;

    public DriftSmallCellOutputTests()
    {
        _reference = _dir.File("reference.csv", Csv([("alpha", 300), ("beta", 153), ("gamma", GammaReference), ("delta", 250)], seed: 1, shift: 0));
        _current = _dir.File("current.csv", Csv([("alpha", 310), ("beta", 147), ("gamma", GammaCurrent), ("delta", 240)], seed: 2, shift: 0.8));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_small_group_shows_no_count_and_no_statistic_in_the_json()
    {
        var json = Run("json");
        ContractSchemas.AssertValid(json);
        using var doc = JsonDocument.Parse(json);
        var groups = Groups(doc);
        var gamma = groups["gamma"];
        Assert.True(gamma.GetProperty("small_cell").GetBoolean());
        Assert.Equal(JsonValueKind.Null, gamma.GetProperty("reference_rows").ValueKind);
        Assert.Equal(JsonValueKind.Null, gamma.GetProperty("current_rows").ValueKind);
        Assert.Equal(JsonValueKind.Null, gamma.GetProperty("dataset_drift").ValueKind);
        Assert.Empty(gamma.GetProperty("columns").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, gamma.GetProperty("drifted_share").GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, gamma.GetProperty("reference_gap").GetProperty("value").ValueKind);
        Assert.Contains("fewer than 11 reference rows", gamma.GetProperty("suppressed_reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(Numbers(gamma));

        // beta protects gamma: counts rounded to 10 on both sides (its columns' counts too), statistics kept.
        var beta = groups["beta"];
        Assert.True(beta.GetProperty("counts_rounded").GetBoolean());
        Assert.Equal(150, beta.GetProperty("reference_rows").GetInt64());
        Assert.Equal(150, beta.GetProperty("current_rows").GetInt64());
        Assert.All(beta.GetProperty("columns").EnumerateArray(), c =>
        {
            Assert.Equal(0, c.GetProperty("n_reference").GetInt64() % 10);
            Assert.Equal(0, c.GetProperty("n_current").GetInt64() % 10);
        });
        Assert.Equal(JsonValueKind.Number, beta.GetProperty("drifted_share").GetProperty("value").ValueKind);

        // No subtraction gives gamma back: all rows minus every shown group count.
        foreach (var (side, role, small) in new[] { ("reference_rows", "reference_data", GammaReference), ("current_rows", "current_data", GammaCurrent) })
        {
            var total = doc.RootElement.GetProperty("inputs").EnumerateArray().First(i => i.GetProperty("role").GetString() == role).GetProperty("rows").GetInt64();
            var shown = groups.Values.Where(g => g.GetProperty(side).ValueKind == JsonValueKind.Number).Sum(g => g.GetProperty(side).GetInt64());
            Assert.NotEqual(small, total - shown);
        }
    }

    [Fact]
    public void Large_groups_are_byte_identical_to_min_cell_zero()
    {
        using var suppressed = JsonDocument.Parse(Run("json"));
        using var plain = JsonDocument.Parse(Run("json", "--min-cell", "0"));
        var a = Groups(suppressed);
        var b = Groups(plain);
        foreach (var name in new[] { "alpha", "delta" })
        {
            Assert.Equal(JsonValueKind.Null, a[name].GetProperty("suppressed_reason").ValueKind);
            Assert.Equal(b[name].GetRawText(), a[name].GetRawText());
        }
        Assert.Equal(plain.RootElement.GetProperty("columns").GetRawText(), suppressed.RootElement.GetProperty("columns").GetRawText());
        Assert.Equal(plain.RootElement.GetProperty("dataset_drift").GetRawText(), suppressed.RootElement.GetProperty("dataset_drift").GetRawText());
        // With --min-cell 0 nothing is withheld, gamma included.
        Assert.Equal(GammaReference, b["gamma"].GetProperty("reference_rows").GetInt64());
        Assert.All(b.Values, g => Assert.False(g.GetProperty("counts_rounded").GetBoolean()));
    }

    [Fact]
    public void A_v2_document_written_before_the_new_fields_still_conforms_and_reads()
    {
        var node = JsonNode.Parse(Run("json", "--min-cell", "0"))!;
        foreach (var g in node["groups"]![0]!["groups"]!.AsArray())
        {
            g!.AsObject().Remove("suppressed_reason");
            g.AsObject().Remove("counts_rounded");
        }
        var older = node.ToJsonString();
        ContractSchemas.AssertValid(older);
        var read = DriftContract.Parse(older, "older.json");
        Assert.All(read.Groups[0].Groups, g => Assert.Null(g.SuppressedReason));
        Assert.Equal(GammaReference, read.Groups[0].Groups.Single(g => g.Group == "gamma").ReferenceRows);
    }

    [Theory]
    [InlineData("markdown")]
    [InlineData("table")]
    public void Markdown_and_table_show_suppression_text_never_the_small_counts(string format)
    {
        var text = Run(format);
        Assert.Contains("reference group: alpha", text, StringComparison.Ordinal);
        var gammaLines = text.Split('\n').Where(l => l.Contains("gamma", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(gammaLines);
        foreach (var line in gammaLines)
        {
            Assert.Contains("suppressed (<11)", line, StringComparison.Ordinal);
            Assert.False(SmallCount().IsMatch(line), $"{format}: a count of 1-10 next to the small group: {line}");
        }
        // No column table for the small group; beta's title shows rounded counts.
        Assert.DoesNotContain("grp = gamma", text, StringComparison.Ordinal);
        Assert.Contains("grp = beta (≈150 reference rows, ≈150 current rows, counts rounded)", text, StringComparison.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.Contains("beta", StringComparison.Ordinal)))
            Assert.False(line.Contains("153", StringComparison.Ordinal) || line.Contains("147", StringComparison.Ordinal), $"{format}: beta's exact counts: {line}");
        // The large groups keep their exact counts.
        Assert.Contains("grp = alpha (300 reference rows, 310 current rows)", text, StringComparison.Ordinal);
    }

    private string Run(string format, params string[] extra)
    {
        var (code, output, err) = CliRunner.Run([
            "drift", "--reference-data", _reference, "--current-data", _current, "--protected", "grp", "--format", format, .. extra,
        ]);
        Assert.True(code == 0, $"exit {code}: {err}");
        return output;
    }

    private static Dictionary<string, JsonElement> Groups(JsonDocument doc) =>
        doc.RootElement.GetProperty("groups")[0].GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!);

    /// <summary>Every number anywhere inside <paramref name="e"/>.</summary>
    private static List<double> Numbers(JsonElement e)
    {
        var found = new List<double>();
        void Walk(JsonElement x)
        {
            switch (x.ValueKind)
            {
                case JsonValueKind.Number: found.Add(x.GetDouble()); break;
                case JsonValueKind.Object: foreach (var p in x.EnumerateObject()) Walk(p.Value); break;
                case JsonValueKind.Array: foreach (var v in x.EnumerateArray()) Walk(v); break;
            }
        }
        Walk(e);
        return found;
    }

    /// <summary>A CSV with a group column, a numeric and a categorical column, rows grouped as given.</summary>
    private static string Csv(IReadOnlyList<(string Group, int Rows)> groups, int seed, double shift)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("grp,x,y\n");
        foreach (var (group, rows) in groups)
            for (var i = 0; i < rows; i++)
                sb.Append(group).Append(',')
                  .Append((random.NextDouble() * 10 + shift).ToString("0.000", CultureInfo.InvariantCulture)).Append(',')
                  .Append("uvw"[random.Next(3)]).Append('\n');
        return sb.ToString();
    }

    [GeneratedRegex(@"(?<![\d.])(?:[1-9]|10)(?![\d.])")]
    private static partial Regex SmallCount();
}
