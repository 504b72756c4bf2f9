using System.Globalization;
using System.Text;
using Vigil.Core;
using Vigil.Data.Pushdown;
using Vigil.Tests.Monitoring;
using Vigil.Tests.TestSupport;
using Xunit;
using static Vigil.Tests.Audit.AuditJsonComparison;

namespace Vigil.Tests.Audit;

/// <summary>
/// Push-down to ClickHouse (docs/push-down.md, "ClickHouse"): the same 40,000 rows audited in process (--data), through
/// DuckDB SQL and through a real ClickHouse server over its HTTP interface give identical counts and AUROC, AUPRC, Brier
/// and ECE within 1e-4 — with a protected attribute named <c>s</c>, which in ClickHouse a plain alias <c>s</c> for the
/// score would silently replace; and the failures (unreachable server, wrong password, failing query, missing column,
/// bad scores) name the source and never the password.
/// </summary>
[Collection(PushdownTestSource.Collection)]
public sealed class ClickHousePushdownTests(PostgresServer postgres, ClickHouseServer server) : IDisposable
{
    private const int Rows = 40_000;

    private static readonly string[] Attributes = ["sex", "race", "age", "s", "sex*race"];

    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-ch-pushdown-").FullName;

    private readonly PushdownTestSource _sources = new(postgres, server);

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        _sources.Dispose();
    }

    [Fact]
    public async Task The_same_rows_audited_in_process_through_DuckDB_and_through_ClickHouse_agree()
    {
        var csv = WriteRows(Rows);
        var url = await LoadAsync(csv);
        string[] groups = ["--protected", "sex,race,age,s", "--bands", "age=40,65", "--intersections", "sex*race"];
        string[] scored = ["--label", "y", "--score", "score", .. groups];
        var duckQuery = $"SELECT * FROM read_csv('{csv}')";
        const string ChQuery = "SELECT sex, race, age, s, y, score, pred FROM audit_rows;";

        using var inProcess = CliRunner.Json(["audit", "--data", csv, .. scored]);
        using var duck = CliRunner.Json(["audit", "--source", "duckdb:", "--query", duckQuery, .. scored]);
        using var clickhouse = CliRunner.Json(["audit", "--source", url, "--query", ChQuery, .. scored]);
        var expected = inProcess.RootElement;
        Assert.True(CompareAudits(expected, duck.RootElement, Attributes) > 300);
        Assert.True(CompareAudits(expected, clickhouse.RootElement, Attributes) > 300);
        Assert.True(CompareAudits(duck.RootElement, clickhouse.RootElement, Attributes) > 300);
        // The attribute named s holds the site codes, not the score (ClickHouse aliases shadow columns).
        Assert.Equal(["1", "2", "3", "4"], Attribute(clickhouse.RootElement, "s").GetProperty("groups").EnumerateArray()
            .Select(g => g.GetProperty("group").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(Attribute(clickhouse.RootElement, "race").GetProperty("groups").EnumerateArray(),
            g => g.GetProperty("group").GetString() == "(missing)");
        Assert.DoesNotContain(ClickHouseServer.Password, clickhouse.RootElement.GetRawText(), StringComparison.Ordinal);

        // Predictions only: every count identical.
        string[] predicted = ["--label", "y", "--prediction", "pred", .. groups];
        using var inProcessCounts = CliRunner.Json(["audit", "--data", csv, .. predicted]);
        using var clickhouseCounts = CliRunner.Json(["audit", "--source", url, "--query", ChQuery, .. predicted]);
        Assert.True(CompareAudits(inProcessCounts.RootElement, clickhouseCounts.RootElement, Attributes, withScore: false) > 200);

        // The summary ClickHouse computed is an ordinary site summary, without the password.
        var summary = Path.Combine(_dir, "ch-site.json");
        var (code, _, err) = CliRunner.Run(["audit", "--source", url, "--query", ChQuery, .. scored, "--summary-out", summary, "--site-name", "ch"]);
        Assert.True(code == 0, err);
        var text = await File.ReadAllTextAsync(summary);
        Assert.Contains("\"schema\":\"vigil.audit-summary/v2\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ClickHouseServer.Password, text, StringComparison.Ordinal);
        using var pooled = CliRunner.Json(["audit", "--summaries", summary, "--label", "y", "--protected", "sex,race,age,s", "--intersections", "sex*race"]);
        Assert.True(CompareAudits(expected, pooled.RootElement, ["sex", "race", "s", "sex*race"]) > 200);
    }

    [Fact]
    public async Task Bad_sources_and_queries_are_refused_naming_the_source_and_never_the_password()
    {
        string[] audit = ["--label", "y", "--score", "score", "--protected", "sex"];
        var password = ClickHouseServer.Password;

        // Unreachable: nothing listens on a port just released.
        var port = PushdownTestSource.ClosedPort();
        var (code, _, err) = CliRunner.Run(["audit", "--source", $"clickhouse://vigil:{password}@127.0.0.1:{port}/clinic", "--query", "SELECT 1", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"clickhouse://vigil@127.0.0.1:{port}/clinic: cannot connect to ClickHouse", err, StringComparison.Ordinal);
        Assert.DoesNotContain(password, err, StringComparison.Ordinal);

        var url = await LoadAsync(WriteRows(300));
        var display = url.Replace($":{password}", "", StringComparison.Ordinal);

        // A wrong password: refused at connect, and neither password is shown.
        const string Wrong = "Wr0ng-Pw-77";
        (code, _, err) = CliRunner.Run(["audit", "--source", url.Replace(password, Wrong, StringComparison.Ordinal), "--query", "SELECT * FROM audit_rows", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: cannot connect to ClickHouse", err, StringComparison.Ordinal);
        Assert.Contains("password", err, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Wrong, err, StringComparison.Ordinal);
        Assert.DoesNotContain(password, err, StringComparison.Ordinal);

        // A query the server refuses.
        (code, _, err) = CliRunner.Run(["audit", "--source", url, "--query", "SELECT * FROM no_such_table", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: the query failed in ClickHouse", err, StringComparison.Ordinal);
        Assert.Contains("no_such_table", err, StringComparison.Ordinal);
        Assert.DoesNotContain(password, err, StringComparison.Ordinal);

        // A query without a column the audit needs.
        (code, _, err) = CliRunner.Run(["audit", "--source", url, "--query", "SELECT sex, y FROM audit_rows", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: the query's result has no column 'score' (--score); its columns: sex, y", err, StringComparison.Ordinal);
        Assert.DoesNotContain(password, err, StringComparison.Ordinal);

        // Scores outside [0, 1], computed in the database, are counted there and refused.
        (code, _, err) = CliRunner.Run(["audit", "--source", url, "--query", "SELECT sex, y, score * 2 AS score FROM audit_rows", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: column 'score' (--score) must hold probabilities in [0, 1]", err, StringComparison.Ordinal);

        // A query that fails while the summary runs (after the column probe succeeded).
        (code, _, err) = CliRunner.Run(["audit", "--source", url, "--query", "SELECT sex, y, score + throwIf(score > 0.9) AS score FROM audit_rows", .. audit]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: the summary query failed in ClickHouse", err, StringComparison.Ordinal);
        Assert.DoesNotContain(password, err, StringComparison.Ordinal);

        // A URL Vigil cannot use: refused without repeating the password.
        (code, _, err) = CliRunner.Run(["audit", "--source", $"clickhouse://vigil:{password}@127.0.0.1:{port}/db?compress=1", "--query", "SELECT 1", .. audit]);
        Assert.Equal(2, code);
        Assert.Contains("unsupported ClickHouse URL parameter 'compress'", err, StringComparison.Ordinal);
        Assert.DoesNotContain(password, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_HTTP_reader_returns_escaped_text_nulls_and_numbers_as_ClickHouse_wrote_them()
    {
        var url = await server.CreateDatabaseAsync();
        var source = SqlSource.Parse(url);
        Assert.Equal("ClickHouse", source.Engine);
        Assert.Same(SqlDialect.ClickHouse, source.Dialect);
        using var connection = source.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT 'a\\tb\\nc\\\\d' AS {SqlDialect.ClickHouse.Quote("we\"ird")}, CAST(NULL AS Nullable(String)) AS n, " +
            "toFloat64(0.1) AS x, toInt64(-3) AS i, count() AS c FROM system.one";
        using var reader = command.ExecuteReader();
        Assert.Equal(["we\"ird", "n", "x", "i", "c"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        Assert.True(reader.Read());
        Assert.Equal("a\tb\nc\\d", reader.GetString(0));
        Assert.True(reader.IsDBNull(1));
        Assert.False(reader.IsDBNull(0));
        Assert.Equal(0.1, reader.GetDouble(2));
        Assert.Equal(-3, reader.GetInt64(3));
        Assert.Equal(1L, reader.GetValue(4));
        Assert.False(reader.Read());
    }

    [Fact]
    public void ClickHouse_URLs_default_the_port_user_and_database_and_never_show_the_password()
    {
        var source = SqlSource.Parse("clickhouse://db.hospital.local");
        Assert.Equal("clickhouse://default@db.hospital.local:8123/default", source.Name);
        Assert.Equal("clickhouse://auditor@db:8443/clinic", SqlSource.Parse("clickhouse://auditor:p%40ss@db/clinic?secure=true").Name);
        var e = Assert.Throws<VigilException>(() => SqlSource.Parse("clickhouse://auditor:p%40ss@db/clinic?secure=maybe"));
        Assert.DoesNotContain("p%40ss", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", e.Message, StringComparison.Ordinal);
        Assert.Throws<VigilException>(() => SqlSource.Parse("clickhouse://auditor@db/a/b"));
    }

    /// <summary>Seeded rows as a CSV (missing race empty).</summary>
    private string WriteRows(int rows)
    {
        var rng = new Random(1331);
        var csv = new StringBuilder("sex,race,age,s,y,score,pred\n");
        for (var i = 0; i < rows; i++)
        {
            var sex = rng.NextDouble() < 0.52 ? "F" : "M";
            var race = rng.NextDouble() switch { < 0.01 => "", < 0.55 => "A", < 0.8 => "B", < 0.95 => "C", _ => "D" };
            var age = 18 + rng.Next(75);
            var site = 1 + rng.Next(4);
            var y = rng.NextDouble() < 0.15 + 0.003 * (age - 18) ? 1 : 0;
            var z = (y == 1 ? 1.1 - (site == 3 ? 0.4 : 0) : 0) + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()) - 0.6;
            var score = Math.Round(1 / (1 + Math.Exp(-z)), 6).ToString("0.######", CultureInfo.InvariantCulture);
            var pred = double.Parse(score, CultureInfo.InvariantCulture) >= 0.5 ? 1 : 0;
            csv.Append(CultureInfo.InvariantCulture, $"{sex},{race},{age},{site},{y},{score},{pred}\n");
        }
        var path = Path.Combine(_dir, $"rows-{rows}.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    /// <summary>A fresh database holding the rows as table audit_rows; its clickhouse:// URL with the password.</summary>
    private Task<string> LoadAsync(string csv) => _sources.LoadAsync(PushdownEngine.ClickHouse, ("audit_rows", csv, column => column switch
    {
        "sex" or "race" => TableColumnKind.Text,
        "score" => TableColumnKind.Real,
        _ => TableColumnKind.Whole,
    }));
}
