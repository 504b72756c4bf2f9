using Vigil.Application;
using Vigil.Application.Mitigation;
using Vigil.Application.Validation;
using Vigil.Contracts.Mitigation;
using Vigil.Contracts.Validation;
using Vigil.Data;
using Vigil.Tests.Models;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Application;

/// <summary>
/// validate and mitigate take the five group options (issue #11): intersections add their groups to validate's
/// per-site tables under the same small-cell rule, --reference sets the group the differences are measured against,
/// and mitigate records the one intersection its sensitive feature is.
/// </summary>
public class GroupSelectionValidateMitigateTests
{
    private static string Sites => Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites", "heart-4sites.csv");

    private static string[] ValidateArgs(string outDir, params string[] extra) =>
    [
        "validate", "--data", Sites, "--site", "site", "--train-site", "cleveland", "--label", "disease",
        "--features", TrainedHeartFixture.Features, "--categorical", TrainedHeartFixture.Categorical, "--threshold", "youden",
        "--protected", "sex,age", "--bands", "age=45,65", "--bootstrap", "0", "--out", outDir, .. extra,
    ];

    private static ValidationDocument Validate(TempDir dir, string name, params string[] extra)
    {
        var cli = CliRunner.Run(ValidateArgs(dir.Combine(name), extra));
        Assert.True(cli.Code == 0, cli.Err);
        var json = File.ReadAllText(dir.Combine(name + "/validation.json"));
        ModelContractSchemas.AssertValid(ValidationContract.Schema, json);
        return ValidationContract.Read(dir.Combine(name + "/validation.json"));
    }

