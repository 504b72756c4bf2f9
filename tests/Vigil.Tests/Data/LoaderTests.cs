using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Vigil.Core;
using Vigil.Data;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Data;

public sealed class LoaderTests : IDisposable
{
    private const string Good = "id,sex,label,score\n1,F,1,0.9\n2,M,0,0.2\n3,\"A, B\",0,0.6\n4,M,1,0.7\n5,F,0,0.5\n";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Bands_label_and_assign_closed_below_open_above()
    {
        var b = Bands.Parse("age=45,65");
        Assert.Equal("age", b.Column);
        Assert.Equal(["<45", "45-64", ">=65"], b.Labels());
        Assert.Equal(0, b.BandOf(44.999));
        Assert.Equal(1, b.BandOf(45));
        Assert.Equal(1, b.BandOf(64.9));
        Assert.Equal(2, b.BandOf(65));
        Assert.Equal(["<0.5", "0.5-<1.5", ">=1.5"], Bands.Parse("x=0.5,1.5").Labels());
        Assert.Equal(["<10", ">=10"], Bands.Parse("x=10").Labels());
    }

    [Theory]
    [InlineData("age")]
    [InlineData("age=")]
    [InlineData("=45")]
    [InlineData("age=45,abc")]
    [InlineData("age=65,45")]
    [InlineData("age=45,45")]
    public void Bad_bands_are_usage_errors(string spec)
    {
        var e = Assert.Throws<VigilException>(() => Bands.Parse(spec));
        Assert.Equal(FailureKind.Usage, e.Kind);
        Assert.Equal("bands", e.Parameter); // the CLI names the flag (--bands); the library names the option's key
    }

    [Fact]
    public void Numeric_levels_sort_by_value_and_text_levels_ordinally()
    {
        Assert.Equal(["2", "9", "10", "100"], TabularSource.SortLevels(["10", "9", "100", "2"]));
        Assert.Equal(["B", "a", "b"], TabularSource.SortLevels(["b", "a", "B"]));
    }

    [Fact]
    public void Loader_maps_labels_scores_and_protected_levels()
    {
        var path = _dir.File("a.csv", Good);
        using var source = TabularSource.Open(path);
        Assert.Equal(["id", "sex", "label", "score"], source.Columns);
        Assert.Equal(5, source.RowCount);
        var (data, report) = AuditLoader.Load(source, new AuditColumns("label", "score", null, 0.5, ["sex"], [], null));
        Assert.Equal("1", report.PositiveLabel);
        Assert.Equal([1, 0, 0, 1, 0], data.Labels.Select(x => (int)x));
        // score >= threshold: 0.5 is predicted positive.
        Assert.Equal([1, 0, 1, 1, 1], data.Predictions.Select(x => (int)x));
        var sex = data.Attributes.Single();
        Assert.Equal(["A, B", "F", "M"], sex.Levels); // the quoted comma stays inside the value
        Assert.Equal(["F", "M", "A, B", "M", "F"], sex.Codes.Select(c => sex.Levels[c]));
    }

    [Fact]
    public void Threshold_moves_predictions()
    {
        var path = _dir.File("a.csv", Good);
        using var source = TabularSource.Open(path);
        var (data, _) = AuditLoader.Load(source, new AuditColumns("label", "score", null, 0.7, ["sex"], [], null));
        Assert.Equal([1, 0, 0, 1, 0], data.Predictions.Select(x => (int)x));
    }

    [Fact]
    public void Banded_attribute_with_missing_values_forms_a_missing_group()
    {
        var path = _dir.File("b.csv", "age,label,score\n30,1,0.9\n?,0,0.2\n50,0,0.6\n70,1,0.4\n45,0,0.1\n");
        using var source = TabularSource.Open(path);
        var (data, report) = AuditLoader.Load(source, new AuditColumns("label", "score", null, 0.5, ["age"], [Bands.Parse("age=45,65,80")], null));
        var age = data.Attributes.Single();
        Assert.Equal(["<45", "45-64", "65-79", ">=80", AuditLoader.MissingLevel], age.Levels);
        Assert.Equal(["<45", AuditLoader.MissingLevel, "45-64", "65-79", "45-64"], age.Codes.Select(c => age.Levels[c]));
        Assert.Contains(report.Notes, n => n.Contains("with no rows: >=80", StringComparison.Ordinal));
    }

