using System.Text.Json;
using Vigil.Cli;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Models;

public class ValidateCliTests
{
    private static string Sites => Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites", "heart-4sites.csv");

    private static readonly string[] ModelArgs =
    [
        "--label", "disease", "--features", TrainedHeartFixture.Features, "--categorical", TrainedHeartFixture.Categorical,
        "--protected", "sex,age", "--bands", "age=45,65",
    ];

    [Fact]
    public void Train_on_cleveland_validate_on_the_other_sites()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(["validate", "--data", Sites, "--site", "site", "--train-site", "cleveland", .. ModelArgs, "--out", dir.Path]);
        Assert.True(r.Code == 0, r.Err);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.Combine("validation.json")));
        var root = json.RootElement;
        Assert.Equal("vigil.validation/v2", root.GetProperty("schema").GetString());
        var settings = root.GetProperty("sites");
        Assert.Equal(["cleveland", "hungary", "switzerland", "va_long_beach"], settings.EnumerateArray().Select(s => s.GetProperty("site").GetString()));
        Assert.Equal("internal", settings[0].GetProperty("role").GetString());
        Assert.Equal([303, 294, 123, 200], settings.EnumerateArray().Select(s => s.GetProperty("performance").GetProperty("n").GetInt32()));
        var internalAuroc = settings[0].GetProperty("performance").GetProperty("auroc").GetProperty("value").GetDouble();
        var vaAuroc = settings[3].GetProperty("performance").GetProperty("auroc").GetProperty("value").GetDouble();
        Assert.InRange(internalAuroc, 0.88, 0.95);
        Assert.True(vaAuroc < internalAuroc, "transport to VA loses discrimination");
        var diff = root.GetProperty("differences")[2].GetProperty("performance").GetProperty("auroc").GetDouble();
        Assert.Equal(vaAuroc - internalAuroc, diff, 12);
        var sex = settings[1].GetProperty("fairness").GetProperty("sex");
        Assert.Equal(["F", "M"], sex.EnumerateArray().Select(g => g.GetProperty("group").GetString()));
        Assert.Equal(JsonValueKind.Array, sex[0].GetProperty("fnr").GetProperty("ci").ValueKind);
        // Switzerland never measured cholesterol: the note says so.
        Assert.Contains(settings[2].GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("chol is missing in 123 of 123", StringComparison.Ordinal));
        foreach (var site in new[] { "cleveland", "hungary", "switzerland", "va_long_beach" })
            Assert.True(File.Exists(dir.Combine($"predictions-{site}.csv")), site);
        Assert.Equal(124, File.ReadLines(dir.Combine("predictions-switzerland.csv")).Count());
        Assert.Contains("| auroc |", File.ReadAllText(dir.Combine("validation.md")), StringComparison.Ordinal);

        // Calibration per setting: the slope is the recalibration of the setting's own scores, so it equals a direct
        // fit on the predictions file; VA's scores are too extreme there (slope well below 1), Cleveland's are not.
        var vaCalibration = settings[3].GetProperty("calibration");
        var vaSlope = vaCalibration.GetProperty("slope").GetProperty("value").GetDouble();
        var (scores, labels) = ScoresAndLabels(dir.Combine("predictions-va_long_beach.csv"));
        var direct = Vigil.Core.Calibration.CalibrationStatistics.Compute(scores, labels);
        Assert.Equal(direct.Slope.Value!.Value, vaSlope, 6);
        Assert.InRange(vaSlope, 0, 0.8);
        Assert.Equal(JsonValueKind.Array, vaCalibration.GetProperty("slope").GetProperty("ci").ValueKind);
        var internalSlope = settings[0].GetProperty("calibration").GetProperty("slope").GetProperty("value").GetDouble();
        Assert.InRange(internalSlope, 0.8, 1.2);
        Assert.Equal(vaSlope - internalSlope, root.GetProperty("differences")[2].GetProperty("calibration").GetProperty("slope").GetDouble(), 12);
        Assert.Equal(200, vaCalibration.GetProperty("reliability_uniform").GetProperty("count").EnumerateArray().Sum(c => c.GetInt64()));
        Assert.Contains("| calibration slope |", File.ReadAllText(dir.Combine("validation.md")), StringComparison.Ordinal);
    }

    /// <summary>The score and 0/1 disease columns of a predictions file (header, comma-separated, no quoting).</summary>
    private static (double[] Scores, byte[] Labels) ScoresAndLabels(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var score = Array.IndexOf(header, "score");
        var disease = Array.IndexOf(header, "disease");
        var scores = new double[lines.Length - 1];
        var labels = new byte[lines.Length - 1];
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            scores[i - 1] = double.Parse(cells[score], System.Globalization.CultureInfo.InvariantCulture);
            labels[i - 1] = byte.Parse(cells[disease], System.Globalization.CultureInfo.InvariantCulture);
        }
        return (scores, labels);
    }

    [Fact]
    public void Train_and_validate_files()
    {
        using var dir = new TempDir();
        var lines = File.ReadAllLines(Sites);
        var train = dir.File("cleveland.csv", string.Join("\n", lines.Where(l => l.StartsWith("site", StringComparison.Ordinal) || l.StartsWith("cleveland", StringComparison.Ordinal))) + "\n");
        var hungary = dir.File("hungary.csv", string.Join("\n", lines.Where(l => l.StartsWith("site", StringComparison.Ordinal) || l.StartsWith("hungary", StringComparison.Ordinal))) + "\n");
        var r = CliRunner.Run(["validate", "--train", train, "--validate", hungary, .. ModelArgs, "--threshold", "youden", "--out", dir.Combine("out")]);
        Assert.True(r.Code == 0, r.Err);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.Combine("out/validation.json")));
        var settings = json.RootElement.GetProperty("sites");
        Assert.Equal(2, settings.GetArrayLength());
        Assert.Equal("hungary", settings[1].GetProperty("site").GetString());
        Assert.Equal("youden", json.RootElement.GetProperty("threshold").GetProperty("method").GetString());
    }

    [Theory]
    [InlineData("--train-site", "mars", 2, "no such value of 'site'")]
    [InlineData("--site", "nope", 3, "no column 'nope'")]
    public void Bad_validate_options_fail_clearly(string option, string value, int code, string message)
    {
        using var dir = new TempDir();
        var args = new List<string> { "validate", "--data", Sites, "--site", "site", "--train-site", "cleveland" };
        args[args.IndexOf(option) + 1] = value;
        var r = CliRunner.Run([.. args, .. ModelArgs, "--out", dir.Path]);
        Assert.Equal(code, r.Code);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_and_train_together_is_a_usage_error()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(["validate", "--data", Sites, "--train", Sites, .. ModelArgs, "--out", dir.Path]);
        Assert.Equal(VigilApp.UsageError, r.Code);
    }
}
