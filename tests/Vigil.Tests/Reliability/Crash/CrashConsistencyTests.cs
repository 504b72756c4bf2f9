using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vigil.Contracts.Monitoring;
using Vigil.Tests.Monitoring;
using Vigil.Tests.Monitoring.Service;
using Xunit;
using Xunit.Abstractions;
using static Vigil.Tests.Monitoring.Service.ServiceScenario;

namespace Vigil.Tests.Reliability.Crash;

/// <summary>
/// Crash consistency of `vigil serve` as a real process: a client streams batches of predictions and outcomes while the
/// process is killed with SIGKILL at a random moment, again and again; after each restart the client re-sends the batch
/// that had no answer (as any client must; ingest is idempotent by event id). At the end every acknowledged event is
/// stored exactly once, nothing else is stored, and every hourly window and every pending-bin count (the hour and day
/// counts the label-free estimate reads) equals a recomputation from the raw rows. Kills:
/// VIGIL_CRASH_KILLS (SQLite, default 100) and VIGIL_CRASH_KILLS_POSTGRES (default 100).
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class CrashConsistencyTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int BatchSize = 100;
    private static readonly DateTimeOffset Base = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sqlite_KilledAtRandomPoints_KeepsEveryAcknowledgedEventOnce_AndWindowsEqualTheRawRows()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigil-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var db = Path.Combine(folder, "vigil.db");
            await RunAsync("sqlite:" + db, Kills("VIGIL_CRASH_KILLS", 100), () => new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Postgres_KilledAtRandomPoints_KeepsEveryAcknowledgedEventOnce_AndWindowsEqualTheRawRows()
    {
        var connection = await postgres.CreateDatabaseAsync();
        await RunAsync(connection, Kills("VIGIL_CRASH_KILLS_POSTGRES", 100), () => new NpgsqlConnection(connection));
    }

    private static int Kills(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    private async Task RunAsync(string store, int kills, Func<DbConnection> open)
    {
        var seed = Random.Shared.Next();
        output.WriteLine($"seed {seed}; {kills} kills; store {store.Split(':')[0]}");
        var random = new Random(seed);
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        var next = 0;
        (string Path, string Body, string[] Ids)? unanswered = null;
        var starts = new List<double>();
        var killedMidBatch = 0;

        using (var first = await ServeProcess.StartAsync(store))
        {
            using var admin = Client(first);
            using var registered = await admin.PostAsync("/v1/models", ServiceTestHost.Json(RegistrationJson()));
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        for (var kill = 0; kill <= kills; kill++)
        {
            var clock = Stopwatch.StartNew();
            using var serve = await ServeProcess.StartAsync(store);
            starts.Add(clock.Elapsed.TotalMilliseconds);
            using var client = Client(serve);
            if (unanswered is { } again)
            {
                // the batch in flight at the kill: stored whole or not at all; sent again it is acknowledged
                var result = await PostAsync(client, again.Path, again.Body);
                Assert.NotNull(result);
                Assert.Equal(again.Ids.Length, result.Accepted + result.Duplicates);
                Record(again, acknowledged, outcomes);
                unanswered = null;
            }
            if (kill == kills) break;

            // stream until a random moment, then SIGKILL
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(5, 400)));
            while (true)
            {
                var batch = NextBatch(ref next);
                IngestResult? result;
                try
                {
                    result = await PostAsync(client, batch.Path, batch.Body, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    result = null;
                }
                if (result is null || stop.IsCancellationRequested)
                {
                    serve.Kill();
                    if (result is null) killedMidBatch++;
                    else Record(batch, acknowledged, outcomes);
                    unanswered = result is null ? batch : null;
                    break;
                }
                Assert.Equal(batch.Ids.Length, result.Accepted + result.Duplicates);
                Record(batch, acknowledged, outcomes);
            }
        }

        starts.Sort();
        output.WriteLine($"{kills} SIGKILLs ({killedMidBatch} with a batch in flight); {acknowledged.Count:N0} predictions and {outcomes.Count:N0} outcomes acknowledged; " +
            $"start to ready: median {starts[starts.Count / 2]:F0} ms, max {starts[^1]:F0} ms");
        await using var c = open();
        await c.OpenAsync();
        var stored = await ColumnAsync(c, "SELECT event_id FROM predictions");
        Assert.Equal(stored.Count, stored.Distinct(StringComparer.Ordinal).Count());
        Assert.True(acknowledged.SetEquals(stored), $"stored {stored.Count} predictions, acknowledged {acknowledged.Count}");
        var storedOutcomes = await ColumnAsync(c, "SELECT event_id FROM outcomes");
        Assert.True(outcomes.SetEquals(storedOutcomes), $"stored {storedOutcomes.Count} outcomes, acknowledged {outcomes.Count}");

        // every window equals its recomputation from the stored rows
        var windows = await RowsAsync(c, "SELECT model, version, hour_ms, cell, predictions, alerts, tp, fn, fp, tn, censored FROM hour_cells");
        var recomputed = await RowsAsync(c, """
            SELECT model, version, hour_ms, cell, COUNT(*), SUM(alert),
                   SUM(CASE WHEN state = 1 AND alert = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN state = 1 AND alert = 0 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN state = 2 AND alert = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN state = 2 AND alert = 0 THEN 1 ELSE 0 END),
                   SUM(CASE WHEN state = 3 THEN 1 ELSE 0 END)
            FROM predictions GROUP BY model, version, hour_ms, cell
            """);
        Assert.NotEmpty(windows);
        Assert.Equal(recomputed.Order(StringComparer.Ordinal), windows.Where(w => !w.EndsWith("|0|0|0|0|0|0|0", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var positives = await ColumnAsync(c, "SELECT event_id FROM predictions WHERE state = 1");
        Assert.NotEmpty(positives);

        // every pending-bin count (hour and day) equals its recount from the pending rows, and no emptied bin is left
        var pendingBins = await RowsAsync(c, "SELECT model, grain, start_ms, version, cell, alert, bin, n, score_sum_nano FROM pending_bins");
        var pendingRows = await RowsAsync(c, "SELECT model, version, hour_ms, cell, alert, score FROM predictions WHERE state = 0");
        output.WriteLine($"{pendingRows.Count:N0} predictions pending at the end, in {pendingBins.Count:N0} stored bins");
        Assert.Equal(RecountPendingBins(pendingRows), pendingBins.Order(StringComparer.Ordinal));
    }

    /// <summary>The pending-bin counts recounted from "model|version|hour|cell|alert|score" rows, as "model|grain|start|version|cell|alert|bin|n|sum", sorted.</summary>
    private static List<string> RecountPendingBins(List<string> rows)
    {
        const long hour = 3_600_000, day = 24 * hour;
        var counts = new Dictionary<string, (long N, long Nano)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var f = row.Split('|');
            var hourMs = long.Parse(f[2], CultureInfo.InvariantCulture);
            var score = double.Parse(f[5], CultureInfo.InvariantCulture);
            var bin = (long)(score * 1000);
            var nano = (long)Math.Round(score * 1e9, MidpointRounding.AwayFromZero);
            foreach (var (grain, start) in new[] { (1, hourMs), (24, hourMs - (((hourMs % day) + day) % day)) })
            {
                var key = string.Join("|", f[0], grain.ToString(CultureInfo.InvariantCulture), start.ToString(CultureInfo.InvariantCulture), f[1], f[3], f[4],
                    bin.ToString(CultureInfo.InvariantCulture));
                var t = counts.GetValueOrDefault(key);
                counts[key] = (t.N + 1, t.Nano + nano);
            }
        }
        return [.. counts.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}|{kv.Value.N}|{kv.Value.Nano}")).Order(StringComparer.Ordinal)];
    }

    /// <summary>Batch n: predictions n*100..n*100+99 (one hour each, every fifth with an alert); every third batch the sepsis onsets of the previous batch's encounters instead.</summary>
    private static (string Path, string Body, string[] Ids) NextBatch(ref int next)
    {
        var n = next++;
        if (n % 3 == 2)
        {
            var earlier = (n - 1) * BatchSize;
            var items = Enumerable.Range(earlier, BatchSize).Where(i => i % 4 == 0).Select(i => Outcome("crash", i, Base.AddHours(i % 720 + 5))).ToList();
            return ("/v1/outcomes", Array(items), [.. Enumerable.Range(earlier, BatchSize).Where(i => i % 4 == 0).Select(i => $"o-crash-{i}")]);
        }
        var start = n * BatchSize;
        var predictions = Enumerable.Range(start, BatchSize)
            .Select(i => Prediction("crash", i, Base.AddHours(i % 720), 30 + i % 50, i % 2 == 0 ? "F" : "M", i % 10 / 10.0, i % 5 == 0))
            .ToList();
        return ("/v1/predictions", Lines(predictions), [.. Enumerable.Range(start, BatchSize).Select(i => $"p-crash-{i}")]);
    }

    private static void Record((string Path, string Body, string[] Ids) batch, HashSet<string> predictions, HashSet<string> outcomes)
    {
        var target = batch.Path == "/v1/outcomes" ? outcomes : predictions;
        foreach (var id in batch.Ids) target.Add(id);
    }

    private static HttpClient Client(ServeProcess serve)
    {
        var client = new HttpClient { BaseAddress = serve.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceTestHost.AdminSecret);
        return client;
    }

    /// <summary>The ingest result, or null when the connection broke (the process was killed before it answered).</summary>
    private static async Task<IngestResult?> PostAsync(HttpClient client, string path, string body, CancellationToken ct = default)
    {
        try
        {
            using var content = path == "/v1/outcomes" ? ServiceTestHost.Json(body) : ServiceTestHost.Ndjson(body);
            using var response = await client.PostAsync(path, content, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
            return JsonSerializer.Deserialize(text, MonitoringJsonContext.Default.IngestResult);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<List<string>> ColumnAsync(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var list = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }

    private static async Task<List<string>> RowsAsync(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var list = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++) values[i] = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            list.Add(string.Join("|", values));
        }
        return list;
    }
}
