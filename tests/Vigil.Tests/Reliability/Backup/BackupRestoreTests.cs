using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vigil.Tests.Monitoring;
using Vigil.Tests.Monitoring.Service;
using Xunit;
using static Vigil.Tests.Monitoring.Service.ServiceScenario;

namespace Vigil.Tests.Reliability.Backup;

/// <summary>
/// docs/deployment.md's backup and restore, done as written: a SQLite store copied online (VACUUM INTO, and the online
/// backup API) while the service runs, a PostgreSQL store with pg_dump -Fc and pg_restore into a new database; a service
/// started over the restored copy answers the same status JSON (all but generated_at) and an intact audit trail.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class BackupRestoreTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Base = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private const string Period = "/v1/models/sepsis-ews/status?from=2026-02-28T00:00:00Z&to=2026-03-20T00:00:00Z";

    [Theory]
    [InlineData("vacuum-into")]
    [InlineData("backup-api")]
    public async Task Sqlite_OnlineBackup_RestoredIntoAFreshStore_GivesTheSameStatus(string method)
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigil-backup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var copy = Path.Combine(folder, "restored.db");
            string before;
            await using (var service = await InMemoryService.StartAsync())
            {
                await FillAsync(service);
                before = await StatusAsync(service);
                // online: the service is running and holds its connections
                await using var live = new SqliteConnection($"Data Source={service.DatabasePath};Pooling=False");
                await live.OpenAsync();
                if (method == "vacuum-into")
                {
                    await using var cmd = live.CreateCommand();
                    cmd.CommandText = "VACUUM INTO $path";
                    cmd.Parameters.AddWithValue("$path", copy);
                    await cmd.ExecuteNonQueryAsync();
                }
                else
                {
                    await using var target = new SqliteConnection($"Data Source={copy};Pooling=False");
                    await target.OpenAsync();
                    live.BackupDatabase(target);
                }
            }
            await using (var restored = await InMemoryService.StartAsync(store: "sqlite:" + copy, prepare: false))
            {
                Assert.Equal(before, await StatusAsync(restored));
                var verify = Vigil.Tests.TestSupport.CliRunner.Run("audit-log", "verify", "--store", "sqlite:" + copy);
                Assert.True(verify.Code == 0, verify.Err);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Postgres_PgDumpAndPgRestore_IntoAFreshDatabase_GivesTheSameStatus()
    {
        var source = await postgres.CreateDatabaseAsync();
        var target = await postgres.CreateDatabaseAsync();
        var dump = Path.Combine(Path.GetTempPath(), "vigil-pgdump-" + Guid.NewGuid().ToString("N") + ".dump");
        try
        {
            string before;
            await using (var service = await InMemoryService.StartAsync(store: source))
            {
                await FillAsync(service);
                before = await StatusAsync(service);
                Run("pg_dump", source, "-Fc", "-f", dump);
            }
            Run("pg_restore", target, "--no-owner", "-d", new NpgsqlConnectionStringBuilder(target).Database!, dump);
            await using var restored = await InMemoryService.StartAsync(store: target, prepare: false);
            Assert.Equal(before, await StatusAsync(restored));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>300 predictions over 12 days, onsets for every fourth encounter, and an evaluation (labels mature, alerts open).</summary>
    private static async Task FillAsync(InMemoryService service)
    {
        using var ingest = service.Client(service.Keys["ingest"]);
        var predictions = Enumerable.Range(0, 300).Select(i => Prediction("bk", i, Base.AddHours(i), 30 + i % 50, i % 3 == 0 ? "F" : "M", i % 10 / 10.0, i % 10 >= 5));
        using (var r = await ingest.PostAsync("/v1/predictions", ServiceTestHost.Ndjson(Lines(predictions))))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var outcomes = Enumerable.Range(0, 300).Where(i => i % 4 == 0).Select(i => Outcome("bk", i, Base.AddHours(i + 3)));
        using (var r = await ingest.PostAsync("/v1/outcomes", ServiceTestHost.Json(Array(outcomes))))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var admin = service.Client(service.Keys["admin"]);
        using (var r = await admin.PostAsync("/v1/evaluate", null))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    /// <summary>The status JSON of a fixed period without its generated_at (the one field that is the time of asking).</summary>
    private static async Task<string> StatusAsync(InMemoryService service)
    {
        using var viewer = service.Client(ServiceTestHost.AdminSecret);
        using var response = await viewer.GetAsync(Period);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var node = JsonNode.Parse(text)!.AsObject();
        Assert.True(node.Remove("generated_at"));
        Assert.True(node["overall"]!["predictions"]!.GetValue<long>() > 0, text);
        return node.ToJsonString();
    }

    /// <summary>A PostgreSQL client tool of the fixture's installation against the database of <paramref name="connection"/>.</summary>
    private static void Run(string tool, string connection, params string[] arguments)
    {
        var c = new NpgsqlConnectionStringBuilder(connection);
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists).OrderDescending().First();
        var info = new ProcessStartInfo(bin) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", c.Host!, "-p", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", c.Username! }) info.ArgumentList.Add(a);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (tool == "pg_dump") info.ArgumentList.Add(c.Database!);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), $"{tool} did not finish");
        Assert.True(p.ExitCode == 0, $"{tool} failed ({p.ExitCode}): {err.Result}");
    }
}
