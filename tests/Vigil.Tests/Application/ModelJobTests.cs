using Vigil.Application;
using Vigil.Application.Mitigation;
using Vigil.Application.Models;
using Vigil.Application.Scoring;
using Vigil.Application.Training;
using Vigil.Application.Validation;
using Vigil.Contracts.Mitigation;
using Vigil.Contracts.Train;
using Vigil.Contracts.Validation;
using Vigil.Data;
using Vigil.Tests.Models;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Application;

/// <summary>
/// Each model verb run as a job through the application layer, without the CLI, writes exactly what the CLI writes;
/// every document conforms to its published schema and reads back through its contract.
/// </summary>
public class ModelJobTests
{
    private static string Sites => Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites", "heart-4sites.csv");

    private static LearnerOptions HeartLearner(string threshold = "youden") => new(
        "disease", null, TrainedHeartFixture.Features.Split(','), TrainedHeartFixture.Categorical.Split(','), "logistic", 5, 20240601, threshold);

    [Fact]
    public void Train_job_writes_what_the_cli_writes()
    {
        using var dir = new TempDir();
        var cli = CliRunner.Run("train", "--data", TestFiles.Heart, "--label", "disease", "--features", TrainedHeartFixture.Features,
            "--categorical", TrainedHeartFixture.Categorical, "--threshold", "youden", "--out", dir.Combine("cli"));
        Assert.True(cli.Code == 0, cli.Err);
        var job = TrainJob.Run(new TrainOptions(TestFiles.Heart, HeartLearner(), false, dir.Combine("job")), NoProgress.Instance);

        var cliJson = File.ReadAllText(dir.Combine("cli/train.json"));
        Assert.Equal(cliJson, File.ReadAllText(dir.Combine("job/train.json")));
        Assert.Equal(File.ReadAllText(dir.Combine("cli/predictions.csv")), File.ReadAllText(dir.Combine("job/predictions.csv")));
        Assert.Equal(TrainContract.Write(job.Document), cliJson);
        ModelContractSchemas.AssertValid(TrainContract.Schema, cliJson);
        var back = TrainContract.Read(dir.Combine("cli/train.json"));
        Assert.Equal(job.Document.OutOfFold.Auroc.Value, back.OutOfFold.Auroc.Value);
        Assert.Equal("logistic", back.Settings.Learner);
        Assert.Equal(20240601, back.Settings.Seed);
        // No staging folder is left beside the output.
        Assert.Equal(["cli", "job"], Directory.GetDirectories(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_job_writes_what_the_cli_writes()
    {
        using var dir = new TempDir();
        var cli = CliRunner.Run("validate", "--data", Sites, "--site", "site", "--train-site", "cleveland", "--label", "disease",
            "--features", TrainedHeartFixture.Features, "--categorical", TrainedHeartFixture.Categorical, "--threshold", "youden",
            "--protected", "sex,age", "--bands", "age=45,65", "--bootstrap", "0", "--out", dir.Combine("cli"));
        Assert.True(cli.Code == 0, cli.Err);
        var options = new ValidateOptions(Sites, "site", "cleveland", null, [], HeartLearner(), ["sex", "age"], [Bands.Parse("age=45,65")], 0, 11,
            dir.Combine("job"));
        var job = ValidateJob.Run(options, NoProgress.Instance);

        var cliJson = File.ReadAllText(dir.Combine("cli/validation.json"));
        Assert.Equal(cliJson, File.ReadAllText(dir.Combine("job/validation.json")));
        Assert.Equal(File.ReadAllText(dir.Combine("cli/validation.md")), File.ReadAllText(dir.Combine("job/validation.md")));
        Assert.Equal(ValidationContract.Write(job.Document), cliJson);
        ModelContractSchemas.AssertValid(ValidationContract.Schema, cliJson);
        var back = ValidationContract.Read(dir.Combine("cli/validation.json"));
        Assert.Equal(["cleveland", "hungary", "switzerland", "va_long_beach"], back.Sites.Select(s => s.Site));
        Assert.Equal(["age=45,65"], back.Settings.Bands);
        Assert.Equal(job.Result.Settings[3].Performance.Auroc.Value, back.Sites[3].Performance.Auroc.Value);
    }

    [Fact]
    public void Score_job_writes_what_the_cli_writes()
    {
        using var dir = new TempDir();
        TrainJob.Run(new TrainOptions(TestFiles.Heart, HeartLearner("0.5"), false, dir.Combine("model")), NoProgress.Instance);
        var cli = CliRunner.Run("score", "--model", dir.Combine("model/model.zip"), "--data", TestFiles.Heart, "--threshold", "0.5", "--out", dir.Combine("cli.csv"));
        Assert.True(cli.Code == 0, cli.Err);
        var job = ScoreJob.Run(new ScoreOptions(dir.Combine("model/model.zip"), TestFiles.Heart, 0.5, dir.Combine("job.csv")), NoProgress.Instance);
        Assert.Equal(303, job.Rows);
        Assert.Equal(File.ReadAllText(dir.Combine("cli.csv")), File.ReadAllText(dir.Combine("job.csv")));
    }

    [Fact]
    public void Mitigate_job_writes_what_the_cli_writes()
    {
        using var dir = new TempDir();
        var data = Vigil.Tests.Mitigation.MitigationFixture.CsvPath;
        var cli = CliRunner.Run("mitigate", "--method", "reject-option", "--data", data, "--label", "y_true", "--protected", "sex",
            "--reference", "sex=M", "--score", "y_score", "--constraint", "eod", "--eps", "0.05", "--sweep", "--bootstrap", "100", "--out", dir.Combine("cli"));
        Assert.True(cli.Code == 0, cli.Err);
        var settings = new Vigil.Mitigation.MitigationSettings("reject-option", new Vigil.Mitigation.MethodArguments(Constraint: "eod", Eps: 0.05), Seed: 20240601, Sweep: true, BootstrapReplicates: 100);
        var options = new MitigateOptions(data, "y_true", null, ["sex"], [], new Dictionary<string, string> { ["sex"] = "M" }, "y_score", [], null, 11,
            settings, dir.Combine("job"));
        var job = MitigateJob.Run(options, NoProgress.Instance);

        var cliJson = File.ReadAllText(dir.Combine("cli/mitigation.json"));
        Assert.Equal(cliJson, File.ReadAllText(dir.Combine("job/mitigation.json")));
        foreach (var file in new[] { "mitigation.md", "mitigated.csv" })
            Assert.Equal(File.ReadAllText(dir.Combine("cli/" + file)), File.ReadAllText(dir.Combine("job/" + file)));
        // The chart's SVG element ids are drawn at random by ScottPlot: same chart, different ids.
        Assert.True(File.Exists(dir.Combine("job/pareto.svg")));
        Assert.Equal(MitigationContract.Write(job.Document), cliJson);
        ModelContractSchemas.AssertValid(MitigationContract.Schema, cliJson);
        var back = MitigationContract.Read(dir.Combine("cli/mitigation.json"));
        Assert.Equal("M", back.ReferenceGroup);
        Assert.Equal("M", back.Options["reference_group"]!.GetValue<string>());
        Assert.Equal(job.Document.TargetedDisparity.Before.Value, back.TargetedDisparity.Before.Value);
    }

    [Fact]
    public void The_mitigation_fixtures_of_the_report_tests_conform_to_the_schema()
    {
        ModelContractSchemas.AssertValid(MitigationContract.Schema, File.ReadAllText(Vigil.Tests.Reporting.ValidationMitigationReportTests.ThresholdOptimizerFile));
        ModelContractSchemas.AssertValid(MitigationContract.Schema, File.ReadAllText(Vigil.Tests.Reporting.ValidationMitigationReportTests.RejectOptionFile));
    }

    [Fact]
    public void The_validation_fixture_of_the_report_tests_conforms_to_the_schema() =>
        ModelContractSchemas.AssertValid(ValidationContract.Schema, File.ReadAllText(Vigil.Tests.Reporting.ValidationMitigationReportTests.ValidationFile));

    [Fact]
    public void A_v1_validation_file_gets_one_line_saying_to_rerun()
    {
        using var dir = new TempDir();
        var v1 = dir.File("old.json", "{\"schema\":\"vigil.validation/v1\",\"data\":{}}");
        var e = Assert.Throws<Vigil.Core.VigilException>(() => Vigil.Reporting.External.ValidationJsonReader.ReadFile(v1));
        Assert.Equal($"{v1}: schema vigil.validation/v1 is an older format; re-run `vigil validate` to write vigil.validation/v2", e.Message);
        var old = dir.File("train.json", "{\"schema\":\"vigil.train/v1\"}");
        e = Assert.Throws<Vigil.Core.VigilException>(() => TrainContract.Read(old));
        Assert.Contains("re-run `vigil train`", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("validation")]
    [InlineData("mitigation")]
    public void The_published_schema_is_the_one_the_contract_generates(string format)
    {
        var (schema, generated) = format switch
        {
            "train" => (TrainContract.Schema, TrainContract.JsonSchema()),
            "validation" => (ValidationContract.Schema, ValidationContract.JsonSchema()),
            _ => (MitigationContract.Schema, MitigationContract.JsonSchema()),
        };
        var path = ModelContractSchemas.PathOf(schema);
        if (Environment.GetEnvironmentVariable("VIGIL_WRITE_SCHEMAS") == "1") File.WriteAllText(path, generated);
        Assert.Equal(generated, File.ReadAllText(path));
    }

    [Fact]
    public void A_document_missing_a_property_fails_the_schema()
    {
        var json = File.ReadAllText(Vigil.Tests.Reporting.ValidationMitigationReportTests.ValidationFile).Replace("\"train_site\":", "\"training_site\":", StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(() => ModelContractSchemas.AssertValid(ValidationContract.Schema, json));
    }
}
