using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Vigil.Tests.Monitoring;
using Vigil.Tests.TestSupport;
using Xunit;
using static Vigil.Tests.Audit.AuditJsonComparison;

namespace Vigil.Tests.Audit;

/// <summary>
/// Push-down (docs/push-down.md): the same audit of the same 50,000 rows read in process (--data), summarized by DuckDB
/// SQL and by a real PostgreSQL (--source … --query …): identical counts, AUROC, AUPRC, Brier and ECE within 1e-4; and
/// the failures (unreachable server, failing query, missing column) name the source and never the password.
/// </summary>
[Collection(PushdownTestSource.Collection)]
public sealed class PushdownAuditTests(PostgresServer postgres, ClickHouseServer clickhouse) : IDisposable
{
    private const int Rows = 50_000;
    private const string Password = PushdownTestSource.PostgresPassword;

    private static readonly string[] Attributes = ["sex", "race", "age", "sex*race"];

    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-pushdown-").FullName;

    private readonly PushdownTestSource _sources = new(postgres, clickhouse);

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        _sources.Dispose();
    }

    [Fact]
    public async Task The_same_rows_audited_in_process_through_DuckDB_and_through_PostgreSQL_agree()
    {
        var csv = WriteRows();
        var url = await LoadIntoPostgresAsync(csv);
        string[] groups = ["--protected", "sex,race,age", "--bands", "age=40,65", "--intersections", "sex*race"];
        string[] scored = ["--label", "y", "--score", "score", .. groups];
        var duckQuery = $"SELECT * FROM read_csv('{csv}')";
        const string PgQuery = "SELECT sex, race, age, y, score, pred FROM audit_rows;";

        using var inProcess = CliRunner.Json(["audit", "--data", csv, .. scored]);
        using var duck = CliRunner.Json(["audit", "--source", "duckdb:", "--query", duckQuery, .. scored]);
        using var postgres = CliRunner.Json(["audit", "--source", url, "--query", PgQuery, .. scored]);
        var expected = inProcess.RootElement;
        Assert.True(CompareAudits(expected, duck.RootElement, Attributes) > 300);
        Assert.True(CompareAudits(expected, postgres.RootElement, Attributes) > 300);
        // The missing race values stay a visible group, as in the file.
        Assert.Contains(Attribute(postgres.RootElement, "race").GetProperty("groups").EnumerateArray(),
            g => g.GetProperty("group").GetString() == "(missing)");
        Assert.DoesNotContain(Password, postgres.RootElement.GetRawText(), StringComparison.Ordinal);

        // Predictions only: every count identical.
        string[] predicted = ["--label", "y", "--prediction", "pred", .. groups];
        using var inProcessCounts = CliRunner.Json(["audit", "--data", csv, .. predicted]);
        using var postgresCounts = CliRunner.Json(["audit", "--source", url, "--query", PgQuery, .. predicted]);
        Assert.True(CompareAudits(inProcessCounts.RootElement, postgresCounts.RootElement, Attributes, withScore: false) > 200);

        // The database's summary is an ordinary site summary: pooled alone it gives the same audit again.
        var summary = Path.Combine(_dir, "pg-site.json");
        var (code, _, err) = CliRunner.Run(["audit", "--source", url, "--query", PgQuery, .. scored, "--summary-out", summary, "--site-name", "pg"]);
        Assert.True(code == 0, err);
        var text = await File.ReadAllTextAsync(summary);
        Assert.Contains("\"schema\":\"vigil.audit-summary/v2\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        using var pooled = CliRunner.Json(["audit", "--summaries", summary, "--label", "y", "--protected", "sex,race,age", "--intersections", "sex*race"]);
        Assert.True(CompareAudits(expected, pooled.RootElement, ["sex", "race", "sex*race"]) > 200);
    }

    [Fact]
    public void A_DuckDB_database_file_is_audited_with_the_counts_of_the_rows()
    {
        var csv = WriteRows(3000);
        var db = Path.Combine(_dir, "clinic.duckdb");
        using (var connection = new DuckDBConnection($"DataSource={db}"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE TABLE audit_rows AS SELECT * FROM read_csv('{csv}')";
            create.ExecuteNonQuery();
        }
        string[] audit = ["--label", "y", "--prediction", "pred", "--protected", "sex,race", "--intersections", "sex*race"];
        using var inProcess = CliRunner.Json(["audit", "--data", csv, .. audit]);
        using var duck = CliRunner.Json(["audit", "--source", "duckdb:" + db, "--query", "SELECT * FROM audit_rows", .. audit]);
        Assert.True(CompareAudits(inProcess.RootElement, duck.RootElement, ["sex", "race", "sex*race"], withScore: false) > 100);
        var (code, _, err) = CliRunner.Run(["audit", "--source", "duckdb:" + db, "--query", "SELECT * FROM no_such_table", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"duckdb:{db}: the query failed in DuckDB", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_sources_and_queries_are_refused_naming_the_source_and_never_the_password()
    {
        string[] audit = ["--label", "y", "--score", "score", "--protected", "sex"];

        // Unreachable: nothing listens on a port just released.
        var port = PushdownTestSource.ClosedPort();
        var (code, _, err) = CliRunner.Run(["audit", "--source", $"postgres://vigil:{Password}@127.0.0.1:{port}/clinic", "--query", "SELECT 1", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"postgres://vigil@127.0.0.1:{port}/clinic: cannot connect to PostgreSQL", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err, StringComparison.Ordinal);

        var csv = WriteRows(200);
        var url = await LoadIntoPostgresAsync(csv);
        var display = url.Replace($":{Password}", "", StringComparison.Ordinal);

        // A query the database refuses.
        (code, _, err) = CliRunner.Run(["audit", "--source", url, "--query", "SELECT * FROM no_such_table", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: the query failed in PostgreSQL", err, StringComparison.Ordinal);
        Assert.Contains("no_such_table", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err, StringComparison.Ordinal);

        // A query without a column the audit needs.
        (code, _, err) = CliRunner.Run(["audit", "--source", url, "--query", "SELECT sex, y FROM audit_rows", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: the query's result has no column 'score' (--score); its columns: sex, y", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err, StringComparison.Ordinal);

        // Scores outside [0, 1], computed in the database.
        (code, _, err) = CliRunner.Run(["audit", "--source", url, "--query", "SELECT sex, y, score * 2 AS score FROM audit_rows", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: column 'score' (--score) must hold probabilities in [0, 1]", err, StringComparison.Ordinal);

        // DuckDB: a syntax error, and a database file that does not exist.
        (code, _, err) = CliRunner.Run(["audit", "--source", "duckdb:", "--query", "SELEC 1", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains("duckdb: (in memory): the query failed in DuckDB", err, StringComparison.Ordinal);
        var missing = Path.Combine(_dir, "none.duckdb");
        (code, _, err) = CliRunner.Run(["audit", "--source", "duckdb:" + missing, "--query", "SELECT 1", .. audit]);
        Assert.Equal(2, code);
        Assert.Contains($"duckdb:{missing}: no such DuckDB database file", err, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));

        // Not a source; --source and --data together.
        (code, _, err) = CliRunner.Run(["audit", "--source", $"mysql://root:{Password}@db/x", "--query", "SELECT 1", .. audit]);
        Assert.Equal(2, code);
        Assert.Contains("--source", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run(["audit", "--source", "duckdb:", "--query", "SELECT 1", "--data", csv, .. audit]);
        Assert.Equal(2, code);
        Assert.Contains("--source", err, StringComparison.Ordinal);
    }

    /// <summary>Seeded rows: sex, race (1% missing), age, y, score (6 decimals), pred at 0.5.</summary>
    private string WriteRows(int rows = Rows)
    {
        var rng = new Random(1313);
        var sb = new StringBuilder("sex,race,age,y,score,pred\n");
        for (var i = 0; i < rows; i++)
        {
            var sex = rng.NextDouble() < 0.48 ? "F" : "M";
            var race = rng.NextDouble() switch { < 0.01 => "", < 0.6 => "A", < 0.85 => "B", < 0.97 => "C", _ => "D" };
            var age = 18 + rng.Next(73);
            var y = rng.NextDouble() < 0.2 + 0.002 * (age - 18) ? 1 : 0;
            var z = (y == 1 ? 1.3 - (race == "C" ? 0.5 : 0) : 0) + Normal(rng) - 0.7;
            var score = Math.Round(1 / (1 + Math.Exp(-z)), 6);
            sb.Append(CultureInfo.InvariantCulture, $"{sex},{race},{age},{y},{score.ToString("0.######", CultureInfo.InvariantCulture)},{(score >= 0.5 ? 1 : 0)}\n");
        }
        var path = Path.Combine(_dir, $"rows-{rows}.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>A fresh database holding the CSV as table audit_rows; its postgres:// URL with a password (the server trusts loopback).</summary>
    private Task<string> LoadIntoPostgresAsync(string csv) => _sources.LoadAsync(PushdownEngine.PostgreSQL, ("audit_rows", csv, column => column switch
    {
        "sex" or "race" => TableColumnKind.Text,
        "score" => TableColumnKind.Real,
        _ => TableColumnKind.Whole,
    }));

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