    [Fact]
    public void Intersections_add_their_groups_at_every_site_flagged_and_suppressed_as_small_cells()
    {
        using var dir = new TempDir();
        var plain = Validate(dir, "plain");
        var crossed = Validate(dir, "crossed", "--intersections", "sex*age");

        Assert.Equal(["sex*age"], crossed.Settings.Intersections);
        foreach (var (p, c) in plain.Sites.Zip(crossed.Sites))
        {
            // The single-attribute rows are the ones written without intersections, number for number.
            Assert.Equal(p.Fairness["sex"].Select(g => (g.Group, g.N, g.Fnr.Value)), c.Fairness["sex"].Select(g => (g.Group, g.N, g.Fnr.Value)));
            Assert.Equal(p.Fairness["age"].Select(g => (g.Group, g.N, g.Fnr.Value)), c.Fairness["age"].Select(g => (g.Group, g.N, g.Fnr.Value)));
            var cells = c.Fairness["sex*age"];
            // Every row of the site falls in exactly one intersection group; each group is a sex and an age band.
            Assert.Equal(c.Performance.N, cells.Sum(g => g.N));
            Assert.All(cells, g => Assert.Equal(2, g.Group.Split('*').Length));
            Assert.All(cells, g => Assert.Equal(g.N < 11, g.SmallCell));
        }
        // The data has intersection groups under 11 rows (women at the external sites), so the rule is exercised.
        var small = crossed.Sites.SelectMany(s => s.Fairness["sex*age"].Select(g => (s.Site, g))).Where(x => x.g.N is > 0 and < 11).ToList();
        Assert.NotEmpty(small);

        // Shareable Markdown: the intersection has its own table, and no small group's count is printed.
        var md = File.ReadAllText(dir.Combine("crossed/validation.md"));
        Assert.Contains("## False negative rate by sex*age", md);
        var table = md[md.IndexOf("## False negative rate by sex*age", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\nFNR =", StringComparison.Ordinal)];
        foreach (var (_, g) in small)
            Assert.DoesNotContain($"/{g.N}]", table.Split('\n').Single(l => l.StartsWith($"| {g.Group} |", StringComparison.Ordinal)));

        // --min-cell 0 flags none of them.
        var open = Validate(dir, "open", "--intersections", "sex*age", "--min-cell", "0");
        Assert.All(open.Sites.SelectMany(s => s.Fairness["sex*age"]), g => Assert.False(g.SmallCell));
    }

    [Fact]
    public void Reference_sets_the_group_the_differences_are_against_and_flips_their_sign()
    {
        using var dir = new TempDir();
        var byDefault = Validate(dir, "default");
        var female = Validate(dir, "female", "--reference", "sex=F");
        var male = Validate(dir, "male", "--reference", "sex=M");

        Assert.Equal("F", female.Settings.Reference["sex"]);
        Assert.Empty(byDefault.Settings.Reference);
        var cleveland = (Default: byDefault.Sites[0], F: female.Sites[0], M: male.Sites[0]);
        // The default is the largest group: men at Cleveland.
        Assert.All(cleveland.Default.Fairness["sex"], g => Assert.Equal("M", g.ReferenceGroup));
        Assert.All(cleveland.F.Fairness["sex"], g => Assert.Equal("F", g.ReferenceGroup));
        var menVsWomen = cleveland.F.Fairness["sex"].Single(g => g.Group == "M");
        var womenVsMen = cleveland.M.Fairness["sex"].Single(g => g.Group == "F");
        Assert.NotNull(menVsWomen.FalseNegativeRateDifference!.Value);
        Assert.Equal(-menVsWomen.FalseNegativeRateDifference.Value!.Value, womenVsMen.FalseNegativeRateDifference!.Value!.Value, 12);
        Assert.Equal(-menVsWomen.FalsePositiveRateDifference!.Value!.Value, womenVsMen.FalsePositiveRateDifference!.Value!.Value, 12);
        // The difference is the two rates' difference, and the reference group has none, with the reason.
        var women = cleveland.M.Fairness["sex"].Single(g => g.Group == "F");
        var men = cleveland.M.Fairness["sex"].Single(g => g.Group == "M");
        Assert.Equal(women.Fnr.Value!.Value - men.Fnr.Value!.Value, womenVsMen.FalseNegativeRateDifference.Value!.Value, 12);
        Assert.Null(men.FalseNegativeRateDifference!.Value);
        Assert.Equal("reference group", men.FalseNegativeRateDifference.Reason);
        // The rates themselves do not depend on the reference.
        Assert.Equal(cleveland.Default.Fairness["sex"].Select(g => g.Fnr.Value), cleveland.F.Fairness["sex"].Select(g => g.Fnr.Value));
        Assert.Equal(byDefault.Sites.Select(s => s.Performance.Auroc.Value), female.Sites.Select(s => s.Performance.Auroc.Value));
    }

    [Fact]
    public void Validate_refuses_a_reference_group_the_data_does_not_have_and_an_intersection_of_unprotected_columns()
    {
        using var dir = new TempDir();
        var bad = CliRunner.Run(ValidateArgs(dir.Combine("bad"), "--reference", "sex=X"));
        Assert.Equal(2, bad.Code);
        Assert.Contains("--reference sex=X: no such group", bad.Err);
        var cross = CliRunner.Run(ValidateArgs(dir.Combine("cross"), "--intersections", "sex*cp"));
        Assert.Equal(2, cross.Code);
        Assert.Contains("--intersections 'sex*cp': 'cp' is not among the protected attributes", cross.Err);
    }

    [Fact]
    public void The_validate_job_takes_intersections_and_references_as_the_cli_does()
    {
        using var dir = new TempDir();
        var cli = CliRunner.Run(ValidateArgs(dir.Combine("cli"), "--intersections", "sex*age", "--reference", "sex=F"));
        Assert.True(cli.Code == 0, cli.Err);
        var learner = new Vigil.Application.Models.LearnerOptions("disease", null, TrainedHeartFixture.Features.Split(','),
            TrainedHeartFixture.Categorical.Split(','), "logistic", 5, 20240601, "youden");
        var options = new ValidateOptions(Sites, "site", "cleveland", null, [], learner, ["sex", "age"], [Bands.Parse("age=45,65")], 0, 11,
            dir.Combine("job"), ["sex*age"], new Dictionary<string, string> { ["sex"] = "F" });
        ValidateJob.Run(options, NoProgress.Instance);
        Assert.Equal(File.ReadAllText(dir.Combine("cli/validation.json")), File.ReadAllText(dir.Combine("job/validation.json")));
        Assert.Equal(File.ReadAllText(dir.Combine("cli/validation.md")), File.ReadAllText(dir.Combine("job/validation.md")));
    }

    private static string[] MitigateArgs(string outDir, params string[] extra) =>
    [
        "mitigate", "--method", "threshold-optimizer", "--data", Vigil.Tests.Mitigation.MitigationFixture.CsvPath, "--label", "y_true",
        "--score", "y_score", "--constraint", "equalized_odds", "--out", outDir, .. extra,
    ];

    [Fact]
    public void Mitigate_takes_the_intersection_of_its_protected_attributes_as_its_sensitive_feature()
    {
        using var dir = new TempDir();
        var implicitly = CliRunner.Run(MitigateArgs(dir.Combine("implicit"), "--protected", "sex,race"));
        Assert.True(implicitly.Code == 0, implicitly.Err);
        var named = CliRunner.Run(MitigateArgs(dir.Combine("named"), "--protected", "sex,race", "--intersections", "race*sex"));
        Assert.True(named.Code == 0, named.Err);
        var json = File.ReadAllText(dir.Combine("named/mitigation.json"));
        ModelContractSchemas.AssertValid(MitigationContract.Schema, json);
        var a = MitigationContract.Read(dir.Combine("implicit/mitigation.json"));
        var b = MitigationContract.Read(dir.Combine("named/mitigation.json"));
        Assert.Empty(a.Settings.Intersections);
        Assert.Equal(["race*sex"], b.Settings.Intersections);
        // The same eight sex*race groups, and the same before/after numbers: naming the intersection only says it out loud.
        Assert.Equal(8, b.Groups.Count);
        Assert.All(b.Groups, g => Assert.Contains('*', g.Group));
        Assert.Equal(a.Groups.Select(g => (g.Group, g.N)), b.Groups.Select(g => (g.Group, g.N)));
        Assert.Equal(a.TargetedDisparity.After.Value, b.TargetedDisparity.After.Value);
        Assert.Equal(File.ReadAllText(dir.Combine("implicit/mitigated.csv")), File.ReadAllText(dir.Combine("named/mitigated.csv")));
    }

    [Fact]
    public void Mitigate_refuses_an_intersection_that_is_not_its_sensitive_feature()
    {
        using var dir = new TempDir();
        var partial = CliRunner.Run(MitigateArgs(dir.Combine("p"), "--protected", "sex,race,age_band", "--intersections", "sex*race"));
        Assert.Equal(2, partial.Code);
        Assert.Contains("--intersections 'sex*race': the mitigation's sensitive feature is the intersection of every protected attribute (sex*race*age_band)", partial.Err);
        var two = CliRunner.Run(MitigateArgs(dir.Combine("t"), "--protected", "sex,race", "--intersections", "sex*race", "--intersections", "race*sex"));
        Assert.Equal(2, two.Code);
        Assert.Contains("name one intersection", two.Err);
    }
}
