using System.Text.Json;
using Vigil.Tests.Monitoring;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.DataAudit;

/// <summary>
/// data-audit push-down (docs/push-down.md): the shipped four-site heart data audited in process (--data) and through
/// DuckDB, a real PostgreSQL and a real ClickHouse (--source … --query …) give the same document — counts identical,
/// moments, quartiles, SMDs, tests, Cramér's V and AUROCs within 1e-9 — except the consistency score, which needs rows
/// and is null with its reason; and the failures (unreachable server, failing query, missing column) name the source in
/// one line and never the password.
/// </summary>
[Collection(PushdownTestSource.Collection)]
public sealed class DataAuditPushdownTests(PostgresServer postgres, ClickHouseServer clickhouse) : IDisposable
{
    private static readonly string Heart = Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites", "heart-4sites.csv");
    private static readonly string Census = Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites", "us-census-2020-sex.csv");

    /// <summary>Sites from a column, banded age with an intersection, sentinels, level names, a reference and a reference population.</summary>
    private static readonly string[] Audit =
    [
        "--site", "site", "--label", "num", "--positive-label", ">0", "--protected", "sex,age", "--bands", "age=45,65",
        "--level-names", "sex=F:female,M:male", "--reference", "sex=male", "--sentinels", "chol=0,trestbps=0,oldpeak=0",
        "--reference-population", Census,
    ];

    private readonly PushdownTestSource _sources = new(postgres, clickhouse);

    public static TheoryData<PushdownEngine> Engines => PushdownTestSource.Engines;

