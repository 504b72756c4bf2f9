using Vigil.Application.Estimation;
using Vigil.Application.Groups;
using Vigil.Contracts.Estimation;
using Vigil.Core.Estimation;
using Vigil.Reporting.Audit;
using Vigil.Tests.Application;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Estimation;

/// <summary>The small-cell rule on the estimate outputs: the shared complementary suppression, never hiding a large group's estimated gap.</summary>
public sealed class EstimateSuppressionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-estimate-cells-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Site A: 300 current rows of which exactly 5 score above the threshold (a small class of predicted positives);
    /// site B: 600 rows with many. Reference: 2,000 rows, y ~ Bernoulli(score).
    /// </summary>
    private static EstimationReport Report()
    {
        var rng = new Random(5);
        var refScores = new double[2000];
        var labels = new bool[2000];
        var refCodes = new int[2000];
        for (var i = 0; i < 2000; i++)
        {
            refScores[i] = rng.NextDouble();
            labels[i] = rng.NextDouble() < refScores[i];
            refCodes[i] = i % 2;
        }
        var cur = new double[900];
        var curCodes = new int[900];
        for (var i = 0; i < 900; i++)
        {
            curCodes[i] = i < 300 ? 0 : 1;
            cur[i] = i < 300 ? (i < 5 ? 0.6 + 0.01 * i : 0.45 * rng.NextDouble()) : rng.NextDouble();
        }
        return LabelFreeEstimator.Run(new EstimationData
        {
            ReferenceScores = refScores, ReferenceLabels = labels, CurrentScores = cur,
            Groupings = [new EstimationGrouping("site", ["site"], ["A", "B"], refCodes, curCodes)],
        }, new EstimationOptions { Threshold = 0.5, Bootstrap = 0 });
    }

    [Fact]
    public void A_large_group_with_few_predicted_positives_keeps_its_sensitivity_but_not_the_numbers_over_the_small_class()
    {
        var report = Report();
        var (overall, groups) = EstimateSuppression.Decide(report, 11);
        Assert.Equal(CellShown.Exact, overall.Current.Shown);
        var a = groups[0][0].Current;
        var b = groups[0][1].Current;
        Assert.Equal(5, EstimateSuppression.PredictedPositives(report.Groupings[0].Groups[0]));
        Assert.Equal(CellShown.SizeOnly, a.Shown);
        Assert.Equal(CellReason.SmallOutcome, a.Reason);
        // B protects A's predicted positives by subtraction from the total; with 600 rows it is never suppressed.
        Assert.Equal(CellShown.RoundedOutcome, b.Shown);
        foreach (var (p, rows) in new[] { (a, 300L), (b, 600L) })
        {
            foreach (var key in new[] { "sensitivity", "fnr", "specificity", "auroc", "prevalence_bbse" })
                Assert.True(EstimateSuppression.ShowsMetric(p, rows, key), key);
            foreach (var key in new[] { "selection_rate", "ppv", "npv", "prevalence" })
                Assert.False(EstimateSuppression.ShowsMetric(p, rows, key), key);
            Assert.False(EstimateSuppression.ShowsExpectedConfusion(p));
        }
        // Under 100 rows a size-only group shows no rate at all.
        Assert.False(EstimateSuppression.ShowsMetric(a, 99, "sensitivity"));

        var request = new EstimateJobOptions
        {
            ReferenceData = "ref.csv", CurrentData = "cur.csv", Label = "y", Score = "s", Threshold = 0.5,
            Groups = new GroupSelection { Protected = ["site"], MinCell = 11 }, Bootstrap = 0,
        };
        var doc = EstimateDocumentBuilder.Build(report, request, new EstimationOptions { Threshold = 0.5, Bootstrap = 0 }, [], 2000, 900);
        var json = EstimateContract.Write(doc);
        ModelContractSchemas.AssertValid(EstimateContract.Schema, json);
        var ga = doc.Groups[0].Groups[0];
        Assert.Equal(300, ga.CurrentRows);
        Assert.Null(ga.ExpectedConfusion);
        Assert.Null(ga.Metrics.SelectionRate.Value);
        Assert.Equal("numbers over the predicted positives or negatives suppressed (fewer than 11 of them)", ga.Metrics.Ppv.Reason);
        Assert.Equal(report.Groupings[0].Groups[0].Sensitivity.Value, ga.Metrics.Sensitivity.Value);
        Assert.NotNull(ga.Metrics.Fnr.Value);
        var gb = doc.Groups[0].Groups[1];
        Assert.Equal(600, gb.CurrentRows);
        Assert.NotNull(gb.Metrics.Sensitivity.Value);
        Assert.Null(gb.Metrics.SelectionRate.Value);
        Assert.NotNull(doc.Overall.ExpectedConfusion);
        Assert.Equal(900, doc.Overall.CurrentRows);
        var table = EstimateTextWriter.Render(doc, markdown: false);
        Assert.Contains("site=A: numbers over the predicted positives or negatives suppressed (fewer than 11 of them)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_groups_and_intersection_cells_are_hidden_with_their_complements_in_every_format()
    {
        // Heart data, rows 160-302 as current: slope=3 has 6 current rows; sex*cp has F*1 (1 row) and M*1 (10 rows).
        var lines = File.ReadAllLines(TestFiles.Heart);
        var reference = Path.Combine(_dir, "ref.csv");
        var current = Path.Combine(_dir, "cur.csv");
        File.WriteAllLines(reference, lines.Take(161));
        File.WriteAllLines(current, [lines[0], .. lines.Skip(161).Take(143)]);
        string[] args =
        [
            "estimate", "--reference-data", reference, "--current-data", current, "--label", "disease", "--score", "score",
            "--protected", "sex,slope,cp", "--intersections", "sex*cp", "--features", "age,chol,thalach", "--bootstrap", "0",
        ];
        var (code, json, err) = CliRunner.Run([.. args, "--format", "json"]);
        Assert.True(code == 0, err);
        ModelContractSchemas.AssertValid(EstimateContract.Schema, json);
        var doc = EstimateContract.Parse(json, "stdout");
        var slope = doc.Groups.Single(g => g.Attribute == "slope").Groups.ToDictionary(g => g.Group);
        Assert.Null(slope["3"].CurrentRows);
        Assert.Null(slope["3"].Metrics.Sensitivity.Value);
        Assert.Equal("suppressed (fewer than 11 current rows)", slope["3"].SuppressedReason);
        Assert.Null(slope["3"].ExpectedConfusion);
        // The smallest other slope group (68 rows, under 100) is hidden so that slope=3 is not 143 − the others.
        Assert.Null(slope["1"].CurrentRows);
        Assert.Equal(SmallCellPolicy.ComplementaryNote, slope["1"].SuppressedReason);
        Assert.Equal(69, slope["2"].CurrentRows);
        var cells = doc.Groups.Single(g => g.Attribute == "sex*cp").Groups.ToDictionary(g => g.Group);
        Assert.Null(cells["F*1"].CurrentRows);
        Assert.Null(cells["M*1"].CurrentRows);
        // Within F (53 rows), F*1 would be 53 minus the other F cells: the smallest other (F*2, 12 rows) is hidden too.
        Assert.Null(cells["F*2"].CurrentRows);
        Assert.Null(cells["M*2"].CurrentRows);
        Assert.Equal(48, cells["M*4"].CurrentRows);
        Assert.Equal(143, doc.Overall.CurrentRows);

        var (_, table, _) = CliRunner.Run(args);
        var (_, markdown, _) = CliRunner.Run([.. args, "--format", "markdown"]);
        foreach (var text in new[] { table, markdown })
        {
            var row = text.Split('\n').Single(l => l.TrimStart('|', ' ').StartsWith("slope=3 ", StringComparison.Ordinal));
            Assert.Contains("suppressed", row, StringComparison.Ordinal);
            Assert.DoesNotContain(" 6 ", row, StringComparison.Ordinal);
            Assert.Contains("slope=3: suppressed (fewer than 11 current rows)", text, StringComparison.Ordinal);
        }
    }
}
