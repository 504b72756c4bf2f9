using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring;
using Xunit;
using static Vigil.Tests.Monitoring.Service.ServiceScenario;

namespace Vigil.Tests.Monitoring.Service;

/// <summary>Ingest through HTTP on SQLite: JSON and NDJSON, idempotency, all-or-nothing validation with path-keyed problems, outcomes first, and no raw identifier in the database files or the logs.</summary>
public sealed class ServiceIngestTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private static readonly string[] DatabaseSuffixes = ["", "-wal", "-shm"];

    private static readonly DateTimeOffset Base = DateTimeOffset.UtcNow.AddDays(-10).Date;

    [Fact]
    public async Task JsonArrayAndNdjson_AreStored_DuplicatesCountedOnce()
    {
        const string model = "ingest-idem";
        await RegisterAsync(model);
        using var client = fixture.Host.Client(fixture.Keys["ingest"]);
        var first = Enumerable.Range(0, 20).Select(i => Prediction("idem", i, Base.AddHours(i % 5), 30 + i, i % 2 == 0 ? "F" : "M", 0.2, false, model));
        var result = await IngestAsync(client, "/v1/predictions", ServiceTestHost.Json(Array(first)));
        Assert.Equal(new IngestResult(20, 0), result);

        // NDJSON: 10 repeats and 10 new ones
        var second = Enumerable.Range(10, 20).Select(i => Prediction("idem", i, Base.AddHours(i % 5), 30 + i, i % 2 == 0 ? "F" : "M", 0.2, false, model));
        result = await IngestAsync(client, "/v1/predictions", ServiceTestHost.Ndjson(Lines(second)));
        Assert.Equal(new IngestResult(10, 10), result);

        var cells = await fixture.Host.Store.GetHourCellsAsync(model, ModelVersion, 0, long.MaxValue);
        Assert.Equal(30, cells.Sum(c => c.Predictions));
        Assert.Contains(cells, c => c.Cell == "<45\u001fF");
        Assert.Contains(cells, c => c.Cell == "45-64\u001fM");

        var actions = Enumerable.Range(0, 3).Select(i => Action("idem", i, Base.AddHours(1)));
        Assert.Equal(new IngestResult(3, 0), await IngestAsync(client, "/v1/actions", ServiceTestHost.Json(Array(actions))));
        Assert.Equal(new IngestResult(0, 3), await IngestAsync(client, "/v1/actions", ServiceTestHost.Ndjson(Lines(actions))));
    }

    public static TheoryData<string, string, string, int, string> BadBatches()
    {
        var t = Base.AddHours(3);
        string Good(int i) => Prediction("bad", i, t, 50, "F", 0.4, false, "ingest-bad");
        return new()
        {
            { "predictions", "unknown model", Array([Good(0), Prediction("bad", 1, t, 50, "F", 0.4, false, "no-such-model")]), 422, "[1].model" },
            { "predictions", "unknown version", Array([Good(0), Prediction("bad", 1, t, 50, "F", 0.4, false, "ingest-bad", "9.9.9")]), 422, "[1].model" },
            { "predictions", "score above 1", Array([Good(0), Good(1).Replace("\"score\":0.4", "\"score\":1.5")]), 422, "[1].score" },
            { "predictions", "score below 0", Array([Good(0), Good(1).Replace("\"score\":0.4", "\"score\":-0.1")]), 422, "[1].score" },
            { "predictions", "score not a number", Array([Good(0), Good(1).Replace("\"score\":0.4", "\"score\":\"NaN\"")]), 422, "[1].score" },
            { "predictions", "missing score", Array([Good(0), Good(1).Replace("\"score\":0.4,", "")]), 422, "[1].score" },
            { "predictions", "missing encounter", Array([Good(0), Good(1).Replace("\"encounter\":", "\"enc\":")]), 422, "[1].encounter" },
            { "predictions", "unknown protected attribute", Array([Good(0), Good(1).Replace("\"sex\":", "\"gender\":")]), 422, "[1].protected.gender" },
            { "predictions", "age not a number", Array([Good(0), Good(1).Replace("\"age\":\"50\"", "\"age\":\"fifty\"")]), 422, "[1].protected.age" },
            { "predictions", "time without offset", Array([Good(0), Good(1).Replace("Z\",\"encounter", "\",\"encounter")]), 422, "[1].time" },
            { "predictions", "time not ISO-8601", Array([Good(0), Good(1).Replace(Time(t), "03/05/2026 10:00")]), 422, "[1].time" },
            { "predictions", "alert not boolean", Array([Good(0), Good(1).Replace("\"alert\":false", "\"alert\":\"no\"")]), 422, "[1].alert" },
            { "predictions", "feature not finite", Array([Good(0), Good(1).Replace("\"lactate\":", "\"lactate\":\"inf\",\"x\":")]), 422, "[1].features.lactate" },
            { "predictions", "not JSON", "[{\"event_id\": ", 400, "$" },
            { "predictions", "not an array", Good(0), 400, "$" },
            { "predictions", "an element not an object", Array([Good(0), "42"]), 422, "[1]" },
            { "outcomes", "unknown outcome kind", Array([Outcome("bad", 0, t), Outcome("bad", 1, t, "sepsis-onset")]), 422, "[1].kind" },
            { "outcomes", "missing time", Array([Outcome("bad", 0, t), Outcome("bad", 1, t).Replace("\"time\"", "\"when\"")]), 422, "[1].time" },
            { "actions", "unknown action", Array([Action("bad", 0, t), Action("bad", 1, t, "maybe")]), 422, "[1].action" },
            { "actions", "free-text reason", Array([Action("bad", 0, t), Action("bad", 1, t).Replace("\"reason\":null", "\"reason\":\"patient Jane Doe refused\"")]), 422, "[1].reason" },
        };
    }

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task BadBatch_Is4xxNamingThePath_AndStoresNothing(string endpoint, string why, string body, int status, string path)
    {
        await RegisterAsync("ingest-bad");
        using var client = fixture.Host.Client(fixture.Keys["ingest"]);
        using var response = await client.PostAsync("/v1/" + endpoint, ServiceTestHost.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{why}: {(int)response.StatusCode} {text}");
        var problem = await ServiceSecurityTests.ProblemAsync(response);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(path, out var messages), $"{why}: no error at {path}: {text}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.DoesNotContain("ENC-bad", text, StringComparison.Ordinal);
        Assert.DoesNotContain("MRN-bad", text, StringComparison.Ordinal);

        // all or nothing: the valid event next to the bad one was not stored either
        var cells = await fixture.Host.Store.GetHourCellsAsync("ingest-bad", ModelVersion, 0, long.MaxValue);
        Assert.Equal(0, cells.Sum(c => c.Predictions));
    }

    [Fact]
    public async Task OutcomeBeforeItsPrediction_IsKept_AndLabelsThePredictionWhenItArrives()
    {
        const string model = "ingest-late";
        await RegisterAsync(model);
        using var client = fixture.Host.Client(fixture.Keys["ingest"]);
        var onset = Base.AddHours(30);
        Assert.Equal(new IngestResult(1, 0), await IngestAsync(client, "/v1/outcomes", ServiceTestHost.Json(Array([Outcome("late", 0, onset)]))));
        Assert.Equal(new IngestResult(1, 0), await IngestAsync(client, "/v1/predictions",
            ServiceTestHost.Json(Array([Prediction("late", 0, Base.AddHours(20), 70, "M", 0.3, false, model)]))));
        var cells = await fixture.Host.Store.GetHourCellsAsync(model, ModelVersion, 0, long.MaxValue);
        Assert.Equal(1, cells.Sum(c => c.Fn));
        Assert.Equal(0, cells.Sum(c => c.Tn + c.Tp + c.Fp));
    }

    [Fact]
    public async Task BodyWithoutLength_LargerThanTheFirstBuffer_IsReadWhole()
    {
        // Chunked (no Content-Length): the body reader starts with a 16 kB pooled buffer and grows it; 300 events are
        // about 120 kB, so it grows several times, and every event must arrive intact.
        const string model = "ingest-chunked";
        await RegisterAsync(model);
        using var client = fixture.Host.Client(fixture.Keys["ingest"]);
        var events = Enumerable.Range(0, 300).Select(i => Prediction("chunk", i, Base.AddHours(i % 24), 20 + i % 70, i % 2 == 0 ? "F" : "M", i % 10 * 0.1, i % 3 == 0, model)).ToList();
        var json = Encoding.UTF8.GetBytes(Array(events));
        Assert.True(json.Length > 4 * 16_384);
        Assert.Equal(new IngestResult(300, 0), await IngestAsync(client, "/v1/predictions", new UnsizedContent(json, "application/json")));
        Assert.Equal(new IngestResult(0, 300), await IngestAsync(client, "/v1/predictions", new UnsizedContent(Encoding.UTF8.GetBytes(Lines(events)), "application/x-ndjson")));
        var cells = await fixture.Host.Store.GetHourCellsAsync(model, ModelVersion, 0, long.MaxValue);
        Assert.Equal(300, cells.Sum(c => c.Predictions));
    }

    /// <summary>Content sent chunked: its length is not known in advance.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedContent(byte[] bytes, string type)
        {
            _bytes = bytes;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < _bytes.Length; i += 7_000)
                await stream.WriteAsync(_bytes.AsMemory(i, Math.Min(7_000, _bytes.Length - i)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task OversizedBatch_Is413()
    {
        using var client = fixture.Host.Client(fixture.Keys["ingest"]);
        var body = "[" + string.Join(",", Enumerable.Repeat("{}", 10_001)) + "]";
        using var response = await client.PostAsync("/v1/predictions", ServiceTestHost.Json(body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var unsupported = await client.PostAsync("/v1/predictions", new StringContent("[]", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }

    [Fact]
    public async Task RawIdentifiers_NeverReachTheDatabaseFilesOrTheLogs()
    {
        const string model = "ingest-privacy";
        await RegisterAsync(model);
        using var client = fixture.Host.Client(fixture.Keys["ingest"]);
        var n = 40;
        var predictions = Enumerable.Range(0, n).Select(i => Prediction("priv", i, Base.AddHours(i), 20 + i, i % 3 == 0 ? "F" : "M", 0.1 + i % 9 * 0.1, i % 4 == 0, model));
        Assert.Equal(new IngestResult(n, 0), await IngestAsync(client, "/v1/predictions", ServiceTestHost.Ndjson(Lines(predictions))));
        var outcomes = Enumerable.Range(0, n).Where(i => i % 5 == 0).Select(i => Outcome("priv", i, Base.AddHours(i + 2)));
        await IngestAsync(client, "/v1/outcomes", ServiceTestHost.Json(Array(outcomes)));
        // an outcome whose encounter has no prediction, and a rejected batch carrying raw ids
        await IngestAsync(client, "/v1/outcomes", ServiceTestHost.Json(Array([Outcome("priv", 9_999, Base)])));
        using (var rejected = await client.PostAsync("/v1/predictions", ServiceTestHost.Json(Array([Prediction("priv", 5_000, Base, 40, "F", 2, false, model)]))))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);

        var raw = Enumerable.Range(0, n).Concat([9_999, 5_000]).SelectMany(i => new[] { Encounter("priv", i), Patient("priv", i) }).ToList();
        var files = DatabaseSuffixes.Select(s => fixture.DatabasePath + s).Where(File.Exists).ToList();
        Assert.NotEmpty(files);
        var bytes = files.Select(File.ReadAllBytes).ToList();
        foreach (var id in raw)
        {
            var utf8 = Encoding.UTF8.GetBytes(id);
            var utf16 = Encoding.Unicode.GetBytes(id);
            foreach (var b in bytes)
            {
                Assert.True(b.AsSpan().IndexOf(utf8) < 0, $"raw id {id} found in the database files");
                Assert.True(b.AsSpan().IndexOf(utf16) < 0, $"raw id {id} found in the database files (UTF-16)");
            }
            Assert.DoesNotContain(id, fixture.Host.Logs.All, StringComparison.Ordinal);
        }
        // the scan reads the stored data: the pseudonym of an encounter is there
        var pseudonym = Encoding.UTF8.GetBytes(new Pseudonymizer(Convert.FromBase64String(ServiceTestHost.PseudonymKey)).Encounter(Encounter("priv", 0)));
        Assert.Contains(bytes, b => b.AsSpan().IndexOf(pseudonym) >= 0);
        Assert.NotEmpty(fixture.Host.Logs.Lines);
    }

    private async Task RegisterAsync(string model)
    {
        using var admin = fixture.Host.Client(fixture.Keys["admin"]);
        using var response = await admin.PostAsync("/v1/models", ServiceTestHost.Json(RegistrationJson(SepsisRegistration(model))));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    internal static async Task<IngestResult> IngestAsync(HttpClient client, string path, HttpContent content)
    {
        using (content)
        using (var response = await client.PostAsync(path, content))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
            return JsonSerializer.Deserialize(text, MonitoringJsonContext.Default.IngestResult)!;
        }
    }
}
