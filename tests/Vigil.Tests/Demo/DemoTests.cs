using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using Vigil.Application.Demo;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Demo;

public sealed class DemoTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vigil-demo-test-" + Guid.NewGuid().ToString("N"));

    /// <summary>ML.NET's single-precision training is bit-reproducible only on the platform the READMEs were made on.</summary>
    private static bool IsReferencePlatform => Avx2.IsSupported && Vector256.IsHardwareAccelerated;

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Heart_disease_demo_runs_every_step_and_ends_in_the_report()
    {
        var (code, _, err) = CliRunner.Run("demo", "heart-disease", "--out", _dir);
        Assert.True(code == 0, err);

        var demo = DemoCatalog.Find("heart-disease")!;
        Assert.Contains($"[{demo.Steps.Count}/{demo.Steps.Count}]", err, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(_dir, demo.ReportPath));
        foreach (var section in new[] { "External validation", "Mitigation", "Data drift", "Datasheet for the data", "ROC" })
            Assert.Contains(section, html, StringComparison.Ordinal);
        using var audit = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "audit.json")));
        Assert.Equal(303, audit.RootElement.GetProperty("rows").GetInt32());
        Assert.True(audit.RootElement.TryGetProperty("curves", out _));
        Assert.True(File.Exists(Path.Combine(_dir, "model", "model.onnx")));

        // commands.sh replays the same pipeline: one `vigil` line per step.
        var script = File.ReadAllLines(Path.Combine(_dir, "commands.sh"));
        Assert.Equal(demo.Steps.Count, script.Count(l => l.StartsWith("vigil ", StringComparison.Ordinal)));

        // The mitigation's discrimination loss is a warning in the report, not only a number in a table.
        Assert.Contains("DISCRIMINATION: AUROC falls from 0.900 to 0.778", html, StringComparison.Ordinal);
        Assert.Contains("Decision summary", html, StringComparison.Ordinal);

        AssertModelOutputsMatchTheirSchemas(mitigation: true, validation: true);
        AssertReadmeBlockMatches("heart-disease");
    }

    /// <summary>train.json, validation.json and mitigation.json of the run conform to their published JSON Schemas.</summary>
    private void AssertModelOutputsMatchTheirSchemas(bool mitigation, bool validation)
    {
        Vigil.Tests.Application.ModelContractSchemas.AssertValid(Vigil.Contracts.Train.TrainContract.Schema, File.ReadAllText(Path.Combine(_dir, "model", "train.json")));
        if (validation)
            Vigil.Tests.Application.ModelContractSchemas.AssertValid(Vigil.Contracts.Validation.ValidationContract.Schema, File.ReadAllText(Path.Combine(_dir, "validation", "validation.json")));
        if (mitigation)
            Vigil.Tests.Application.ModelContractSchemas.AssertValid(Vigil.Contracts.Mitigation.MitigationContract.Schema, File.ReadAllText(Path.Combine(_dir, "mitigation", "mitigation.json")));

        // Every other JSON document of the run (audit, data-audit, drift, scan, study plan...) against the schema it names.
        var checkedSchemas = new List<string>();
        foreach (var file in Directory.EnumerateFiles(_dir, "*.json", SearchOption.AllDirectories))
        {
            var json = File.ReadAllText(file);
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String
                || !schema.GetString()!.StartsWith("vigil.", StringComparison.Ordinal))
                continue;
            var name = schema.GetString()!;
            Assert.True(File.Exists(Vigil.Tests.Application.ModelContractSchemas.PathOf(name)), $"{file}: no published schema for {name}");
            // train, validation and mitigation were validated above; a schema is registered once per process by each helper.
            if (name is not (Vigil.Contracts.Train.TrainContract.Schema or Vigil.Contracts.Validation.ValidationContract.Schema or Vigil.Contracts.Mitigation.MitigationContract.Schema))
                Vigil.Tests.Contracts.ContractSchemas.AssertValid(json);
            checkedSchemas.Add(name);
        }
        foreach (var expected in new[] { "vigil.audit/v2", "vigil.data-audit/v2", "vigil.drift/v2", "vigil.train/v2", "vigil.risk-register/v2" })
            Assert.Contains(expected, checkedSchemas);
    }

    [Fact]
    public void Diabetes_demo_shows_accuracy_at_the_majority_rate_and_what_it_hides()
    {
        var (code, _, err) = CliRunner.Run("demo", "diabetes-readmission", "--out", _dir);
        Assert.True(code == 0, err);

        using var train = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "model", "train.json")));
        var oof = train.RootElement.GetProperty("out_of_fold");
        Assert.Equal(69_973, oof.GetProperty("n").GetInt32());
        // Published discrimination for this data is about 0.62-0.70.
        Assert.InRange(oof.GetProperty("auroc").GetProperty("value").GetDouble(), 0.62, 0.70);
        // The prediction column is made at the operating threshold the audit uses (no 0.5/0.12 mismatch for a newcomer).
        Assert.Equal(0.12, train.RootElement.GetProperty("threshold").GetProperty("value").GetDouble(), 9);
        using var audit = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "audit.json")));
        Assert.Equal(0.12, audit.RootElement.GetProperty("settings").GetProperty("threshold").GetDouble(), 9);

        // Why accuracy looks high: at 0.5 it equals always predicting "no readmission", with almost no positive caught.
        var summary = File.ReadAllText(Path.Combine(_dir, "summary.md"));
        var m = System.Text.RegularExpressions.Regex.Match(summary, @"At the usual threshold 0\.5 the model's accuracy is (0\.\d+), and always predicting the majority class \(no readmit30\) scores (0\.\d+).*?\(sensitivity (0\.\d+)\)");
        Assert.True(m.Success, summary);
        double Num(int i) => double.Parse(m.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(Num(1) - Num(2)) < 0.005, m.Value);
        Assert.InRange(Num(3), 0, 0.05);
        Assert.Contains("sensitivity by payer_group (95% Wilson interval): ", summary, StringComparison.Ordinal);
        Assert.Contains("medicaid ", summary, StringComparison.Ordinal);

        // Validation across time and drift between the periods are part of the run and of the report.
        using var validation = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "validation", "validation.json")));
        Assert.Equal("vigil.validation/v2", validation.RootElement.GetProperty("schema").GetString());
        var html = File.ReadAllText(Path.Combine(_dir, "report", "report.html"));
        foreach (var section in new[] { "Decision summary", "External validation", "Data drift", "Hidden subgroups (subgroup scan)", "Prospective study plan", "Data audit findings", "Fairness by attribute (equalized odds)", "WORKLOAD: the alert rate rises" })
            Assert.Contains(section, html, StringComparison.Ordinal);

        using var mitigation = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "mitigation", "mitigation.json")));
        Assert.Equal("vigil.mitigation/v2", mitigation.RootElement.GetProperty("schema").GetString());
        AssertModelOutputsMatchTheirSchemas(mitigation: true, validation: true);
        Assert.Contains("Mitigation", File.ReadAllText(Path.Combine(_dir, "report", "report.html")), StringComparison.Ordinal);

        AssertReadmeBlockMatches("diabetes-readmission");
    }

    /// <summary>The example README's generated block is this run's summary.md (made by vigil demo NAME --readme).</summary>
    private void AssertReadmeBlockMatches(string name)
    {
        var summary = File.ReadAllText(Path.Combine(_dir, "summary.md"));
        Assert.StartsWith($"Generated by `vigil demo {name}`", summary, StringComparison.Ordinal);
        Assert.DoesNotContain(_dir, summary, StringComparison.Ordinal);
        var block = ReadmeBlock.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name, "README.md")));
        Assert.NotNull(block);
        if (IsReferencePlatform)
            Assert.Equal(summary, block);
        else
            Assert.Equal(summary.Split('\n').Length, block.Split('\n').Length);
    }

    [Fact]
    public void Unknown_demo_is_a_usage_error_listing_the_demos()
    {
        var (code, _, err) = CliRunner.Run("demo", "no-such-demo", "--out", _dir);
        Assert.Equal(2, code);
        Assert.Contains("heart-disease, diabetes-readmission", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void Readme_block_is_replaced_in_place_and_appended_when_missing()
    {
        var withBlock = "intro\n" + ReadmeBlock.Start + "\nold\n" + ReadmeBlock.End + "\ntail\n";
        var replaced = ReadmeBlock.Replace(withBlock, "new\n");
        Assert.Equal("intro\n" + ReadmeBlock.Start + "\n\nnew\n\n" + ReadmeBlock.End + "\ntail\n", replaced);
        Assert.Equal("new\n", ReadmeBlock.Read(replaced));
        Assert.Equal("new\n", ReadmeBlock.Read(ReadmeBlock.Replace("intro\n", "new\n")));
        Assert.Null(ReadmeBlock.Read("no block here"));
    }

    [Fact]
    public void Shell_line_quotes_only_what_the_shell_would_split()
    {
        Assert.Equal("vigil audit --intersections 'sex*age' --title 'a b' --bands age=45,65",
            DemoJob.ShellLine(["audit", "--intersections", "sex*age", "--title", "a b", "--bands", "age=45,65"]));
    }
}
