using System.Text.Json;
using Vigil.Tests.Reporting;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Governance;

/// <summary>
/// `vigil plan-study --protocol`: the prospective validation study protocol for the heart example's 65+ band, compared
/// byte for byte with tests/golden/protocol/heart-study-protocol.md (VIGIL_WRITE_GOLDEN=1 rewrites it), and its sample
/// sizes checked against plan-study's own JSON (the protocol reuses the plan, never recomputes it).
/// </summary>
public sealed class StudyProtocolTests : IDisposable
{
    private readonly TempDir _tmp = new();

    private string HeartAudit()
    {
        var path = _tmp.Combine("heart-audit.json");
        ReportRunner.Audit(TestFiles.Heart, path, "--protected", "sex,age", "--bands", "age=45,65");
        return path;
    }

    private (int Code, string Err, string Protocol, string PlanJson) Plan(string audit, params string[] extra)
    {
        var protocol = _tmp.Combine("study-protocol.md");
        var json = _tmp.Combine("plan.json");
        var (code, _, err) = CliRunner.Run(["plan-study", "--groups-from", audit, "--width", "0.1", "--gap", "0.1", "--format", "json", "--out", json,
            "--protocol", protocol, .. extra]);
        return (code, err, File.Exists(protocol) ? File.ReadAllText(protocol) : "", File.Exists(json) ? File.ReadAllText(json) : "");
    }

    [Fact]
    public void The_heart_protocol_for_the_65_plus_band_matches_the_golden_file()
    {
        var (code, err, protocol, planJson) = Plan(HeartAudit(), "--group", "age=>=65", "--volume", "2000", "--window-hours", "720", "--label-delay-hours", "48");
        Assert.True(code == 0, err);
        var golden = Path.Combine(ReportRunner.RepoRoot(), "tests", "golden", "protocol", "heart-study-protocol.md");
        if (Environment.GetEnvironmentVariable("VIGIL_WRITE_GOLDEN") == "1") File.WriteAllText(golden, protocol);
        Assert.Equal(File.ReadAllText(golden), protocol);

        // The sample sizes are plan-study's: the 65+ row quotes its precision and gap plans.
        using var plan = JsonDocument.Parse(planJson);
        var over65 = plan.RootElement.GetProperty("groups").EnumerateArray()
            .Single(g => g.GetProperty("attribute").GetString() == "age" && g.GetProperty("group").GetString() == ">=65");
        var precision = over65.GetProperty("precision");
        var gap = over65.GetProperty("gap").GetProperty("continuity_corrected");
        var row = protocol.Split('\n').Single(l => l.StartsWith("| age = >=65 |", StringComparison.Ordinal));
        Assert.Contains($"| {precision.GetProperty("cases").GetInt64()} | {precision.GetProperty("patients").GetInt64():#,0} |", row, StringComparison.Ordinal);
        Assert.Contains($"| {gap.GetProperty("positives_group2").GetInt64():#,0} | {gap.GetProperty("patients_group2").GetInt64():#,0} |", row, StringComparison.Ordinal);
        // What the section headings promise is there.
        foreach (var heading in new[] { "## 2. Site", "## 3. Design: silent mode", "## 4. Inclusion and exclusion criteria", "## 5. Endpoints",
                     "## 6. Follow-up for delayed outcomes", "## 7. Sample size per group", "## 8. Analysis plan", "## 9. Stopping rules" })
            Assert.Contains(heading, protocol, StringComparison.Ordinal);
        Assert.Contains("Newcombe", protocol, StringComparison.Ordinal);
        Assert.Contains("720 hours (30 days)", protocol, StringComparison.Ordinal);
    }

    [Fact]
    public void The_external_site_where_the_group_is_the_largest_share_is_the_study_site()
    {
        var audit = HeartAudit();
        var validation = _tmp.Combine("validation");
        var (vcode, _, verr) = CliRunner.Run("validate", "--data", Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites", "heart-4sites.csv"),
            "--site", "site", "--train-site", "cleveland", "--label", "disease", "--features", "age,sex,cp,trestbps,chol,thalach,exang,oldpeak",
            "--seed", "20261129", "--protected", "sex,age", "--bands", "age=45,65", "--out", validation);
        Assert.True(vcode == 0, verr);
        var (code, err, protocol, _) = Plan(audit, "--group", "age=>=65", "--validation", Path.Combine(validation, "validation.json"));
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(validation, "validation.json")));
        var shares = doc.RootElement.GetProperty("sites").EnumerateArray()
            .Where(s => s.GetProperty("role").GetString() == "external")
            .Select(s =>
            {
                var groups = s.GetProperty("fairness").GetProperty("age").EnumerateArray().ToList();
                var all = groups.Sum(g => g.GetProperty("n").GetInt64());
                var mine = groups.Where(g => g.GetProperty("group").GetString() == ">=65").Sum(g => g.GetProperty("n").GetInt64());
                return (Site: s.GetProperty("site").GetString()!, Share: (double)mine / all);
            }).OrderByDescending(x => x.Share).ToList();
        Assert.Contains($"- **{shares[0].Site}**: of the external sites in validation.json", protocol, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_named_group_the_largest_upper_bound_of_the_fnr_gap_is_chosen()
    {
        var auditPath = HeartAudit();
        var audit = Vigil.Contracts.Audit.AuditContract.Read(auditPath);
        var expected = Vigil.Application.StudyPlan.FocusGroups.All(audit).Where(f => !f.SmallCell && f.GapUpper is not null).MaxBy(f => f.GapUpper)!;
        var (code, err, protocol, _) = Plan(auditPath);
        Assert.True(code == 0, err);
        Assert.StartsWith($"# Prospective validation study protocol: {expected.Subject}\n", protocol, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocol_options_without_a_protocol_or_an_audit_are_usage_errors()
    {
        var (code, _, err) = CliRunner.Run("plan-study", "--sensitivity", "0.8", "--prevalence", "0.3", "--width", "0.1", "--protocol", _tmp.Combine("p.md"));
        Assert.Equal(2, code);
        Assert.Contains("--groups-from", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("plan-study", "--sensitivity", "0.8", "--prevalence", "0.3", "--width", "0.1", "--volume", "100");
        Assert.Equal(2, code);
        Assert.Contains("--protocol", err, StringComparison.Ordinal);
        var (code2, err2, _, _) = Plan(HeartAudit(), "--group", "age=>=70");
        Assert.Equal(2, code2);
        Assert.Contains("no group '>=70'", err2, StringComparison.Ordinal);
    }

    public void Dispose() => _tmp.Dispose();
}