    public void Dispose() => _sources.Dispose();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Heart_data_in_process_and_pushed_down_agree(PushdownEngine engine)
    {
        using var inProcess = CliRunner.Json(["data-audit", "--data", Heart, .. Audit]);
        var url = await LoadHeartAsync(engine);
        using var json = CliRunner.Json(["data-audit", "--source", url, "--query", "SELECT * FROM heart;", .. Audit]);
        var pushed = json.RootElement;

        var differences = new List<string>();
        Compare(inProcess.RootElement, pushed, "", differences);
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(20)));
        foreach (var kind in new[] { "raw", "standardized" })
        {
            var c = pushed.GetProperty("labels").GetProperty("consistency").GetProperty(kind);
            Assert.Equal(JsonValueKind.Null, c.GetProperty("value").GetProperty("value").ValueKind);
            Assert.Equal("needs rows; not computed from a push-down summary", c.GetProperty("value").GetProperty("reason").GetString());
            Assert.Equal("not_computed", c.GetProperty("method").GetString());
        }
        // The in-process run computed it (so the comparison above skipped a real number, not two nulls).
        Assert.Equal(JsonValueKind.Number, inProcess.RootElement.GetProperty("labels").GetProperty("consistency").GetProperty("raw").GetProperty("value").GetProperty("value").ValueKind);
        // Inputs: the source without its password, and the query.
        var inputs = pushed.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal("source", inputs[0].GetProperty("role").GetString());
        Assert.Equal(PushdownTestSource.Display(url, engine), inputs[0].GetProperty("path").GetString());
        Assert.Equal("query", inputs[1].GetProperty("role").GetString());
        Assert.Equal("SELECT * FROM heart;", inputs[1].GetProperty("path").GetString());
        if (PushdownTestSource.Password(engine) is { } password) Assert.DoesNotContain(password, pushed.GetRawText(), StringComparison.Ordinal);
        // Spot checks: 920 rows, 509 positive (num > 0); chol's empty cells coded missing, oldpeak's zeros declared sentinels.
        Assert.Equal(920, pushed.GetProperty("rows").GetInt32());
        Assert.Equal(509, pushed.GetProperty("labels").GetProperty("positives").GetInt32());
        var missing = pushed.GetProperty("missingness").EnumerateArray().ToDictionary(m => m.GetProperty("column").GetString()!);
        Assert.Equal(202, missing["chol"].GetProperty("missing_coded").GetInt32());
        Assert.Equal(370, missing["oldpeak"].GetProperty("missing_sentinel").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Bad_sources_and_queries_are_refused_in_one_line_naming_the_source_and_never_the_password(PushdownEngine engine)
    {
        string[] audit = ["--label", "num", "--positive-label", ">0", "--protected", "sex"];
        var url = await LoadHeartAsync(engine);
        var display = PushdownTestSource.Display(url, engine);
        var password = PushdownTestSource.Password(engine);
        void Refused(int expectedCode, string[] args, string expected)
        {
            var (code, _, err) = CliRunner.Run(["data-audit", .. args, .. audit]);
            Assert.True(expectedCode == code, err);
            Assert.Contains(expected, err, StringComparison.Ordinal);
            Assert.Single(err.Trim().Split('\n'));
            if (password is not null) Assert.DoesNotContain(password, err, StringComparison.Ordinal);
        }

        if (engine != PushdownEngine.DuckDB)
        {
            // Unreachable: nothing listens on a port just released.
            var port = PushdownTestSource.ClosedPort();
            var closed = engine == PushdownEngine.PostgreSQL ? $"postgres://vigil:{password}@127.0.0.1:{port}/clinic" : $"clickhouse://vigil:{password}@127.0.0.1:{port}/clinic";
            Refused(3, ["--source", closed, "--query", "SELECT 1"], $"{PushdownTestSource.Display(closed, engine)}: cannot connect to {engine}");
        }
        Refused(3, ["--source", url, "--query", "SELECT * FROM no_such_table"], $"{display}: the query failed in {engine}");
        Refused(3, ["--source", url, "--query", "SELECT * FROM no_such_table"], "no_such_table");
        Refused(3, ["--source", url, "--query", "SELECT sex, chol FROM heart"], $"{display}: the query's result has no column 'num' (--label); its columns: sex, chol");
        Refused(3, ["--source", url, "--query", "SELECT * FROM heart", "--features", "chol,nope"], $"{display}: the query's result has no column 'nope' (--features)");
        // What needs rows per item is refused, not faked (weighted kappa needs each item's pair of ratings).
        Refused(2, ["--source", url, "--query", "SELECT * FROM heart", "--annotations", "cp,fbs"], "--annotations");
    }

    [Fact]
    public void A_query_DuckDB_cannot_parse_and_source_with_data_are_refused()
    {
        string[] audit = ["--label", "num", "--positive-label", ">0", "--protected", "sex"];
        var (code, _, err) = CliRunner.Run(["data-audit", "--source", "duckdb:", "--query", "SELEC 1", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains("duckdb: (in memory): the query failed in DuckDB", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run(["data-audit", "--source", "duckdb:", "--query", "SELECT 1", "--data", Heart, .. audit]);
        Assert.Equal(2, code);
        Assert.Contains("--source", err, StringComparison.Ordinal);
    }

    /// <summary>Every value equal, numbers within 1e-9 (relative above 1); inputs and the consistency score (rows only) skipped.</summary>
    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (path is "/inputs" or "/labels/consistency/raw" or "/labels/consistency/standardized") return;
        if (expected.ValueKind != actual.ValueKind)
        {
            differences.Add($"{path}: {expected} vs {actual}");
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                if (!names.SequenceEqual(actual.EnumerateObject().Select(p => p.Name))) differences.Add($"{path}: keys differ");
                foreach (var name in names)
                    if (actual.TryGetProperty(name, out var value)) Compare(expected.GetProperty(name), value, $"{path}/{name}", differences);
                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    differences.Add($"{path}: {expected.GetArrayLength()} vs {actual.GetArrayLength()} items");
                    return;
                }
                for (var i = 0; i < expected.GetArrayLength(); i++) Compare(expected[i], actual[i], $"{path}[{i}]", differences);
                break;
            case JsonValueKind.Number:
                var (x, y) = (expected.GetDouble(), actual.GetDouble());
                if (!(Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)))) differences.Add($"{path}: {x:R} vs {y:R}");
                break;
            default:
                if (expected.ToString() != actual.ToString()) differences.Add($"{path}: {expected} vs {actual}");
                break;
        }
    }

    /// <summary>The heart CSV as table heart of a fresh database of <paramref name="engine"/> (empty cells NULL); its --source URL with a password.</summary>
    private Task<string> LoadHeartAsync(PushdownEngine engine) => _sources.LoadAsync(engine, ("heart", Heart, column => column switch
    {
        "site" or "sex" => TableColumnKind.Text,
        "age" or "cp" or "fbs" or "restecg" or "exang" or "slope" or "num" or "disease" => TableColumnKind.Whole,
        _ => TableColumnKind.Real,
    }));
}
