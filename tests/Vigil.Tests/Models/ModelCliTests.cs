using System.Text.Json;
using Vigil.Cli;
using Vigil.Data;
using Vigil.Models.Scoring;
using Vigil.Models.Training;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Models;

/// <summary>One logistic `vigil train` on the Cleveland heart data, shared by the tests that read its outputs.</summary>
public sealed class TrainedHeartFixture : IDisposable
{
    public const string Features = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal";
    public const string Categorical = "cp,restecg,slope,ca,thal";

    public TrainedHeartFixture()
    {
        Dir = new TempDir();
        Result = CliRunner.Run("train", "--data", TestFiles.Heart, "--label", "disease", "--features", Features, "--categorical", Categorical,
            "--threshold", "youden", "--parquet", "--out", Dir.Combine("logistic"));
    }

    internal TempDir Dir { get; }

    public (int Code, string Out, string Err) Result { get; }

    public string Out(string file) => Dir.Combine(Path.Combine("logistic", file));

    public void Dispose() => Dir.Dispose();
}

public class ModelCliTests(TrainedHeartFixture heart) : IClassFixture<TrainedHeartFixture>
{
    private static string[] Train(string data, string outDir, params string[] extra) =>
        ["train", "--data", data, "--label", "disease", "--features", TrainedHeartFixture.Features, "--categorical", TrainedHeartFixture.Categorical,
            "--out", outDir, .. extra];