    [Fact]
    public void Numeric_positive_label_matches_by_value_and_true_false_labels_are_binary()
    {
        var path = _dir.File("n.csv", "id,label,score\n1,2,0.9\n2,1,0.2\n3,1,0.6\n4,2,0.3\n");
        using (var source = TabularSource.Open(path))
        {
            // "2.0" is not a level, but it is the number 2: the numeric fallback finds level "2".
            var (data, report) = AuditLoader.Load(source, new AuditColumns("label", "score", null, 0.5, ["id"], [], "2.0"));
            Assert.Equal([1, 0, 0, 1], data.Labels.Select(x => (int)x));
            Assert.Equal("2", report.PositiveLabel);
        }
        var tf = _dir.File("tf.csv", "id,label,score\n1,True,0.9\n2,false,0.2\n3,FALSE,0.6\n");
        using (var source = TabularSource.Open(tf))
        {
            var (data, _) = AuditLoader.Load(source, new AuditColumns("label", "score", null, 0.5, ["id"], [], null));
            Assert.Equal([1, 0, 0], data.Labels.Select(x => (int)x));
        }
    }

    [Fact]
    public void Prediction_column_with_named_positive_label()
    {
        var path = _dir.File("p.csv", "id,label,pred\n1,yes,yes\n2,no,yes\n3,yes,no\n4,no,no\n");
        using var source = TabularSource.Open(path);
        var (data, _) = AuditLoader.Load(source, new AuditColumns("label", null, "pred", 0.5, ["id"], [], "yes"));
        Assert.Equal([1, 0, 1, 0], data.Labels.Select(x => (int)x));
        Assert.Equal([1, 1, 0, 0], data.Predictions.Select(x => (int)x));
        Assert.Null(data.Scores);
    }

    private static string JsonOf(string path)
    {
        var (code, output, err) = CliRunner.Run("audit", "--data", path, "--label", "label", "--score", "score", "--protected", "sex", "--format", "json");
        Assert.True(code == 0, err);
        return output.Replace(JsonSerializer.Serialize(path), "\"<file>\"", StringComparison.Ordinal);
    }

    [Fact]
    public void Bom_and_gzip_files_read_like_plain_csv()
    {
        var plain = JsonOf(_dir.File("plain.csv", Good));
        var bom = _dir.Combine("bom.csv");
        File.WriteAllText(bom, Good, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(plain, JsonOf(bom));
        var gz = _dir.Combine("g.csv.gz");
        using (var f = File.Create(gz))
        using (var z = new GZipStream(f, CompressionLevel.Fastest))
            z.Write(Encoding.UTF8.GetBytes(Good));
        Assert.Equal(plain, JsonOf(gz));
    }

    [Fact]
    public void Empty_file_and_duplicate_header_are_data_errors()
    {
        var empty = _dir.File("empty.csv", "");
        var (code, _, err) = CliRunner.Run("audit", "--data", empty, "--label", "label", "--score", "score", "--protected", "sex");
        Assert.Equal(3, code);
        Assert.Contains($"{empty}: the file is empty", err, StringComparison.Ordinal);
        var dup = _dir.File("dup.csv", "id,sex,sex\n1,F,M\n");
        (code, _, err) = CliRunner.Run("audit", "--data", dup, "--label", "label", "--score", "score", "--protected", "sex");
        Assert.Equal(3, code);
        Assert.Contains("line 1: column name 'sex' appears twice", err, StringComparison.Ordinal);
    }

    /// <summary>A header-only file reaches the engine, whose message "no rows to audit" does not say which file.</summary>
    [Fact]
    public void Header_only_file_names_the_file()
    {
        var path = _dir.File("hdr.csv", "id,sex,label,score\n");
        var (code, _, err) = CliRunner.Run("audit", "--data", path, "--label", "label", "--score", "score", "--protected", "sex");
        Assert.Equal(3, code);
        Assert.Contains(path, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_only_file_is_a_data_error()
    {
        var path = _dir.File("hdr.csv", "id,sex,label,score\n");
        var (code, _, err) = CliRunner.Run("audit", "--data", path, "--label", "label", "--score", "score", "--protected", "sex");
        Assert.Equal(3, code);
        Assert.Contains("no rows", err, StringComparison.Ordinal);
    }

    /// <summary>
    /// Labels 1, 1.0, 0, True: every value is 0/1-like, so the loader treats the column as binary without
    /// --positive-label, yet only the first true-like level ("1") becomes positive; "1.0" and "True" are
    /// silently counted as negatives (the note even says so). Expected: 3 positives.
    /// </summary>
    [Fact]
    public void Every_spelling_of_the_positive_class_is_positive()
    {
        var path = _dir.File("mix.csv", "id,label,score\n1,1,0.9\n2,1.0,0.8\n3,0,0.2\n4,True,0.7\n");
        using var source = TabularSource.Open(path);
        var (data, _) = AuditLoader.Load(source, new AuditColumns("label", "score", null, 0.5, ["id"], [], null));
        Assert.Equal([1, 1, 0, 1], data.Labels.Select(x => (int)x));
    }
}
