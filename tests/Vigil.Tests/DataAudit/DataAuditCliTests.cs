using System.Text.Json;
using Vigil.Cli;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.DataAudit;

public sealed class DataAuditCliTests : IDisposable
{
    private static readonly string Sites = Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites");
    private const string Columns = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num";
    private static readonly string[] SectionKeys = ["motivation", "composition", "collection", "preprocessing", "uses", "distribution", "maintenance"];
    private static readonly string[] SiteNames = ["cleveland", "hungarian", "switzerland", "va"];
    private static readonly int[] SiteRows = [303, 294, 123, 200];
    private static readonly int[] SitePositives = [139, 106, 115, 149];
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-data-audit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static JsonElement Group(JsonElement array, string group) =>
        array.EnumerateArray().Single(g => g.GetProperty("group").GetString() == group);

    [Fact]
    public void Cleveland_counts_sex_disease_and_missing_ca_thal()
    {
        var (code, stdout, stderr) = Run("data-audit", "--data", Path.Combine(Sites, "processed.cleveland.data"), "--header", Columns,
            "--label", "num", "--positive-label", ">0", "--protected", "sex", "--level-names", "sex=0:female,1:male",
            "--features", "trestbps,chol,thalach,oldpeak,ca,thal", "--format", "json");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("vigil.data-audit/v2", root.GetProperty("schema").GetString());
        var sex = root.GetProperty("composition").EnumerateArray().Single(c => c.GetProperty("grouping").GetString() == "sex" && c.GetProperty("site").ValueKind == JsonValueKind.Null);
        Assert.Equal(206, Group(sex.GetProperty("groups"), "male").GetProperty("n").GetInt32());
        Assert.Equal(97, Group(sex.GetProperty("groups"), "female").GetProperty("n").GetInt32());
        Assert.Equal(139, root.GetProperty("labels").GetProperty("positives").GetInt32());
        Assert.Equal(303, root.GetProperty("labels").GetProperty("n").GetInt32());
        var missing = root.GetProperty("missingness").EnumerateArray().ToDictionary(m => m.GetProperty("column").GetString()!, m => m.GetProperty("missing").GetInt32());
        Assert.Equal(4, missing["ca"]);
        Assert.Equal(2, missing["thal"]);
        Assert.Equal(0, missing["chol"]);
        // Every group object names group, n and positives; men and women's positives add up to 139.
        var labelSex = root.GetProperty("labels").GetProperty("groupings")[0].GetProperty("groups");
        Assert.Equal(139, labelSex.EnumerateArray().Sum(g => g.GetProperty("positives").GetInt32()));
        var caBySex = root.GetProperty("missingness").EnumerateArray().Single(m => m.GetProperty("column").GetString() == "ca").GetProperty("by_group")[0].GetProperty("groups");
        Assert.Equal(4, caBySex.EnumerateArray().Sum(g => g.GetProperty("missing").GetInt32()));
        Assert.All(caBySex.EnumerateArray(), g => Assert.True(g.TryGetProperty("positives", out _)));
    }

    [Fact]
    public void Four_sites_pool_levels_written_differently_and_count_sentinels()
    {
        var files = string.Join(",", SiteNames.Select(s => Path.Combine(Sites, $"processed.{s}.data")));
        var (code, stdout, stderr) = Run("data-audit", "--data", files, "--header", Columns, "--label", "num", "--positive-label", ">0",
            "--protected", "sex", "--features", "chol,trestbps", "--sentinels", "chol=0,trestbps=0", "--format", "json");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        var sex = root.GetProperty("composition")[0].GetProperty("groups");
        // Cleveland writes sex as 1.0/0.0, the other sites as 1/0: one level each.
        Assert.Equal(2, sex.GetArrayLength());
        Assert.Equal(726, Group(sex, "1").GetProperty("n").GetInt32());
        Assert.Equal(194, Group(sex, "0").GetProperty("n").GetInt32());
        Assert.Equal(509, root.GetProperty("labels").GetProperty("positives").GetInt32());
        var chol = root.GetProperty("missingness").EnumerateArray().Single(m => m.GetProperty("column").GetString() == "chol");
        Assert.Equal(172, chol.GetProperty("missing_sentinel").GetInt32()); // all 123 Swiss rows and 49 VA rows
        Assert.Equal(30, chol.GetProperty("missing_coded").GetInt32()); // Hungary 23, VA 7
        var sites = root.GetProperty("sites").GetProperty("sites");
        Assert.Equal(SiteRows, sites.EnumerateArray().Select(s => s.GetProperty("n").GetInt32()));
        Assert.Equal(SitePositives, sites.EnumerateArray().Select(s => s.GetProperty("positives").GetInt32()));
    }