    [Fact]
    public void Train_writes_predictions_models_and_train_json()
    {
        Assert.True(heart.Result.Code == 0, heart.Result.Err);
        foreach (var f in new[] { "predictions.csv", "predictions.parquet", "model.zip", "model.onnx", "train.json" })
            Assert.True(File.Exists(heart.Out(f)), f);
        var header = File.ReadLines(heart.Out("predictions.csv")).First();
        Assert.Equal("patient_id,age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num,disease,fold,score,prediction", header);
        Assert.Equal(304, File.ReadLines(heart.Out("predictions.csv")).Count());

        using var json = JsonDocument.Parse(File.ReadAllText(heart.Out("train.json")));
        var root = json.RootElement;
        Assert.Equal("vigil.train/v2", root.GetProperty("schema").GetString());
        Assert.Equal(13, root.GetProperty("features").GetArrayLength());
        Assert.Equal("categorical", root.GetProperty("features")[2].GetProperty("kind").GetString());
        Assert.Equal("numeric", root.GetProperty("features")[0].GetProperty("kind").GetString());
        Assert.Equal(5, root.GetProperty("fold_auroc").GetArrayLength());
        var oof = root.GetProperty("out_of_fold");
        var auroc = oof.GetProperty("auroc");
        Assert.InRange(auroc.GetProperty("value").GetDouble(), 0.88, 0.95);
        Assert.Equal("delong", auroc.GetProperty("ci_method").GetString());
        Assert.True(oof.GetProperty("accuracy").GetProperty("value").GetDouble() > oof.GetProperty("majority_baseline_accuracy").GetProperty("value").GetDouble());
        Assert.Equal("youden", root.GetProperty("threshold").GetProperty("method").GetString());
        Assert.Equal("model.onnx", root.GetProperty("outputs").GetProperty("model_onnx").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("outputs").GetProperty("onnx_error").ValueKind);
        Assert.InRange(root.GetProperty("outputs").GetProperty("onnx_max_abs_difference").GetDouble(), 0, 1e-5);
        Assert.Equal(303, root.GetProperty("outputs").GetProperty("onnx_checked_rows").GetInt32());

        // The reported counts are those of the written predictions.
        var rows = File.ReadLines(heart.Out("predictions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var tp = rows.Count(r => r[15] == "1" && r[18] == "1");
        Assert.Equal(oof.GetProperty("counts").GetProperty("tp").GetInt32(), tp);
    }

    [Fact]
    public void Same_seed_gives_the_same_folds_and_scores()
    {
        using var dir = new TempDir();
        // The fixture trained with the default seed 20240601 and --threshold youden.
        var again = CliRunner.Run(Train(TestFiles.Heart, dir.Combine("a"), "--seed", "20240601", "--threshold", "youden"));
        var other = CliRunner.Run(Train(TestFiles.Heart, dir.Combine("c"), "--seed", "8", "--threshold", "youden"));
        Assert.True(heart.Result.Code == 0 && again.Code == 0 && other.Code == 0, heart.Result.Err + again.Err + other.Err);
        Assert.Equal(File.ReadAllText(heart.Out("predictions.csv")), File.ReadAllText(dir.Combine("a/predictions.csv")));
        Assert.NotEqual(File.ReadAllText(dir.Combine("a/predictions.csv")), File.ReadAllText(dir.Combine("c/predictions.csv")));
    }

    [Fact]
    public void Score_with_zip_and_onnx_agree_and_match_the_final_model()
    {
        Assert.True(heart.Result.Code == 0, heart.Result.Err);
        var zip = CliRunner.Run("score", "--model", heart.Out("model.zip"), "--data", TestFiles.Heart, "--threshold", "0.5", "--out", heart.Out("zip.csv"));
        var onnx = CliRunner.Run("score", "--model", heart.Out("model.onnx"), "--data", TestFiles.Heart, "--out", heart.Out("onnx.parquet"));
        Assert.True(zip.Code == 0, zip.Err);
        Assert.True(onnx.Code == 0, onnx.Err);
        var lines = File.ReadAllLines(heart.Out("zip.csv"));
        Assert.EndsWith(",score,prediction", lines[0], StringComparison.Ordinal);
        Assert.Equal(304, lines.Length);
        using var parquet = TabularSource.Open(heart.Out("onnx.parquet"));
        var onnxScores = parquet.ReadNumeric("score", "score").Values;
        var zipScores = lines.Skip(1).Select(l => double.Parse(l.Split(',')[^2], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < zipScores.Length; i++) Assert.True(Math.Abs(zipScores[i] - onnxScores[i]) <= 1e-5, $"row {i + 1}");
    }

    [Fact]
    public void Onnx_round_trip_logistic_and_lightgbm_within_1e5()
    {
        using var source = TabularSource.Open(TestFiles.Heart);
        var specs = ModelTableLoader.InferKinds(source, TrainedHeartFixture.Features.Split(','), new HashSet<string>(TrainedHeartFixture.Categorical.Split(',')));
        var (table, _) = ModelTableLoader.Load(source, specs, "disease", null);
        using var dir = new TempDir();
        foreach (var kind in new[] { ModelKind.Logistic, ModelKind.LightGbm })
        {
            var model = TrainedModel.Fit(table, null, kind, 11);
            var zipPath = dir.Combine($"{kind}.zip");
            using (var f = File.Create(zipPath)) model.SaveZip(f);
            var (onnx, error) = model.ExportOnnx(table);
            Assert.True(onnx is not null, error);
            var onnxPath = dir.Combine($"{kind}.onnx");
            File.WriteAllBytes(onnxPath, onnx);
            using var z = ScoringModel.Open(zipPath);
            using var o = ScoringModel.Open(onnxPath);
            Assert.Equal("mlnet", z.Format);
            Assert.Equal("onnx", o.Format);
            Assert.Equal(z.Inputs, o.Inputs);
            var a = z.Score(table);
            var b = o.Score(table);
            var inMemory = model.Score(table);
            var max = 0.0;
            for (var i = 0; i < a.Length; i++)
            {
                max = Math.Max(max, Math.Abs(a[i] - b[i]));
                Assert.Equal(inMemory[i], a[i]);
            }
            Assert.True(max <= 1e-5, $"{kind}: max |zip - onnx| = {max}");
            Assert.True(a.Distinct().Count() > 50, $"{kind}: scores are not degenerate");
        }
    }

    [Fact]
    public void Lightgbm_trains_through_the_cli()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(Train(TestFiles.Heart, dir.Path, "--learner", "lightgbm", "--folds", "3", "--threshold", "sensitivity:0.85"));
        Assert.True(r.Code == 0, r.Err);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.Combine("train.json")));
        var root = json.RootElement;
        Assert.Equal("lightgbm", root.GetProperty("learner").GetProperty("name").GetString());
        Assert.True(root.GetProperty("out_of_fold").GetProperty("sensitivity").GetProperty("value").GetDouble() >= 0.85);
        Assert.InRange(root.GetProperty("out_of_fold").GetProperty("auroc").GetProperty("value").GetDouble(), 0.8, 0.97);
    }

