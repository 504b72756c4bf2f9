using System.Globalization;
using System.Text.Json;
using Vigil.Application.Estimation;
using Vigil.Contracts.Estimation;
using Vigil.Tests.Application;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Estimation;

/// <summary>`vigil estimate` end to end on the shipped heart data split into a labelled reference and an unlabelled current file.</summary>
public sealed class EstimateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-estimate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes rows [from, to) of the heart file without the dropped columns, with <paramref name="edit"/> applied to each row's cells.</summary>
    private string Split(string name, int from, int to, string[] drop, Action<Dictionary<string, string>>? edit = null)
    {
        var lines = File.ReadAllLines(TestFiles.Heart);
        var header = lines[0].Split(',');
        var keep = header.Where(h => !drop.Contains(h)).ToArray();
        var output = new List<string> { string.Join(',', keep) };
        foreach (var line in lines.Skip(1 + from).Take(to - from))
        {
            var cells = line.Split(',');
            var row = header.Select((h, k) => (h, cells[k])).ToDictionary(x => x.h, x => x.Item2);
            edit?.Invoke(row);
            output.Add(string.Join(',', keep.Select(k => row[k])));
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, output);
        return path;
    }

    private static string[] Args(string reference, string current, params string[] extra) =>
    [
        "estimate", "--reference-data", reference, "--current-data", current, "--label", "disease", "--score", "score",
        "--protected", "sex", "--features", "age,sex,chol,thalach,trestbps", "--bootstrap", "50", .. extra,
    ];

    [Fact]
    public void Json_follows_the_published_schema_and_hides_the_current_labels()
    {
        var reference = Split("ref.csv", 0, 160, []);
        var current = Split("cur.csv", 160, 303, ["disease", "num"]);
        var (code, json, err) = CliRunner.Run(Args(reference, current, "--format", "json"));
        Assert.True(code == 0, err);
        ModelContractSchemas.AssertValid(EstimateContract.Schema, json);
        var doc = EstimateContract.Parse(json, "stdout");
        Assert.Equal(143, doc.Overall.CurrentRows);
        Assert.Equal(160, doc.Overall.ReferenceRows);
        Assert.True(doc.Calibration.Method is "isotonic" or "platt", doc.Calibration.Method);
        var scores = File.ReadAllLines(current).Skip(1).Select(l => double.Parse(l.Split(',')[^2], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(scores.Count(s => s >= 0.5) / 143.0, doc.Overall.Metrics.SelectionRate.Value!.Value, 12);
        var sex = Assert.Single(doc.Groups);
        Assert.Equal(["F", "M"], sex.Groups.Select(g => g.Group).ToArray());
        // Both sex groups are under 100 rows: F has fewer than 11 predicted positives or negatives, and M is the
        // complement that would give them back (143 − F), so both show their size only (docs/suppression.md).
        var f = sex.Groups[0];
        var m = sex.Groups[1];
        Assert.Equal(53, f.CurrentRows);
        Assert.Null(f.Metrics.Sensitivity.Value);
        Assert.Null(f.ExpectedConfusion);
        Assert.Equal("numbers over the predicted positives or negatives suppressed (fewer than 11 of them)", f.SuppressedReason);
        Assert.Null(m.Metrics.Sensitivity.Value);
        Assert.Equal("numbers over the predicted positives or negatives suppressed (so that a smaller group's cannot be derived)", m.SuppressedReason);
        var overall = doc.Overall.Metrics.Sensitivity;
        Assert.True(overall.Value is >= 0 and <= 1);
        Assert.Equal(2, overall.Ci!.Length);
    }

    [Fact]
    public void Table_and_markdown_name_an_unreliable_estimate_first()
    {
        var reference = Split("ref.csv", 0, 160, []);
        var current = Split("cur.csv", 160, 303, ["disease", "num"], row => row["age"] = (double.Parse(row["age"], CultureInfo.InvariantCulture) + 80).ToString(CultureInfo.InvariantCulture));
        var (code, table, err) = CliRunner.Run(Args(reference, current));
        Assert.True(code == 0, err);
        Assert.Contains("UNRELIABLE: the current data leave the reference's support.", table, StringComparison.Ordinal);
        Assert.Contains("domain classifier AUROC", table, StringComparison.Ordinal);
        var (_, markdown, _) = CliRunner.Run(Args(reference, current, "--format", "markdown"));
        Assert.StartsWith("# Estimated performance without labels", markdown, StringComparison.Ordinal);
        Assert.Contains("**UNRELIABLE", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_without_the_label_is_an_error_naming_the_file_and_column()
    {
        var reference = Split("ref.csv", 0, 160, ["disease"]);
        var current = Split("cur.csv", 160, 303, []);
        var (code, _, err) = CliRunner.Run(Args(reference, current));
        Assert.Equal(3, code);
        Assert.Contains("ref.csv", err, StringComparison.Ordinal);
        Assert.Contains("'disease'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_current_file_without_the_score_is_an_error_naming_it()
    {
        var reference = Split("ref.csv", 0, 160, []);
        var current = Split("cur.csv", 160, 303, ["score"]);
        var (code, _, err) = CliRunner.Run(Args(reference, current));
        Assert.Equal(3, code);
        Assert.Contains("cur.csv: no column 'score'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_columns_under_the_default_features_are_an_error_naming_the_column()
    {
        var reference = Split("ref.csv", 0, 160, []);
        var current = Split("cur.csv", 160, 303, ["disease", "num"]);
        var (code, _, err) = CliRunner.Run(
            "estimate", "--reference-data", reference, "--current-data", current, "--label", "disease", "--score", "score", "--protected", "sex");
        Assert.Equal(3, code);
        Assert.Contains("cur.csv: no column 'num'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_score_outside_zero_one_is_an_error_naming_the_row()
    {
        var reference = Split("ref.csv", 0, 160, [], row => row["score"] = row["patient_id"] == "7" ? "1.5" : row["score"]);
        var current = Split("cur.csv", 160, 303, []);
        var (code, _, err) = CliRunner.Run(Args(reference, current));
        Assert.Equal(3, code);
        Assert.Contains("'score'", err, StringComparison.Ordinal);
        Assert.Contains("row 7", err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_published_schema_is_the_one_the_contract_generates()
    {
        var generated = EstimateContract.JsonSchema();
        var path = ModelContractSchemas.PathOf(EstimateContract.Schema);
        if (Environment.GetEnvironmentVariable("VIGIL_WRITE_SCHEMAS") == "1") File.WriteAllText(path, generated);
        Assert.Equal(generated, File.ReadAllText(path));
    }

    [Fact]
    public void The_job_rejects_the_label_among_the_features()
    {
        var reference = Split("ref.csv", 0, 160, []);
        var current = Split("cur.csv", 160, 303, []);
        var e = Assert.Throws<Vigil.Core.VigilException>(() => EstimateJob.Run(new EstimateJobOptions
        {
            ReferenceData = reference, CurrentData = current, Label = "disease", Score = "score",
            Groups = new Vigil.Application.Groups.GroupSelection { Protected = ["sex"] }, Features = ["age", "disease"],
        }));
        Assert.Equal("features", e.Parameter);
    }
}
