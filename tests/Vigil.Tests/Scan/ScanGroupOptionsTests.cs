using System.Globalization;
using System.Text;
using System.Text.Json;
using MathNet.Numerics.Random;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Scan;
using Vigil.Core.Statistics;
using Vigil.Tests.Contracts;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Scan;

/// <summary>scan's --intersections (named cells evaluated as subgroups) and --reference (rate gap to a reference group).</summary>
public sealed class ScanGroupOptionsTests
{
    /// <summary>a (4 levels) × c (5 levels), label Bernoulli(0.5); FNR 0.2, raised to 0.7 in the one cell a=a1 ∧ c=c3.</summary>
    private static AuditData Data()
    {
        const int rows = 4000;
        var rng = new Xoshiro256StarStar(17, threadSafe: false);
        var a = new int[rows];
        var c = new int[rows];
        var y = new byte[rows];
        var p = new byte[rows];
        for (var i = 0; i < rows; i++)
        {
            a[i] = rng.Next(4);
            c[i] = rng.Next(5);
            y[i] = rng.NextDouble() < 0.5 ? (byte)1 : (byte)0;
            var fnr = a[i] == 1 && c[i] == 3 ? 0.7 : 0.2;
            p[i] = y[i] == 1 ? (rng.NextDouble() < fnr ? (byte)0 : (byte)1) : (rng.NextDouble() < 0.1 ? (byte)1 : (byte)0);
        }
        return new AuditData(y, p, null,
        [
            new ProtectedColumn("a", a, ["a0", "a1", "a2", "a3"]),
            new ProtectedColumn("c", c, ["c0", "c1", "c2", "c3", "c4"]),
        ]);
    }