    private void AssertFailsCleanly((int Code, string Out, string Err) result, int expectedCode, string expectedText, string outPath)
    {
        Assert.Equal(expectedCode, result.Code);
        var line = Assert.Single(result.Err.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("vigil: error: ", line, StringComparison.Ordinal);
        Assert.Contains(expectedText, line, StringComparison.Ordinal);
        Assert.False(File.Exists(outPath), "no partial output");
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    private string Annotated() => Write("annotated.csv",
        "sex,y,r1,r2\nF,1,1,1\nF,0,0,1\nM,1,1,1\nM,0,0,0\nM,1,2,1\n");

    [Fact]
    public void Annotation_outside_the_label_set_is_a_data_error()
    {
        var output = Path.Combine(_dir, "out.json");
        var result = Run("data-audit", "--data", Annotated(), "--label", "y", "--protected", "sex", "--annotations", "r1,r2", "--format", "json", "--out", output);
        AssertFailsCleanly(result, 3, "row 5 (line 6), column 'r1' (--annotations): '2' is not a value of the label; label values: 0, 1", output);
    }

    [Fact]
    public void Reference_population_shares_must_sum_to_one()
    {
        var data = Write("d.csv", "sex,y\nF,1\nM,0\nM,1\n");
        var population = Write("pop.csv", "attribute,group,share\nsex,F,0.5\nsex,M,0.48\n");
        var output = Path.Combine(_dir, "out.json");
        var result = Run("data-audit", "--data", data, "--label", "y", "--protected", "sex", "--reference-population", population, "--out", output);
        AssertFailsCleanly(result, 3, "the shares of 'sex' sum to 0.98, expected 1 (±0.01)", output);
    }

    [Fact]
    public void Reference_population_with_an_unknown_group_is_a_data_error()
    {
        var data = Write("d.csv", "sex,y\nF,1\nM,0\nM,1\n");
        var population = Write("pop.csv", "attribute,group,share\nsex,F,0.5\nsex,X,0.5\n");
        var output = Path.Combine(_dir, "out.json");
        var result = Run("data-audit", "--data", data, "--label", "y", "--protected", "sex", "--reference-population", population, "--out", output);
        AssertFailsCleanly(result, 3, "line 3: group 'X' of 'sex' does not occur in the data; groups: F, M", output);
    }

    [Fact]
    public void Empty_file_and_header_only_file_are_data_errors()
    {
        var output = Path.Combine(_dir, "out.json");
        AssertFailsCleanly(Run("data-audit", "--data", Write("empty.csv", ""), "--label", "y", "--protected", "sex", "--out", output), 3, "the file is empty", output);
        AssertFailsCleanly(Run("data-audit", "--data", Write("header.csv", "sex,y\n"), "--label", "y", "--protected", "sex", "--out", output), 3, "no data rows", output);
    }

    [Fact]
    public void Reference_population_gives_ratios_and_flags_under_representation()
    {
        var data = Write("d.csv", "sex,y\nF,1\nM,0\nM,1\nM,0\nM,1\n");
        var population = Write("pop.csv", "# source: test census\nattribute,group,share\nsex,F,0.5\nsex,M,0.5\n");
        var (code, stdout, stderr) = Run("data-audit", "--data", data, "--label", "y", "--protected", "sex", "--reference-population", population, "--format", "json");
        Assert.True(code == 0, stderr);
        var reference = JsonDocument.Parse(stdout).RootElement.GetProperty("composition")[0].GetProperty("reference_population");
        Assert.Equal("test census", reference.GetProperty("source").GetString());
        var f = Group(reference.GetProperty("groups"), "F");
        Assert.Equal(0.4, f.GetProperty("representation_ratio").GetDouble(), 12); // 0.2 / 0.5
        Assert.True(f.GetProperty("under_represented").GetBoolean());
        Assert.False(Group(reference.GetProperty("groups"), "M").GetProperty("under_represented").GetBoolean());
        // χ² = (1 − 2.5)²/2.5 + (4 − 2.5)²/2.5 = 1.8
        Assert.Equal(1.8, reference.GetProperty("statistic").GetDouble(), 12);
    }

    [Fact]
    public void Two_annotators_give_cohens_kappa_overall_and_per_group()
    {
        var data = Write("a.csv", "sex,y,r1,r2\nF,1,1,1\nF,0,0,1\nF,1,1,1\nM,1,1,1\nM,0,0,0\nM,1,1,0\nM,0,0,0\n");
        var (code, stdout, stderr) = Run("data-audit", "--data", data, "--label", "y", "--protected", "sex", "--annotations", "r1,r2", "--format", "json");
        Assert.True(code == 0, stderr);
        var a = JsonDocument.Parse(stdout).RootElement.GetProperty("annotations");
        Assert.Equal("cohen_kappa", a.GetProperty("method").GetString());
        // Overall: 7 items, agree 5; r1 ones 4/7, r2 ones 4/7: p_e = (16 + 9)/49, κ = (5/7 − 25/49)/(1 − 25/49) = 10/24.
        Assert.Equal(10.0 / 24, a.GetProperty("overall").GetProperty("kappa").GetProperty("value").GetDouble(), 12);
        var f = Group(a.GetProperty("groupings")[0].GetProperty("groups"), "F");
        Assert.Equal(1, f.GetProperty("disagreements").GetInt32());
        Assert.Equal(3, f.GetProperty("n").GetInt32());
        Assert.Equal(2, f.GetProperty("positives").GetInt32());
    }

    private const string MinimalSheet = """
        motivation:
          purpose: test
          creators: test
        composition:
          instances: one patient
          sample: a sample
          identifiable: no
          sensitive: yes
        collection:
          acquisition: records
          timeframe: 2020
        preprocessing:
          preprocessing: none
        uses:
          inappropriate_uses: everything clinical
        distribution:
          license: CC BY 4.0
        maintenance:
          maintainer: nobody

        """;

    [Fact]
    public void Datasheet_with_an_unknown_question_fails_before_reading_data()
    {
        var data = Write("d.csv", "sex,y\nF,1\nM,0\n");
        var sheet = Write("sheet.yaml", MinimalSheet.Replace("  sample: a sample", "  sample: a sample\n  colour: blue", StringComparison.Ordinal));
        var output = Path.Combine(_dir, "out.json");
        var result = Run("data-audit", "--data", data, "--label", "y", "--protected", "sex", "--datasheet", sheet, "--datasheet-out", _dir, "--out", output);
        AssertFailsCleanly(result, 3, "line 7: unknown question 'composition.colour'; questions of 'composition': instances, count,", output);
        Assert.False(File.Exists(Path.Combine(_dir, "datasheet.md")));
    }

    [Fact]
    public void Datasheet_missing_required_answers_names_them()
    {
        var data = Write("d.csv", "sex,y\nF,1\nM,0\n");
        var sheet = Write("sheet.yaml", MinimalSheet.Replace("  license: CC BY 4.0", "  how_distributed: web", StringComparison.Ordinal).Replace("  timeframe: 2020\n", "", StringComparison.Ordinal));
        var output = Path.Combine(_dir, "out.json");
        var result = Run("data-audit", "--data", data, "--label", "y", "--protected", "sex", "--datasheet", sheet, "--datasheet-out", _dir, "--out", output);
        AssertFailsCleanly(result, 3, "missing required answers: collection.timeframe, distribution.license", output);
    }

    [Fact]
    public void Datasheet_has_every_section_with_narrative_and_measured_answers()
    {
        var data = Write("d.csv", "sex,y,x\nF,1,?\nM,0,2\nM,1,3\n");
        var sheet = Write("sheet.yaml", MinimalSheet);
        var (code, _, stderr) = Run("data-audit", "--data", data, "--label", "y", "--protected", "sex", "--features", "x", "--datasheet", sheet, "--datasheet-out", _dir, "--format", "json");
        Assert.True(code == 0, stderr);
        var text = File.ReadAllText(Path.Combine(_dir, "datasheet.json"));
        Vigil.Tests.Contracts.ContractSchemas.AssertValid(text);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal("vigil.datasheet/v2", json.GetProperty("schema").GetString());
        Assert.Equal(["datasheet", "data"], json.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("role").GetString()));
        Assert.Equal(sheet, json.GetProperty("inputs")[0].GetProperty("path").GetString());
        Assert.Equal(SectionKeys,
            json.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("key").GetString()));
        var questions = json.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("questions").EnumerateArray()).ToList();
        Assert.Equal("test", questions.Single(q => q.GetProperty("key").GetString() == "motivation.purpose").GetProperty("answer").GetString());
        var count = questions.Single(q => q.GetProperty("key").GetString() == "composition.count");
        Assert.Equal(JsonValueKind.Null, count.GetProperty("answer").ValueKind);
        Assert.Equal("3 instances.", count.GetProperty("measured")[0].GetString());
        var missing = questions.Single(q => q.GetProperty("key").GetString() == "composition.missing_information");
        Assert.Equal("`x`: 1 of 3 missing (33.3%).", missing.GetProperty("measured")[0].GetString());
        Assert.Contains("## Maintenance", File.ReadAllText(Path.Combine(_dir, "datasheet.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Table_format_renders_every_section_for_several_sites()
    {
        var files = string.Join(",", SiteNames.Select(s => Path.Combine(Sites, $"processed.{s}.data")));
        var (code, stdout, stderr) = Run("data-audit", "--data", files, "--header", Columns, "--label", "num", "--positive-label", ">0",
            "--protected", "sex,age", "--bands", "age=45,65", "--features", "chol,thalach,cp", "--sentinels", "chol=0");
        Assert.True(code == 0, stderr);
        Assert.Contains("Missingness", stdout, StringComparison.Ordinal);
        Assert.Contains("p by site", stdout, StringComparison.Ordinal);
        Assert.Contains("Strongest proxies", stdout, StringComparison.Ordinal);
        Assert.Contains("processed.switzerland", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_group_object_in_the_json_names_group_n_and_positives()
    {
        var files = string.Join(",", SiteNames.Select(s => Path.Combine(Sites, $"processed.{s}.data")));
        var (code, stdout, stderr) = Run("data-audit", "--data", files, "--header", Columns, "--label", "num", "--positive-label", ">0",
            "--protected", "sex,age", "--bands", "age=45,65", "--features", "chol,thalach,cp,ca", "--sentinels", "chol=0", "--format", "json");
        Assert.True(code == 0, stderr);
        var groups = 0;
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("group", out _))
                {
                    groups++;
                    Assert.True(e.TryGetProperty("n", out var n) && n.ValueKind == JsonValueKind.Number, e.ToString());
                    Assert.True(e.TryGetProperty("positives", out var x) && x.ValueKind == JsonValueKind.Number, e.ToString());
                }
                foreach (var p in e.EnumerateObject()) Walk(p.Value);
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray()) Walk(item);
            }
        }
        Walk(JsonDocument.Parse(stdout).RootElement);
        Assert.True(groups > 100, $"only {groups} group objects");
        Assert.DoesNotContain("NaN", stdout, StringComparison.Ordinal);
    }
}
