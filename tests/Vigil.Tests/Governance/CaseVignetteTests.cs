using Vigil.Application.Vignette;
using Vigil.Models.Training;
using Vigil.Tests.Reporting;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Governance;

/// <summary>
/// The report's case vignette on the heart example: a logistic model trained by `vigil train` (out-of-fold scores
/// audited by age band with &lt;45 as the reference), the 45-64 band's missed patients (more than 11) composed into a
/// SYNTHETIC patient and explained; the 65+ band (3 missed patients) refused by the small-cell rule.
/// </summary>
public sealed class CaseVignetteTests : IClassFixture<CaseVignetteTests.HeartModel>
{
    private readonly HeartModel _fx;

    public CaseVignetteTests(HeartModel fx) => _fx = fx;

    /// <summary>The heart example trained (5 folds, logistic) and audited once.</summary>
    public sealed class HeartModel : IDisposable
    {
        private readonly TempDir _tmp = new();

        public HeartModel()
        {
            var model = _tmp.Combine("model");
            var (code, _, err) = CliRunner.Run("train", "--data", TestFiles.Heart, "--label", "disease",
                "--features", "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal", "--categorical", "cp,restecg,slope,ca,thal",
                "--learner", "logistic", "--folds", "5", "--seed", "20261129", "--out", model);
            Assert.True(code == 0, err);
            Predictions = Path.Combine(model, "predictions.csv");
            Model = Path.Combine(model, "model.zip");
            Audit = _tmp.Combine("audit.json");
            ReportRunner.Audit(Predictions, Audit, "--protected", "age", "--bands", "age=45,65", "--reference", "age=<45");
        }

        public string Predictions { get; }

        public string Model { get; }

        public string Audit { get; }

        public string Scratch(string name) => _tmp.Combine(name);

        public void Dispose() => _tmp.Dispose();
    }

    private string Report(string name, params string[] extra)
    {
        var dir = _fx.Scratch(name);
        var (code, err) = ReportRunner.Report(["--audit", _fx.Audit, "--data", _fx.Predictions, "--model", _fx.Model, .. extra, "--out", dir]);
        Assert.True(code == 0, err);
        return File.ReadAllText(Path.Combine(dir, "report.md"));
    }

    [Fact]
    public void The_vignette_is_a_labelled_synthetic_composite_explained_by_the_logistic_model()
    {
        var md = Report("r1", "--group", "age=45-64");
        var section = md[md.IndexOf("## Case vignette", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        Assert.Contains("## Case vignette: a missed patient in age = 45-64 (SYNTHETIC)", section, StringComparison.Ordinal);
        Assert.Contains("SYNTHETIC COMPOSITE — this patient does not exist.", section, StringComparison.Ordinal);
        Assert.Contains("No row of predictions.csv equals it", section, StringComparison.Ordinal);
        // A logistic model is additive in the log-odds: the one-at-a-time contributions are its per-input contributions.
        Assert.Contains("The contributions add up to it", section, StringComparison.Ordinal);
        // The cost row of the heart scenario, found by the label column 'disease'.
        Assert.Contains("a referral for cardiology work-up", section, StringComparison.Ordinal);
        Assert.Contains("a missed referral", section, StringComparison.Ordinal);
        Assert.Contains("NO ALERT", section, StringComparison.Ordinal);
        foreach (var input in new[] { "age", "sex", "cp", "thalach", "oldpeak" }) Assert.Contains($"| {input} |", section, StringComparison.Ordinal);
        // The same section in the HTML report.
        var html = File.ReadAllText(Path.Combine(_fx.Scratch("r1"), "report.html"));
        Assert.Contains("SYNTHETIC COMPOSITE", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_composite_is_the_groups_medians_and_modes_and_no_row_equals_it()
    {
        var v = CaseVignetteBuilder.Build(_fx.Audit, new VignetteOptions(_fx.Predictions, _fx.Model, "age=45-64"), 11);
        Assert.Null(v.Refused);
        Assert.True(v.MissedPatients >= 11);
        Assert.True(v.Score < v.Threshold, "the composite of missed patients is itself missed");
        Assert.True(v.FlaggedScore >= v.Threshold);
        // The age of the composite is the median age of the band's missed patients, read here from the CSV directly.
        var lines = File.ReadAllLines(_fx.Predictions);
        var header = lines[0].Split(',');
        int Col(string c) => Array.IndexOf(header, c);
        var missedAges = lines.Skip(1).Select(l => l.Split(','))
            .Where(r => r[Col("disease")] == "1" && double.Parse(r[Col("score")], System.Globalization.CultureInfo.InvariantCulture) < 0.5)
            .Select(r => double.Parse(r[Col("age")], System.Globalization.CultureInfo.InvariantCulture)).Where(a => a >= 45 && a < 65).Order().ToArray();
        Assert.Equal(missedAges.Length, v.MissedPatients);
        var median = missedAges.Length % 2 == 1 ? missedAges[missedAges.Length / 2] : (missedAges[missedAges.Length / 2 - 1] + missedAges[missedAges.Length / 2]) / 2;
        Assert.Equal(median.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), v.Features.Single(f => f.Feature == "age").Value);
        // The contributions of the logistic model sum to the log-odds difference.
        static double Logit(double p) => Math.Log(p / (1 - p));
        Assert.Equal(Logit(v.Score) - Logit(v.FlaggedScore), v.Features.Sum(f => f.Contribution), 3);
    }

    [Fact]
    public void A_row_equal_to_the_composite_is_detected()
    {
        var table = new ModelTable([new FeatureColumn("age", [61f, 70f], 0), new FeatureColumn("cp", ["4".AsMemory(), "3".AsMemory()], 0)], null, 2);
        Assert.True(CaseVignetteBuilder.EqualsARow(table, [70f, "3"]));
        Assert.False(CaseVignetteBuilder.EqualsARow(table, [70f, "4"]));
    }

    [Fact]
    public void Fewer_than_eleven_missed_patients_give_no_vignette_and_say_why()
    {
        var md = Report("r2", "--group", "age=>=65", "--scenario", "sepsis");
        Assert.Contains("## Case vignette: a missed patient in age = \\>=65 (SYNTHETIC)", md, StringComparison.Ordinal);
        Assert.Contains("No vignette for age = \\>=65: fewer than 11 of its patients with the condition were missed", md, StringComparison.Ordinal);
        Assert.DoesNotContain("SYNTHETIC COMPOSITE", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cost_table_replaces_the_built_in_row_and_an_unknown_scenario_is_a_usage_error()
    {
        var costs = _fx.Scratch("costs.csv");
        File.WriteAllText(costs, "scenario,outcomes,action,detected,cost\nheart-disease,disease,an urgent chest-pain clinic slot,at the next attack,an untreated stenosis\n");
        var md = Report("r3", "--group", "age=45-64", "--vignette-costs", costs);
        Assert.Contains("an urgent chest-pain clinic slot", md, StringComparison.Ordinal);
        Assert.Contains("costs.csv, then Vigil's built-in table", md, StringComparison.Ordinal);
        var (code, err) = ReportRunner.Report("--audit", _fx.Audit, "--data", _fx.Predictions, "--model", _fx.Model, "--scenario", "stroke", "--out", _fx.Scratch("r4"));
        Assert.Equal(2, code);
        Assert.Contains("'stroke': no such scenario", err, StringComparison.Ordinal);
        (code, err) = ReportRunner.Report("--audit", _fx.Audit, "--data", _fx.Predictions, "--out", _fx.Scratch("r5"));
        Assert.Equal(2, code);
        Assert.Contains("--model", err, StringComparison.Ordinal);
    }
}