    private static string Csv(AuditData data)
    {
        var sb = new StringBuilder("y,pred,a,c\n");
        for (var i = 0; i < data.Rows; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{data.Labels[i]},{data.Predictions[i]},{data.Attributes[0].Levels[data.Attributes[0].Codes[i]]},{data.Attributes[1].Levels[data.Attributes[1].Codes[i]]}\n");
        return sb.ToString();
    }

    [Fact]
    public void Newcombe_interval_matches_the_published_example()
    {
        // Newcombe (1998), Table II, example (a): 56/70 − 48/80, method 10: 0.0524 to 0.3339.
        var ci = NewcombeInterval.Compute(56, 70, 48, 80)!.Value;
        Assert.Equal(0.0524, ci.Low, 3);
        Assert.Equal(0.3339, ci.High, 3);
    }

    [Fact]
    public void Named_intersection_cells_are_reported_even_when_the_search_stops_at_order_one()
    {
        var data = Data();
        var plain = new ScanOptions { Method = ScanMethod.Exhaustive, MaxOrder = 1, MinSize = 10, Top = 100 };
        var without = ScanEngine.Run(data, plain);
        var with = ScanEngine.Run(data, plain with { Intersections = [["a", "c"]] });

        // The search itself is unchanged: same subgroups, all of order 1.
        Assert.Equal(without.Subgroups.Select(s => (s.Definition, s.AdjustedPValue)), with.Subgroups.Select(s => (s.Definition, s.AdjustedPValue)));
        Assert.All(with.Subgroups, s => Assert.Single(s.Conditions));
        Assert.Empty(without.Intersections);

        // Every one of the 20 cells, the planted one first, scored and tested as a searched subgroup would be.
        Assert.Equal(20, with.Intersections.Count);
        var top = with.Intersections[0];
        Assert.Equal("a=a1 ∧ c=c3", top.Definition);
        var p0 = (double)with.Events / with.Population;
        Assert.Equal(BernoulliScanScore.Score(top.Events, top.Population, p0), top.Score, 12);
        var test = OneSidedProportionTest.Greater(top.Events, top.Population, with.Events - top.Events, with.Population - top.Population)!.Value;
        Assert.Equal(test.PValue, top.PValue!.Value, 15);
        Assert.True(top.AdjustedPValue >= top.PValue && top.Significant);
        Assert.Equal(with.Intersections.Sum(s => s.Rows), data.Rows);
    }

    [Fact]
    public void Mdss_named_cells_get_randomization_p_values_from_the_same_null()
    {
        var result = ScanEngine.Run(Data(), new ScanOptions { MaxOrder = 1, Replicates = 49, Seed = 3, Intersections = [["a", "c"]] });
        var top = result.Intersections[0];
        Assert.Equal("a=a1 ∧ c=c3", top.Definition);
        Assert.Equal("randomization", top.TestMethod);
        Assert.Equal(ScanEngine.PValue(result.NullScores, top.Score), top.PValue);
    }

    [Fact]
    public void Reference_gap_is_the_rate_difference_with_a_newcombe_interval_unless_the_groups_overlap()
    {
        var result = ScanEngine.Run(Data(), new ScanOptions
        {
            Method = ScanMethod.Exhaustive, MaxOrder = 2, MinSize = 10, Top = 100,
            Reference = new Dictionary<string, string> { ["a"] = "a0" },
        });
        var reference = result.Reference!;
        Assert.Equal("a=a0", reference.Definition);
        var refRate = (double)reference.Events / reference.Population;
        var disjoint = result.Subgroups.First(s => s.Definition == "a=a1 ∧ c=c3");
        var gap = disjoint.ReferenceGap!.Value;
        Assert.Equal((double)disjoint.Events / disjoint.Population - refRate, gap.Value!.Value, 12);
        Assert.Equal(NewcombeInterval.Compute(disjoint.Events, disjoint.Population, reference.Events, reference.Population), gap.Ci);
        Assert.True(gap.Ci!.Value.Low > 0);

        var overlapping = result.Subgroups.First(s => s.Conditions.All(c => c.Attribute == "c"));
        var g2 = overlapping.ReferenceGap!.Value;
        Assert.NotNull(g2.Value);
        Assert.Null(g2.Ci);
        Assert.Contains("shares records with the reference group", g2.Reason, StringComparison.Ordinal);

        var error = Assert.Throws<VigilException>(() => ScanEngine.Run(Data(), new ScanOptions { Reference = new Dictionary<string, string> { ["a"] = "a9" }, Replicates = 0 }));
        Assert.Contains("a=a9", error.Message, StringComparison.Ordinal);
        Assert.Null(ScanEngine.Run(Data(), new ScanOptions { Replicates = 0 }).Subgroups[0].ReferenceGap);
    }

    [Fact]
    public void Cli_reports_named_intersections_and_reference_gaps_in_json_and_markdown()
    {
        using var dir = new TempDir();
        var csv = dir.File("scan.csv", Csv(Data()));
        var json = dir.Combine("scan.json");
        var (code, _, err) = CliRunner.Run("scan", "--data", csv, "--label", "y", "--prediction", "pred", "--protected", "a,c",
            "--method", "exhaustive", "--max-order", "1", "--min-size", "10", "--intersections", "a*c", "--reference", "a=a0", "--out", json);
        Assert.True(code == 0, err);
        var text = File.ReadAllText(json);
        ContractSchemas.AssertValid(text);
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.Equal("a*c", root.GetProperty("settings").GetProperty("intersections")[0].GetString());
        Assert.Equal("a0", root.GetProperty("settings").GetProperty("reference").GetProperty("a").GetString());
        Assert.Equal("a=a0", root.GetProperty("reference_group").GetProperty("group").GetString());
        var cells = root.GetProperty("intersections");
        Assert.Equal(20, cells.GetArrayLength());
        Assert.Equal("a=a1 ∧ c=c3", cells[0].GetProperty("definition").GetString());
        Assert.Equal(2, cells[0].GetProperty("reference_gap").GetProperty("ci").GetArrayLength());
        Assert.All(root.GetProperty("subgroups").EnumerateArray(), s => Assert.Equal(1, s.GetProperty("order").GetInt32()));

        // Without the options the document keeps its shape with empty/null values.
        var plain = dir.Combine("plain.json");
        (code, _, err) = CliRunner.Run("scan", "--data", csv, "--label", "y", "--prediction", "pred", "--protected", "a,c",
            "--method", "exhaustive", "--max-order", "1", "--min-size", "10", "--out", plain);
        Assert.True(code == 0, err);
        ContractSchemas.AssertValid(File.ReadAllText(plain));
        using var plainDoc = JsonDocument.Parse(File.ReadAllText(plain));
        Assert.Equal(0, plainDoc.RootElement.GetProperty("intersections").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, plainDoc.RootElement.GetProperty("reference_group").ValueKind);
        Assert.Equal(JsonValueKind.Null, plainDoc.RootElement.GetProperty("subgroups")[0].GetProperty("reference_gap").ValueKind);

        var md = dir.Combine("scan.md");
        (code, _, err) = CliRunner.Run("scan", "--data", csv, "--label", "y", "--prediction", "pred", "--protected", "a,c",
            "--method", "exhaustive", "--max-order", "1", "--min-size", "10", "--intersections", "a*c", "--reference", "a=a0", "--out", md);
        Assert.True(code == 0, err);
        var markdown = File.ReadAllText(md);
        Assert.Contains("## Named intersections", markdown, StringComparison.Ordinal);
        Assert.Contains("gap vs ref", markdown, StringComparison.Ordinal);
        Assert.Contains("Reference group a=a0", markdown, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run("scan", "--data", csv, "--label", "y", "--prediction", "pred", "--protected", "a,c", "--intersections", "a*zip");
        Assert.NotEqual(0, code);
        Assert.Contains("--intersections", err, StringComparison.Ordinal);
    }
}