    [Fact]
    public void A_fold_whose_training_part_has_one_class_is_named()
    {
        using var dir = new TempDir();
        // One positive among 12 rows: the fold holding it trains on negatives only.
        var rows = Enumerable.Range(0, 12).Select(i => $"{i},{(i % 2 == 0 ? "a" : "b")},{(i == 3 ? 1 : 0)}");
        var data = dir.File("one.csv", "x,g,y\n" + string.Join("\n", rows) + "\n");
        var r = CliRunner.Run("train", "--data", data, "--label", "y", "--features", "x,g", "--folds", "3", "--out", dir.Combine("out"));
        Assert.Equal(VigilApp.DataError, r.Code);
        Assert.Contains("fold", r.Err, StringComparison.Ordinal);
        Assert.Contains("only negative labels", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("out/train.json")));
    }

    [Theory]
    [InlineData("--learner", "forest", 2, "--learner 'forest'")]
    [InlineData("--threshold", "sens:2", 2, "--threshold 'sens:2'")]
    [InlineData("--folds", "1", 2, "--folds 1")]
    [InlineData("--features", "age,cp,restecg,slope,ca,thal,nope", 3, "no column 'nope'")]
    [InlineData("--categorical", "num", 2, "--categorical 'num'")]
    public void Bad_train_options_fail_clearly(string option, string value, int code, string message)
    {
        using var dir = new TempDir();
        var args = Train(TestFiles.Heart, dir.Path).ToList();
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        var r = CliRunner.Run([.. args]);
        Assert.Equal(code, r.Code);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_with_one_class_fails()
    {
        using var dir = new TempDir();
        var data = dir.File("d.csv", "x,y\n1,0\n2,0\n3,0\n4,0\n");
        var r = CliRunner.Run("train", "--data", data, "--label", "y", "--features", "x", "--folds", "2", "--out", dir.Combine("o"));
        Assert.Equal(VigilApp.DataError, r.Code);
        Assert.Contains("only negative values", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_rejects_a_file_that_is_no_model()
    {
        using var dir = new TempDir();
        var notModel = dir.File("model.onnx", "this is not a model\n");
        var r = CliRunner.Run("score", "--model", notModel, "--data", TestFiles.Heart, "--out", dir.Combine("s.csv"));
        Assert.Equal(VigilApp.DataError, r.Code);
        Assert.Contains(notModel, r.Err, StringComparison.Ordinal);
        Assert.Contains("neither an ML.NET model zip nor", r.Err, StringComparison.Ordinal);
        var zip = dir.Combine("fake.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
            archive.CreateEntry("hello.txt");
        r = CliRunner.Run("score", "--model", zip, "--data", TestFiles.Heart, "--out", dir.Combine("s.csv"));
        Assert.Equal(VigilApp.DataError, r.Code);
        Assert.Contains("not an ML.NET model", r.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.zip")]
    [InlineData("model.onnx")]
    public void Score_names_a_missing_input_and_a_type_mismatch(string model)
    {
        Assert.True(heart.Result.Code == 0, heart.Result.Err);
        using var dir = new TempDir();
        var lines = File.ReadAllLines(TestFiles.Heart);
        var noChol = dir.File("nochol.csv", string.Join("\n", lines.Select(l => string.Join(",", l.Split(',').Where((_, i) => i != 5)))) + "\n");
        var r = CliRunner.Run("score", "--model", heart.Out(model), "--data", noChol, "--out", dir.Combine("s.csv"));
        Assert.Equal(VigilApp.DataError, r.Code);
        Assert.Contains("no column 'chol'", r.Err, StringComparison.Ordinal);
        Assert.Contains("data columns: patient_id, age", r.Err, StringComparison.Ordinal);

        var textAge = dir.File("textage.csv", string.Join("\n", lines.Select((l, i) => i == 3 ? "3,old" + l[l.IndexOf(',', 2)..] : l)) + "\n");
        r = CliRunner.Run("score", "--model", heart.Out(model), "--data", textAge, "--out", dir.Combine("s.csv"));
        Assert.Equal(VigilApp.DataError, r.Code);
        Assert.Contains("'old' is text", r.Err, StringComparison.Ordinal);
        Assert.Contains("'age' as a number", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("s.csv")));
    }
}
