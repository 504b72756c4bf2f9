using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Reference;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Monitoring.Reference;

/// <summary>A reference profile from a small labelled CSV, checked by hand.</summary>
public sealed class ReferenceProfileBuilderTests
{
    // 10 rows: label, score, sex, age (banded <45, 45-64, >=65), lactate (one missing).
    private const string Csv = """
        outcome,risk,sex,age,lactate
        yes,0.9,F,70,4.1
        no,0.2,F,30,1.0
        yes,0.4,M,50,2.5
        no,0.6,M,66,
        no,0.1,F,40,0.8
        yes,0.7,M,80,3.3
        no,0.3,F,55,1.2
        no,0.05,M,20,0.9
        yes,0.2,F,60,2.0
        no,0.55,M,47,1.5
        """;

    [Fact]
    public void Profile_holds_group_counts_bins_and_prevalence()
    {
        using var dir = new TempDir();
        var file = dir.File("reference.csv", Csv + "\n");
        ProtectedSpec[] specs = [new("sex", null, null), new("age", [45, 65], null)];
        var p = ReferenceProfileBuilder.Build(file, new ReferenceColumns("outcome", "risk"), specs, ["lactate"], 0.5);
        Assert.Equal(10, p.Rows);
        Assert.Equal(0.4, p.Prevalence, 12);
        // threshold 0.5: positives 0.9 (TP), 0.4 (FN), 0.7 (TP), 0.2 (FN); negatives 0.6 and 0.55 are FP.
        var overall = p.Groups[0];
        Assert.Equal((null, "overall", 4L, 2L, 2L, 2L), (overall.Attribute, overall.Level, overall.Tn, overall.Fp, overall.Fn, overall.Tp));
        Assert.Equal(4.0, overall.ScoreSum, 12);
        var f = p.Groups.Single(g => g.Attribute == "sex" && g.Level == "F");
        Assert.Equal((3L, 0L, 1L, 1L), (f.Tn, f.Fp, f.Fn, f.Tp));
        Assert.Equal(["overall", "F", "M", "<45", "45-64", ">=65"], p.Groups.Select(g => g.Level));
        var old = p.Groups.Single(g => g.Level == ">=65");
        Assert.Equal((0L, 1L, 0L, 2L), (old.Tn, old.Fp, old.Fn, old.Tp));
        var lactate = Assert.Single(p.Features);
        Assert.Equal("lactate", lactate.Name);
        Assert.Equal(0.1, lactate.MissingShare, 12);
        // 9 values sorted: 0.8 0.9 1.0 1.2 1.5 2.0 2.5 3.3 4.1; decile k at index floor(9k/10): 0,1,2,3,4,5,6,7,8 → edges above the minimum.
        Assert.Equal([0.9, 1.0, 1.2, 1.5, 2.0, 2.5, 3.3, 4.1], lactate.Edges);
        Assert.Equal(9, lactate.Shares.Count);
        Assert.All(lactate.Shares, s => Assert.Equal(1 / 9.0, s, 12));
        Assert.Equal("score", p.Score.Name);
        Assert.Equal(1.0, p.Score.Shares.Sum(), 12);
        Assert.Equal(0, p.Score.MissingShare);
    }

    [Fact]
    public void A_constant_feature_has_one_bin()
    {
        var bins = ReferenceProfileBuilder.BinsOf("flag", [1, 1, 1, double.NaN]);
        Assert.Empty(bins.Edges);
        Assert.Equal([1.0], bins.Shares);
        Assert.Equal(0.25, bins.MissingShare);
    }
}
