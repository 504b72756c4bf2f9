using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using Vigil.Tests.Monitoring;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.DataAudit;

/// <summary>
/// data-audit push-down (docs/push-down.md): the shipped four-site heart data audited in process (--data), through DuckDB
/// SQL and through a real PostgreSQL (--source … --query …) give the same document — counts identical, moments, SMDs,
/// tests, Cramér's V and AUROCs within 1e-9 — except the consistency score, which needs rows and is null with its reason;
/// and the failures (unreachable server, failing query, missing column) name the source and never the password.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class DataAuditPushdownTests(PostgresServer server)
{
    private const string Password = "s3cret-Da-13";

    private static readonly string Heart = Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites", "heart-4sites.csv");
    private static readonly string Census = Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites", "us-census-2020-sex.csv");

    /// <summary>Sites from a column, banded age with an intersection, sentinels, level names, a reference and a reference population.</summary>
    private static readonly string[] Audit =
    [
        "--site", "site", "--label", "num", "--positive-label", ">0", "--protected", "sex,age", "--bands", "age=45,65",
        "--level-names", "sex=F:female,M:male", "--reference", "sex=male", "--sentinels", "chol=0,trestbps=0,oldpeak=0",
        "--reference-population", Census,
    ];

    [Fact]
    public async Task Heart_data_in_process_through_DuckDB_and_through_PostgreSQL_agree()
    {
        using var inProcess = CliRunner.Json(["data-audit", "--data", Heart, .. Audit]);
        var duckQuery = $"SELECT * FROM read_csv('{Heart}')";
        using var duck = CliRunner.Json(["data-audit", "--source", "duckdb:", "--query", duckQuery, .. Audit]);
        var url = await LoadIntoPostgresAsync();
        using var postgres = CliRunner.Json(["data-audit", "--source", url, "--query", "SELECT * FROM heart;", .. Audit]);

        foreach (var pushed in new[] { duck.RootElement, postgres.RootElement })
        {
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
        }
        // The in-process run computed it (so the comparison above skipped a real number, not two nulls).
        Assert.Equal(JsonValueKind.Number, inProcess.RootElement.GetProperty("labels").GetProperty("consistency").GetProperty("raw").GetProperty("value").GetProperty("value").ValueKind);
        // Inputs: the source without its password, and the query.
        var inputs = postgres.RootElement.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal("source", inputs[0].GetProperty("role").GetString());
        Assert.DoesNotContain(Password, inputs[0].GetProperty("path").GetString()!, StringComparison.Ordinal);
        Assert.StartsWith("postgres://", inputs[0].GetProperty("path").GetString()!, StringComparison.Ordinal);
        Assert.Equal("query", inputs[1].GetProperty("role").GetString());
        Assert.Equal("SELECT * FROM heart;", inputs[1].GetProperty("path").GetString());
        // Spot checks: 920 rows, 509 positive (num > 0); chol's empty cells coded missing, oldpeak's zeros declared sentinels.
        Assert.Equal(920, duck.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(509, duck.RootElement.GetProperty("labels").GetProperty("positives").GetInt32());
        var missing = duck.RootElement.GetProperty("missingness").EnumerateArray().ToDictionary(m => m.GetProperty("column").GetString()!);
        Assert.Equal(202, missing["chol"].GetProperty("missing_coded").GetInt32());
        Assert.Equal(370, missing["oldpeak"].GetProperty("missing_sentinel").GetInt32());
    }

    [Fact]
    public async Task Bad_sources_and_queries_are_refused_naming_the_source_and_never_the_password()
    {
        string[] audit = ["--label", "num", "--positive-label", ">0", "--protected", "sex"];
        var port = ClosedPort();
        var (code, _, err) = CliRunner.Run(["data-audit", "--source", $"postgres://vigil:{Password}@127.0.0.1:{port}/clinic", "--query", "SELECT 1", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"postgres://vigil@127.0.0.1:{port}/clinic: cannot connect to PostgreSQL", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err, StringComparison.Ordinal);

        var url = await LoadIntoPostgresAsync();
        var display = url.Replace($":{Password}", "", StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run(["data-audit", "--source", url, "--query", "SELECT * FROM no_such_table", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: the query failed in PostgreSQL", err, StringComparison.Ordinal);
        Assert.Contains("no_such_table", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));

        (code, _, err) = CliRunner.Run(["data-audit", "--source", url, "--query", "SELECT sex, chol FROM heart", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: the query's result has no column 'num' (--label); its columns: sex, chol", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run(["data-audit", "--source", url, "--query", "SELECT * FROM heart", "--features", "chol,nope", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains("no column 'nope' (--features)", err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run(["data-audit", "--source", "duckdb:", "--query", "SELEC 1", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains("duckdb: (in memory): the query failed in DuckDB", err, StringComparison.Ordinal);

        // What needs rows per item is refused, not faked; --source with --data is refused.
        (code, _, err) = CliRunner.Run(["data-audit", "--source", url, "--query", "SELECT * FROM heart", "--annotations", "cp,fbs", .. audit]);
        Assert.Equal(2, code);
        Assert.Contains("--annotations", err, StringComparison.Ordinal);
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

    /// <summary>A fresh database holding the heart CSV as table heart (empty cells NULL); its postgres:// URL with a password (the server trusts loopback).</summary>
    private async Task<string> LoadIntoPostgresAsync()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using (var create = new NpgsqlCommand(
                "CREATE TABLE heart (site text, age integer, sex text, cp integer, trestbps double precision, chol double precision, fbs integer, " +
                "restecg integer, thalach double precision, exang integer, oldpeak double precision, slope integer, ca double precision, thal double precision, " +
                "num integer, disease integer)", connection))
                await create.ExecuteNonQueryAsync();
            await using var writer = await connection.BeginTextImportAsync("COPY heart FROM STDIN (FORMAT csv, HEADER true)");
            await writer.WriteAsync(await File.ReadAllTextAsync(Heart));
        }
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{b.Username}:{Password}@{b.Host}:{b.Port}/{b.Database}";
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
