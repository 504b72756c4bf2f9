using System.Text.Json;
using Vigil.Application.Demo;
using Xunit;

namespace Vigil.Tests.Demo;

/// <summary>
/// The demos run through the application layer alone (<see cref="DemoJob"/> and <see cref="DirectDemoStepRunner"/>): no
/// Vigil.Cli type is used here, so a host without the CLI (the coming service) can run them. Each demo runs once for the
/// collection (<see cref="DemoRuns"/>); DemoRunnerEquivalenceTests checks its files against the CLI's.
/// </summary>
[Collection(DemoRunsGroup.Name)]
public sealed class DirectDemoRunnerTests(DemoRuns runs)
{
    [Fact]
    public void Heart_disease_runs_every_step_without_the_cli_and_ends_in_the_report()
    {
        var run = runs.Direct("heart-disease");
        var steps = run.Demo.Steps.Count;
        Assert.Equal(steps, run.Stages.Count);
        Assert.Equal($"[{steps}/{steps}] {run.Demo.Steps[^1].Title}", run.Stages[^1]);
        Assert.Equal(steps, run.Result.StepSeconds.Count);

        var html = File.ReadAllText(run.File(run.Demo.ReportPath));
        foreach (var section in new[] { "External validation", "Mitigation", "Data drift", "Datasheet for the data", "ROC", "Decision summary" })
            Assert.Contains(section, html, StringComparison.Ordinal);
        // The mitigation's discrimination loss is a warning in the report, not only a number in a table.
        Assert.Contains("DISCRIMINATION: AUROC falls from 0.900 to 0.778", html, StringComparison.Ordinal);
        using var audit = JsonDocument.Parse(File.ReadAllText(run.File("audit.json")));
        Assert.Equal(303, audit.RootElement.GetProperty("rows").GetInt32());
        Assert.True(audit.RootElement.TryGetProperty("curves", out _));
        Assert.True(File.Exists(run.File("model/model.onnx")));
        Assert.True(File.Exists(run.File("datasheet/datasheet.md")));

        // commands.sh replays the same pipeline: one `vigil` line per step.
        var script = File.ReadAllLines(run.File("commands.sh"));
        Assert.Equal(steps, script.Count(l => l.StartsWith("vigil ", StringComparison.Ordinal)));

        DemoAssertions.OutputsMatchTheirSchemas(run.Dir);
        DemoAssertions.ReadmeBlockMatches(run.Dir, run.RunDir, "heart-disease");
    }

    [Fact]
    public void Diabetes_shows_accuracy_at_the_majority_rate_and_what_it_hides()
    {
        var run = runs.Direct("diabetes-readmission");

        using var train = JsonDocument.Parse(File.ReadAllText(run.File("model/train.json")));
        var oof = train.RootElement.GetProperty("out_of_fold");
        Assert.Equal(69_973, oof.GetProperty("n").GetInt32());
        // Published discrimination for this data is about 0.62-0.70.
        Assert.InRange(oof.GetProperty("auroc").GetProperty("value").GetDouble(), 0.62, 0.70);
        // The prediction column is made at the operating threshold the audit uses (no 0.5/0.12 mismatch for a newcomer).
        Assert.Equal(0.12, train.RootElement.GetProperty("threshold").GetProperty("value").GetDouble(), 9);
        using var audit = JsonDocument.Parse(File.ReadAllText(run.File("audit.json")));
        Assert.Equal(0.12, audit.RootElement.GetProperty("settings").GetProperty("threshold").GetDouble(), 9);

        // Why accuracy looks high: at 0.5 it equals always predicting "no readmission", with almost no positive caught.
        var summary = File.ReadAllText(run.File("summary.md"));
        var m = System.Text.RegularExpressions.Regex.Match(summary, @"At the usual threshold 0\.5 the model's accuracy is (0\.\d+), and always predicting the majority class \(no readmit30\) scores (0\.\d+).*?\(sensitivity (0\.\d+)\)");
        Assert.True(m.Success, summary);
        double Num(int i) => double.Parse(m.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(Num(1) - Num(2)) < 0.005, m.Value);
        Assert.InRange(Num(3), 0, 0.05);
        Assert.Contains("sensitivity by payer_group (95% Wilson interval): ", summary, StringComparison.Ordinal);
        Assert.Contains("medicaid ", summary, StringComparison.Ordinal);

        // Validation across time, drift between the periods, the scan, the study plan and the mitigation are in the report.
        using var validation = JsonDocument.Parse(File.ReadAllText(run.File("validation/validation.json")));
        Assert.Equal("vigil.validation/v2", validation.RootElement.GetProperty("schema").GetString());
        var html = File.ReadAllText(run.File("report/report.html"));
        foreach (var section in new[] { "Decision summary", "External validation", "Data drift", "Hidden subgroups (subgroup scan)", "Prospective study plan", "Data audit findings", "Fairness by attribute (equalized odds)", "WORKLOAD: the alert rate rises", "Mitigation" })
            Assert.Contains(section, html, StringComparison.Ordinal);

        DemoAssertions.OutputsMatchTheirSchemas(run.Dir);
        DemoAssertions.ReadmeBlockMatches(run.Dir, run.RunDir, "diabetes-readmission");
    }
}
