using System.Text.Json;
using DuckDB.NET.Data;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Cli;

/// <summary>
/// Bad input through the real command line: the exit code (2 usage, 3 data), one stderr line naming the
/// file, column, row and what was expected, and no output file when --out was given.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string Good =
        "id,sex,label,score\n1,F,1,0.9\n2,M,0,0.2\n3,F,0,0.6\n4,M,1,0.7\n5,F,1,0.4\n6,M,0,0.1\n7,F,0,0.3\n8,M,1,0.8\n";

    private readonly TempDir _dir = new();

    public BadInputTests() => Directory.CreateDirectory(_dir.Combine("out")); // --out's folder must exist

    public void Dispose() => _dir.Dispose();

    private string OutPath => _dir.Combine("out/audit.json");

    /// <summary>Runs with --out and checks the failure contract; returns the message.</summary>
    private string Fails(int expectedCode, string[] args, params string[] mustContain)
    {
        var (code, output, err) = CliRunner.Run([.. args, "--out", OutPath]);
        Assert.Equal(expectedCode, code);
        Assert.Equal("", output);
        var lines = err.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"expected one stderr line, got:\n{err}");
        Assert.StartsWith("vigil: error: ", lines[0], StringComparison.Ordinal);
        foreach (var s in mustContain) Assert.Contains(s, lines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(OutPath), "an output file was left behind");
        Assert.False(Directory.Exists(Path.GetDirectoryName(OutPath)) && Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(OutPath)!).Any(),
            "a partial or temporary output was left behind");
        return lines[0];
    }

    private static string[] Audit(string data, params string[] more) =>
        ["audit", "--data", data, "--label", "label", "--score", "score", "--protected", "sex", .. more];

    [Fact]
    public void Missing_file()
    {
        var path = _dir.Combine("nope.csv");
        Fails(3, Audit(path), path, "no such file");
    }

    [Fact]
    public void Missing_column_lists_the_available_ones()
    {
        var path = _dir.File("a.csv", Good);
        Fails(3, ["audit", "--data", path, "--label", "outcome", "--score", "score", "--protected", "sex"],
            path, "no column 'outcome'", "--label", "available columns: id, sex, label, score");
        Fails(3, Audit(path.Replace("a.csv", "a.csv", StringComparison.Ordinal), "--protected", "Sex"), "no column 'Sex'", "did you mean 'sex'?");
    }

    [Fact]
    public void Labels_that_are_not_binary_list_the_values_and_point_to_positive_label()
    {
        var path = _dir.File("l.csv", "id,sex,label,score\n1,F,yes,0.9\n2,M,no,0.2\n3,F,maybe,0.6\n4,M,yes,0.3\n");
        Fails(3, Audit(path), path, "column 'label'", "not binary", "values found: maybe, no, yes", "positive-label");

        // The same file with the positive class named: 'yes' positive, 'no' and 'maybe' negative.
        using var doc = CliRunner.Json(Audit(path, "--positive-label", "yes"));
        Assert.Equal("yes", doc.RootElement.GetProperty("settings").GetProperty("positive_label").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("overall").GetProperty("metrics").GetProperty("positives").MetricValue());
        Assert.Contains(doc.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("'yes' is positive", StringComparison.Ordinal));
        Fails(3, Audit(path, "--positive-label", "true"), "never holds the positive label 'true'", "values found: maybe, no, yes");
    }

    [Fact]
    public void Scores_nan_or_outside_0_1_name_the_first_offending_rows()
    {
        var path = _dir.File("s.csv", "id,sex,label,score\n1,F,1,0.9\n2,M,0,0.2\n3,F,0,1.5\n4,M,1,0.7\n5,F,1,NaN\n6,M,0,-0.1\n");
        Fails(3, Audit(path), path, "column 'score'", "[0, 1]", "row 3 (line 4) = 1.5", "row 5 (line 6) = missing or NaN", "row 6 (line 7) = -0.1");
    }

    [Fact]
    public void Many_offending_scores_show_the_first_five_and_a_count()
    {
        var rows = string.Concat(Enumerable.Range(1, 9).Select(i => $"{i},F,1,{1 + i}\n"));
        var path = _dir.File("m.csv", "id,sex,label,score\n" + rows);
        var msg = Fails(3, Audit(path), "row 1 (line 2) = 2", "row 5 (line 6) = 6", "and 4 more");
        Assert.DoesNotContain("row 6 (line 7)", msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_score_cell_is_an_error_naming_the_row()
    {
        var path = _dir.File("e.csv", "id,sex,label,score\n1,F,1,0.9\n2,M,0,\n3,F,0,0.6\n4,M,1,?\n");
        Fails(3, Audit(path), path, "column 'score'", "no missing values", "row 2 (line 3) = missing or NaN", "row 4 (line 5) = missing or NaN");
    }

    [Fact]
    public void Score_that_is_not_a_number_names_row_column_and_value()
    {
        var path = _dir.File("n.csv", "id,sex,label,score\n1,F,1,0.9\n2,M,0,abc\n");
        Fails(3, Audit(path), path, "row 2 (line 3)", "column 'score'", "'abc' is not a number");
    }

    [Fact]
    public void Ragged_rows_name_the_line()
    {
        var path = _dir.File("r.csv", "id,sex,label,score\n1,F,1,0.9\n2,M,0,0.2,7\n3,F,0,0.6\n");
        Fails(3, Audit(path), path, "line 3", "expected 4 fields", "found 5");
        var shortRow = _dir.File("r2.csv", "id,sex,label,score\n1,F,1,0.9\n2,M,0,0.2\n3,F,0\n");
        Fails(3, Audit(shortRow), shortRow, "line 4", "expected 4 fields", "found 3");
    }

    [Fact]
    public void Missing_label_cell_is_an_error_naming_the_row()
    {
        var path = _dir.File("ml.csv", "id,sex,label,score\n1,F,1,0.9\n2,M,?,0.2\n3,F,0,0.6\n");
        Fails(3, Audit(path), path, "column 'label'", "missing in 1 rows", "row 2 (line 3)");
    }

    [Fact]
    public void A_group_without_positives_is_not_an_error()
    {
        var path = _dir.File("np.csv", "id,sex,label,score\n1,F,0,0.9\n2,F,0,0.2\n3,M,1,0.6\n4,M,0,0.7\n5,M,1,0.3\n");
        var (code, _, err) = CliRunner.Run([.. Audit(path), "--format", "json", "--out", OutPath]);
        Assert.Equal(0, code);
        Assert.Contains("wrote", err, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(OutPath));
        var f = doc.Attribute("sex").GroupOf("F").GetProperty("metrics");
        foreach (var m in new[] { "sensitivity", "fnr", "auroc" })
        {
            Assert.Equal(JsonValueKind.Null, f.GetProperty(m).GetProperty("value").ValueKind);
            Assert.Equal("no positives in group", f.GetProperty(m).GetProperty("reason").GetString());
        }
        // Balanced accuracy follows scikit-learn: the specificity of a group without positives (F: 1 of 2), with a reason.
        Assert.Equal(0.5, f.GetProperty("balanced_accuracy").MetricValue());
        Assert.StartsWith("no positives in group", f.GetProperty("balanced_accuracy").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0.5, f.GetProperty("fpr").MetricValue());
        Assert.Equal("no positives in group", doc.Attribute("sex").GroupOf("F").GetProperty("tests").GetProperty("fnr_vs_reference").GetProperty("reason").GetString());
    }

    [Fact]
    public void Both_or_neither_score_and_prediction_is_a_usage_error()
    {
        var path = _dir.File("a.csv", Good);
        Fails(2, ["audit", "--data", path, "--label", "label", "--protected", "sex"], "exactly one of --score", "--prediction");
        Fails(2, [.. Audit(path), "--prediction", "label"], "exactly one of --score", "--prediction");
    }

    [Fact]
    public void Unknown_reference_level_is_a_usage_error_listing_the_groups()
    {
        var path = _dir.File("a.csv", Good);
        Fails(2, Audit(path, "--reference", "sex=X"), "--reference sex=X", "no such group", path, "groups: F, M");
        Fails(2, Audit(path, "--reference", "race=A"), "--reference race=...: 'race' is not among the protected attributes");
    }

    [Fact]
    public void Intersections_must_name_protected_columns()
    {
        var path = _dir.File("a.csv", Good);
        Fails(2, Audit(path, "--intersections", "sex*id"), "--intersections 'sex*id'", "'id' is not among the protected attributes (sex)");
        Fails(2, Audit(path, "--intersections", "sex"), "--intersections 'sex'", "two or more attributes");
    }

    [Fact]
    public void Other_usage_errors()
    {
        var path = _dir.File("a.csv", Good);
        Fails(2, Audit(path, "--format", "xml"), "--format 'xml'");
        Fails(2, Audit(path, "--threshold", "1.5"), "--threshold");
        Fails(2, Audit(path, "--bands", "id=5,3"), "edges must increase");
        Fails(2, Audit(path, "--bands", "id=5"), "--bands id=...", "'id' is not among the protected attributes (sex)");
        Fails(2, ["audit", "--data", path, "--label", "label", "--prediction", "label", "--threshold", "0.3", "--protected", "sex"],
            "--threshold applies to --score");
        Fails(2, Audit(path, "--protected", "sex"), "--protected names a column twice");
        Fails(2, Audit(path, "--bootstrap", "-1"), "--bootstrap -1");
        Fails(2, Audit(path, "--reference", "sex"), "--reference 'sex': expected COLUMN=VALUE");
    }

    [Fact]
    public void A_protected_column_with_too_many_levels_is_a_data_error()
    {
        var path = _dir.File("many.csv", "id,sex,label,score\n" + string.Concat(Enumerable.Range(0, 1002).Select(i => $"{i},F,{i % 2},0.5\n")));
        Fails(3, Audit(path, "--protected", "id"), path, "column 'id' (--protected)", "more than 1000 distinct values", "--bands");
    }

    private static string JsonWithoutFile(string path, params string[] more)
    {
        var (code, output, err) = CliRunner.Run([.. Audit(path, more), "--format", "json"]);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(path, doc.RootElement.GetProperty("inputs")[0].GetProperty("path").GetString());
        return output.Replace(JsonSerializer.Serialize(path), "\"<file>\"", StringComparison.Ordinal);
    }

    [Fact]
    public void Semicolon_and_tab_delimited_files_parse_like_comma()
    {
        var comma = JsonWithoutFile(_dir.File("c.csv", Good));
        var semicolon = JsonWithoutFile(_dir.File("s.csv", Good.Replace(',', ';')));
        var tab = JsonWithoutFile(_dir.File("t.tsv", Good.Replace(',', '\t')));
        Assert.Contains("\"<file>\"", comma, StringComparison.Ordinal);
        Assert.Equal(comma, semicolon);
        Assert.Equal(comma, tab);
        var crlf = JsonWithoutFile(_dir.File("crlf.csv", Good.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Equal(comma, crlf);
    }

    [Fact]
    public void Question_mark_and_empty_cells_are_missing()
    {
        var path = _dir.File("q.csv", "id,sex,label,score\n1,F,1,0.9\n2,?,0,0.2\n3,,1,0.6\n4,M,1,0.7\n5,F,0,0.1\n");
        using var doc = CliRunner.Json(Audit(path));
        var sex = doc.Attribute("sex");
        Assert.Equal(["F", "M", "(missing)"], sex.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()!).ToArray());
        Assert.Equal(2, sex.GroupOf("(missing)").GetProperty("n").GetInt32());
        Assert.Equal(1, sex.GroupOf("(missing)").GetProperty("positives").GetInt32());
        Assert.Contains(doc.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("missing in 2 rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Parquet_gives_the_same_json_as_csv()
    {
        var csv = _dir.File("p.csv", Good);
        var parquet = _dir.Combine("p.parquet");
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"COPY (SELECT * FROM read_csv('{csv}')) TO '{parquet}' (FORMAT PARQUET)";
            cmd.ExecuteNonQuery();
        }
        Assert.True(File.Exists(parquet));
        var fromCsv = JsonWithoutFile(csv, "--intersections", "sex*id", "--protected", "id");
        var fromParquet = JsonWithoutFile(parquet, "--intersections", "sex*id", "--protected", "id");
        Assert.Equal(fromCsv, fromParquet);
    }

    [Fact]
    public void Parquet_errors_name_the_row_without_a_line()
    {
        var csv = _dir.File("pb.csv", "id,sex,label,score\n1,F,1,0.9\n2,M,0,1.7\n");
        var parquet = _dir.Combine("pb.parquet");
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"COPY (SELECT * FROM read_csv('{csv}')) TO '{parquet}' (FORMAT PARQUET)";
            cmd.ExecuteNonQuery();
        }
        var msg = Fails(3, Audit(parquet), parquet, "column 'score'", "row 2 = 1.7");
        Assert.DoesNotContain("line", msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_values_render_as_n_a_in_table_and_markdown()
    {
        var path = _dir.File("np.csv", "id,sex,label,score\n1,F,0,0.9\n2,F,0,0.2\n3,M,1,0.6\n4,M,0,0.7\n5,M,1,0.3\n");
        foreach (var format in new[] { "table", "markdown" })
        {
            var (code, output, _) = CliRunner.Run([.. Audit(path), "--format", format]);
            Assert.Equal(0, code);
            Assert.DoesNotContain("NaN", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", output, StringComparison.Ordinal);
            var fLine = output.Split('\n').Single(l => l.Contains(" F ", StringComparison.Ordinal) && l.Contains("small cell", StringComparison.Ordinal));
            Assert.Contains("n/a", fLine, StringComparison.Ordinal);
        }
    }

    /// <summary>--out under a path whose parent is a regular file cannot be written.</summary>
    [Fact]
    public void Unwritable_out_path_is_a_one_line_error()
    {
        var path = _dir.File("a.csv", Good);
        var blocker = _dir.File("afile", "not a directory");
        var target = Path.Combine(blocker, "x.json");
        (int Code, string Out, string Err) result = default;
        var thrown = Record.Exception(() => result = CliRunner.Run([.. Audit(path), "--out", target]));
        Assert.Null(thrown);
        Assert.NotEqual(0, result.Code);
        var lines = (result.Err ?? "").TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.Contains(target, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_escapes_pipes_in_group_labels()
    {
        var path = _dir.File("pipe.csv", "id,grp,label,score\n1,[A],1,0.9\n2,[A],0,0.2\n3,B|C,0,0.6\n4,B|C,1,0.7\n");
        var (code, output, _) = CliRunner.Run("audit", "--data", path, "--label", "label", "--score", "score", "--protected", "grp", "--format", "markdown");
        Assert.Equal(0, code);
        Assert.Contains("| B\\|C | 2 |", output, StringComparison.Ordinal);
        Assert.Contains("| [A] | 2 |", output, StringComparison.Ordinal);
    }

    /// <summary>Square brackets are Spectre.Console markup: a column or reference level named "[x]" must print literally.</summary>
    [Fact]
    public void Table_prints_square_brackets_in_names_literally()
    {
        var path = _dir.File("br.csv", "id,[x],label,score\n1,[a],1,0.9\n2,[a],0,0.2\n3,[a],0,0.6\n4,b,1,0.7\n");
        (int Code, string Out, string Err) result = default;
        var thrown = Record.Exception(() => result = CliRunner.Run("audit", "--data", path, "--label", "label", "--score", "score", "--protected", "[x]"));
        Assert.Null(thrown);
        Assert.Equal(0, result.Code);
        Assert.Contains("[x] (reference: [a])", result.Out, StringComparison.Ordinal);
    }
}
