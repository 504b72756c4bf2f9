using System.Text.Json;
using Vigil.Application.Audit;
using Vigil.Application.DataAudit;
using Vigil.Application.Drift;
using Vigil.Application.Groups;
using Vigil.Application.Scan;
using Vigil.Application.StudyPlan;
using Vigil.Contracts.Audit;
using Vigil.Contracts.DataAudit;
using Vigil.Contracts.Drift;
using Vigil.Contracts.Scan;
using Vigil.Contracts.StudyPlan;
using Vigil.Core;
using Vigil.Core.Scan;
using Vigil.Data;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Contracts;

/// <summary>
/// Each analysis verb run through its application job without the command line gives the same vigil.*/v2 document as
/// `vigil VERB --format json`, that document matches its published JSON Schema, and it reads back through the contract.
/// </summary>
public sealed class AnalysisJobsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Cli(params string[] args)
    {
        var (code, output, err) = CliRunner.Run([.. args, "--format", "json"]);
        Assert.True(code == 0, $"exit {code}: {err}");
        return output;
    }

    private static GroupSelection Groups(params string[] protectedColumns) => new() { Protected = protectedColumns };

    [Fact]
    public void Audit_job_equals_the_cli_and_matches_its_schema()
    {
        var data = TestFiles.Golden("fx_binary_small.csv");
        var cli = Cli("audit", "--data", data, "--label", "y_true", "--score", "y_score", "--protected", "sex,race,age_band",
            "--intersections", "sex*race", "--reference", "sex=M", "--bootstrap", "50", "--curves");
        var job = AuditJob.Run(new AuditJobOptions
        {
            Data = data, Label = "y_true", Score = "y_score", Threshold = 0.5, Bootstrap = 50, Curves = true,
            Groups = Groups("sex", "race", "age_band") with
            {
                Intersections = ["sex*race"],
                References = new Dictionary<string, string> { ["sex"] = "M" },
            },
        });
        var written = AuditContract.Write(job.Document);
        Assert.Equal(cli, written);
        ContractSchemas.AssertValid(written);
        Assert.Equal(written, AuditContract.Write(AuditContract.Parse(written, "audit.json")));
        using var doc = JsonDocument.Parse(written);
        var sex = doc.RootElement.GetProperty("attributes")[0];
        Assert.Equal("M", sex.GetProperty("reference_group").GetString());
        Assert.True(sex.GetProperty("groups")[0].GetProperty("metrics").TryGetProperty("sensitivity", out _));
        Assert.False(sex.GetProperty("groups")[0].GetProperty("metrics").TryGetProperty("tpr", out _));
        Assert.Equal(["sex*race"], doc.RootElement.GetProperty("settings").GetProperty("intersections").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public void Drift_job_equals_the_cli_and_matches_its_schema()
    {
        var r = TestFiles.Golden("fx_drift_ref.csv");
        var c = TestFiles.Golden("fx_drift_cur.csv");
        var cli = Cli("drift", "--reference-data", r, "--current-data", c, "--tests", "all", "--protected", "cat_binary_shift", "--min-cell", "2500");
        var job = DriftJob.Run(new DriftJobOptions
        {
            ReferenceData = r, CurrentData = c, Tests = "all", Groups = Groups("cat_binary_shift") with { MinCell = 2500 },
        });
        var written = DriftContract.Write(job.Document);
        Assert.Equal(cli, written);
        ContractSchemas.AssertValid(written);
        Assert.Equal(written, DriftContract.Write(DriftContract.Parse(written, "drift.json")));
        // Groups of fewer rows than --min-cell in either file are flagged, the others not.
        var groups = job.Document.Groups.Single().Groups;
        Assert.All(groups, g => Assert.Equal(g.ReferenceRows < 2500 || g.CurrentRows < 2500, g.SmallCell));
        Assert.Contains(groups, g => g.SmallCell);
        Assert.Contains(groups, g => !g.SmallCell);
    }

    [Fact]
    public void Drift_within_a_group_equals_a_plain_drift_of_that_groups_rows()
    {
        // Within-group drift compares the group's reference rows with the group's current rows, nothing else.
        var r = TestFiles.Golden("fx_drift_ref.csv");
        var c = TestFiles.Golden("fx_drift_cur.csv");
        var columns = new[] { "num_mean_shift", "num_stable_normal", "cat_shift" };
        var grouped = DriftJob.Run(new DriftJobOptions { ReferenceData = r, CurrentData = c, Columns = columns, Groups = Groups("cat_binary_shift") });
        var rFiltered = Filter(r, "yes");
        var cFiltered = Filter(c, "yes");
        var plain = DriftJob.Run(new DriftJobOptions { ReferenceData = rFiltered, CurrentData = cFiltered, Columns = columns });
        var yes = grouped.Document.Groups.Single().Groups.Single(g => g.Group == "yes");
        foreach (var column in plain.Document.Columns)
        {
            var within = yes.Columns.Single(x => x.Column == column.Column);
            Assert.Equal(column.Score.Value, within.Score.Value);
            Assert.Equal(column.DriftDetected, within.DriftDetected);
        }
    }

    private string Filter(string path, string value)
    {
        var lines = File.ReadAllLines(path);
        var k = Array.IndexOf(lines[0].Split(','), "cat_binary_shift");
        var output = Path.Combine(_dir.Path, $"{Path.GetFileNameWithoutExtension(path)}-{value}.csv");
        File.WriteAllLines(output, lines.Take(1).Concat(lines.Skip(1).Where(l => l.Split(',')[k] == value)));
        return output;
    }

    [Fact]
    public void Data_audit_job_equals_the_cli_and_matches_its_schema()
    {
        var data = TestFiles.Heart;
        var cli = Cli("data-audit", "--data", data, "--label", "disease", "--protected", "sex,age", "--bands", "age=45,65",
            "--features", "chol,trestbps,thal", "--sentinels", "chol=0");
        var job = DataAuditJob.Run(new DataAuditJobOptions
        {
            Data = [data], Label = "disease", Features = ["chol", "trestbps", "thal"],
            Groups = Groups("sex", "age") with { Bands = [Bands.Parse("age=45,65")] },
            Sentinels = new Dictionary<string, double[]> { ["chol"] = [0] },
        });
        var written = DataAuditContract.Write(job.Document);
        Assert.Equal(cli, written);
        ContractSchemas.AssertValid(written);
        Assert.Equal(written, DataAuditContract.Write(DataAuditContract.Parse(written, "data-audit.json")));
    }

    [Fact]
    public void Data_audit_without_features_audits_every_other_column()
    {
        var job = DataAuditJob.Run(new DataAuditJobOptions
        {
            Data = [TestFiles.Heart], Label = "disease", Groups = Groups("sex"),
        });
        var s = job.Document.Settings;
        var audited = s.NumericFeatures.Concat(s.CategoricalFeatures).ToHashSet();
        // Every column but the label and the protected attribute, among them ca and thal, which have missing values.
        Assert.Equal(["age", "ca", "chol", "cp", "exang", "fbs", "num", "oldpeak", "patient_id", "prediction", "restecg", "score", "slope", "thal", "thalach", "trestbps"],
            audited.Order(StringComparer.Ordinal));
        Assert.Equal(4, job.Document.Missingness.Single(m => m.Column == "ca").Missing);
        Assert.Equal(2, job.Document.Missingness.Single(m => m.Column == "thal").Missing);
        ContractSchemas.AssertValid(DataAuditContract.Write(job.Document));
    }

    [Fact]
    public void Scan_job_equals_the_cli_and_matches_its_schema()
    {
        var data = TestFiles.Golden("fx_binary_small.csv");
        var cli = Cli("scan", "--data", data, "--label", "y_true", "--prediction", "y_pred", "--protected", "sex,race,age_band",
            "--method", "exhaustive", "--min-size", "5", "--adjust", "bh");
        var job = ScanJob.Run(new ScanJobOptions
        {
            Data = data, Label = "y_true", Prediction = "y_pred", Groups = Groups("sex", "race", "age_band"),
            Scan = new ScanOptions { Method = ScanMethod.Exhaustive, MinSize = 5, Adjustment = PValueAdjustment.BenjaminiHochberg, Replicates = 999 },
        });
        var written = ScanContract.Write(job.Document);
        Assert.Equal(cli, written);
        ContractSchemas.AssertValid(written);
        Assert.Equal("benjamini_hochberg", job.Document.Settings.Adjustment);
        Assert.Equal(written, ScanContract.Write(ScanContract.Parse(written, "scan.json")));
    }

    [Fact]
    public void Scan_mdss_output_matches_its_schema()
    {
        var data = TestFiles.Golden("fx_binary_small.csv");
        var cli = Cli("scan", "--data", data, "--label", "y_true", "--score", "y_score", "--protected", "sex,race", "--permutations", "19", "--min-size", "5");
        ContractSchemas.AssertValid(cli);
        using var doc = JsonDocument.Parse(cli);
        Assert.Equal(19, doc.RootElement.GetProperty("settings").GetProperty("permutations").GetInt32());
    }

    [Fact]
    public void Study_plan_job_equals_the_cli_and_reads_a_v2_audit()
    {
        var audit = Path.Combine(_dir.Path, "audit.json");
        Assert.Equal(0, CliRunner.Run("audit", "--data", TestFiles.Golden("fx_binary_small.csv"), "--label", "y_true", "--score", "y_score",
            "--protected", "sex,race", "--intersections", "sex*race", "--format", "json", "--out", audit).Code);
        var cli = Cli("plan-study", "--groups-from", audit, "--width", "0.1", "--gap", "0.1", "--protected", "sex,race", "--intersections", "sex*race",
            "--reference", "sex=F", "--min-cell", "60");
        var job = StudyPlanJob.Run(new StudyPlanJobOptions
        {
            GroupsFrom = audit, Width = 0.1, Gap = 0.1,
            Groups = Groups("sex", "race") with { Intersections = ["sex*race"], References = new Dictionary<string, string> { ["sex"] = "F" }, MinCell = 60 },
        });
        var written = StudyPlanContract.Write(job.Document);
        Assert.Equal(cli, written);
        ContractSchemas.AssertValid(written);
        var groups = job.Document.Groups!;
        Assert.All(groups.Where(g => g.Attribute == "sex"), g => Assert.Equal("F", g.ReferenceGroup));
        Assert.Contains(groups, g => g.Attribute == "sex*race");
        Assert.All(groups, g => Assert.Equal(g.N < 60, g.SmallCell));
        var overall = Cli("plan-study", "--sensitivity", "0.85", "--width", "0.05", "--prevalence", "0.12", "--gap", "0.1");
        ContractSchemas.AssertValid(overall);
    }

    [Fact]
    public void A_v1_file_gets_the_one_line_rerun_message()
    {
        var old = Path.Combine(_dir.Path, "old.json");
        File.WriteAllText(old, """{"schema": "vigil.audit/v1", "input": {}}""");
        var e = Assert.Throws<VigilException>(() => AuditContract.Read(old));
        Assert.Equal($"{old}: schema vigil.audit/v1 is an older format; re-run `vigil audit --format json` to write vigil.audit/v2", e.Message);
        var (code, _, err) = CliRunner.Run("report", "--audit", old, "--out", Path.Combine(_dir.Path, "report"));
        Assert.Equal(3, code);
        Assert.Contains("is an older format; re-run `vigil audit --format json`", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
        File.WriteAllText(old, """{"schema": "vigil.drift/v1"}""");
        Assert.Contains("re-run `vigil drift --format json`", Assert.Throws<VigilException>(() => DriftContract.Read(old)).Message, StringComparison.Ordinal);
        File.WriteAllText(old, """{"schema": "vigil.data-audit/v1"}""");
        Assert.Contains("re-run `vigil data-audit --format json`", Assert.Throws<VigilException>(() => DataAuditContract.Read(old)).Message, StringComparison.Ordinal);
    }
}
