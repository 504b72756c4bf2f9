using System.Net;
using Npgsql;
using Vigil.Contracts.Monitoring;
using Xunit;
using static Vigil.Tests.Monitoring.Service.ServiceScenario;

namespace Vigil.Tests.Monitoring.Service;

/// <summary>
/// The service on a real PostgreSQL, as two replicas (two hosts) over one database: concurrent ingest of the same
/// events counts each exactly once, concurrent evaluations open one alert, the alert flow, refusals and bad input,
/// and no raw identifier in any text column or log.
/// </summary>
[Collection(PostgresServer.Collection)]
public sealed class ServicePostgresTests(PostgresServer server) : IAsyncLifetime
{
    private ServiceTestHost _a = null!;
    private ServiceTestHost _b = null!;
    private string _connection = "";
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        _connection = await server.CreateDatabaseAsync();
        var env = ServiceTestHost.Environment(new Dictionary<string, string>
        {
            ["VIGIL_JWT_ISSUER"] = SqliteServiceFixture.JwtIssuer,
            ["VIGIL_JWT_AUDIENCE"] = SqliteServiceFixture.JwtAudience,
            ["VIGIL_JWT_SIGNING_KEY"] = SqliteServiceFixture.JwtKey,
        });
        var hosts = await Task.WhenAll(ServiceTestHost.StartAsync(_connection, env), ServiceTestHost.StartAsync(_connection, env));
        (_a, _b) = (hosts[0], hosts[1]);
        foreach (var role in new[] { "ingest", "viewer", "reviewer", "admin" })
            _keys[role] = await _a.CreateKeyAsync("test-" + role, role);
    }

    [Fact]
    public async Task TwoReplicas_IngestingTheSameEventsConcurrently_CountEachOnce()
    {
        const string model = "pg-replicas";
        await RegisterAsync(_a, model);
        var (predictions, outcomes) = AlertFlow.Stream(model, "rep", DateTimeOffset.UtcNow.AddDays(-20).Date);
        var batches = predictions.Chunk(100).ToList();
        using var ingestA = _a.Client(_keys["ingest"]);
        using var ingestB = _b.Client(_keys["ingest"]);

        async Task<(int Accepted, int Duplicates)> SendAsync(HttpClient client, IEnumerable<string[]> order, string path)
        {
            int accepted = 0, duplicates = 0;
            foreach (var batch in order)
            {
                var r = await ServiceIngestTests.IngestAsync(client, path, ServiceTestHost.Ndjson(Lines(batch)));
                accepted += r.Accepted;
                duplicates += r.Duplicates;
            }
            return (accepted, duplicates);
        }

        // A sends the batches in order, B in reverse: every event reaches both replicas at about the same time
        var results = await Task.WhenAll(SendAsync(ingestA, batches, "/v1/predictions"), SendAsync(ingestB, Enumerable.Reverse(batches), "/v1/predictions"));
        Assert.Equal(AlertFlow.Events, results.Sum(r => r.Accepted));
        Assert.Equal(AlertFlow.Events, results.Sum(r => r.Duplicates));
        var outcomeBatches = outcomes.Chunk(50).ToList();
        var outcomeResults = await Task.WhenAll(SendAsync(ingestA, outcomeBatches, "/v1/outcomes"), SendAsync(ingestB, Enumerable.Reverse(outcomeBatches), "/v1/outcomes"));
        Assert.Equal(outcomes.Count, outcomeResults.Sum(r => r.Accepted));

        var cells = await _b.Store.GetHourCellsAsync(model, ModelVersion, 0, long.MaxValue);
        Assert.Equal(AlertFlow.Events, cells.Sum(c => c.Predictions));
        Assert.Equal(outcomes.Count, cells.Sum(c => c.Tp + c.Fn));
        Assert.Equal(140, cells.Sum(c => c.Fn)); // F: 3 of 5 of 200 missed, M: 1 of 10 of 200

        // both replicas evaluate at once: one alert
        using var adminA = _a.Client(_keys["admin"]);
        using var adminB = _b.Client(_keys["admin"]);
        var evaluations = await Task.WhenAll(adminA.PostAsync("/v1/evaluate", null), adminB.PostAsync("/v1/evaluate", null));
        foreach (var e in evaluations) using (e) Assert.Equal(HttpStatusCode.OK, e.StatusCode);
        using var viewer = _b.Client(_keys["viewer"]);
        var alerts = await AlertFlow.GetAsync(viewer, $"/v1/alerts?model={model}", MonitoringJsonContext.Default.ListMonitorAlert);
        Assert.Equal(("sex", "F"), (Assert.Single(alerts).Attribute, alerts[0].Level));
    }

    [Fact]
    public Task AlertFlow_OnPostgres() =>
        AlertFlow.RunAsync(_a, "pg-fnr", _keys["ingest"], _keys["reviewer"], _keys["admin"], SqliteServiceFixture.Token("dr.grace", "reviewer"));

    [Fact]
    public async Task Refusals_BadInput_AndNoRawIdentifierInAnyColumnOrLog()
    {
        const string model = "pg-privacy";
        await RegisterAsync(_b, model);
        using (var none = _a.Client(apiKey: null))
        using (var r = await none.GetAsync("/v1/alerts"))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var viewer = _b.Client(_keys["viewer"]))
        using (var r = await viewer.PostAsync("/v1/predictions", ServiceTestHost.Json("[]")))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);

        var t = DateTimeOffset.UtcNow.AddDays(-2);
        using var ingest = _a.Client(_keys["ingest"]);
        var good = Enumerable.Range(0, 30).Select(i => Prediction("pgp", i, t.AddMinutes(i), 40 + i, i % 2 == 0 ? "F" : "M", 0.3, false, model)).ToList();
        using (var bad = await ingest.PostAsync("/v1/predictions", ServiceTestHost.Json(Array([.. good, good[0].Replace("\"score\":0.3", "\"score\":1.3")]))))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.True((await ServiceSecurityTests.ProblemAsync(bad)).GetProperty("errors").TryGetProperty("[30].score", out _));
        }
        Assert.Equal(0, (await _a.Store.GetHourCellsAsync(model, ModelVersion, 0, long.MaxValue)).Sum(c => c.Predictions));
        Assert.Equal(new IngestResult(30, 0), await ServiceIngestTests.IngestAsync(ingest, "/v1/predictions", ServiceTestHost.Json(Array(good))));
        await ServiceIngestTests.IngestAsync(ingest, "/v1/outcomes", ServiceTestHost.Ndjson(Lines(Enumerable.Range(0, 30).Select(i => Outcome("pgp", i, t.AddHours(3))))));

        // every text column of every table: no value holds a raw id (they all end in "-RAW")
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add((reader.GetString(0), reader.GetString(1)));
        Assert.Contains(columns, c => c.Table == "predictions");
        foreach (var (table, column) in columns)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE \"{column}\"::text LIKE '%-RAW%'", connection);
            Assert.True((long)(await count.ExecuteScalarAsync())! == 0, $"a raw identifier in {table}.{column}");
        }
        foreach (var host in new[] { _a, _b })
            Assert.DoesNotContain("-RAW", host.Logs.All, StringComparison.Ordinal);
    }

    private async Task RegisterAsync(ServiceTestHost host, string model)
    {
        using var admin = host.Client(_keys["admin"]);
        using var response = await admin.PostAsync("/v1/models", ServiceTestHost.Json(RegistrationJson(SepsisRegistration(model))));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }
}
