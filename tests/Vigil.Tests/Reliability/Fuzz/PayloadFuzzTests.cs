using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Vigil.Tests.Monitoring.Service;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Reliability.Fuzz;

/// <summary>
/// Hostile bodies through the real service over HTTP (in-memory TestServer; the oversize body also over Kestrel): every
/// generated case and every corpus case must get a 4xx answer as RFC 7807 problem details (application/problem+json
/// whose "status" is the response's), never a 5xx, and within <see cref="RequestTimeout"/> (a hang fails). The FsCheck
/// seed is written to the test output ("FsCheck seed: N") and into every failure; VIGIL_FUZZ_SEED replays it and
/// VIGIL_FUZZ_CASES changes the number of generated cases (default 10,000).
/// </summary>
public sealed class PayloadFuzzTests(ITestOutputHelper output)
{
    /// <summary>Longest a request may take before it counts as a hang.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private static int GeneratedCases =>
        int.TryParse(Environment.GetEnvironmentVariable("VIGIL_FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 10_000;

    [Fact]
    public async Task GeneratedHostileBodies_AlwaysGetProblemDetails4xx_NeverA5xxOrAHang()
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("VIGIL_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? s : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        output.WriteLine($"FsCheck seed: {seed} (replay: VIGIL_FUZZ_SEED={seed})");
        await using var service = await InMemoryService.StartAsync();
        using var admin = service.Client(ServiceTestHost.AdminSecret);
        var targets = await FuzzTargets.FromOpenApiAsync(admin);
        output.WriteLine($"targets from /openapi/v1.json: {string.Join(", ", targets.Select(t => t.Endpoint))}");
        Assert.Contains(targets, t => t.Endpoint == "POST /v1/predictions");
        Assert.Contains(targets, t => t.Endpoint == "POST /v1/models");
        Assert.Contains(targets, t => t.Endpoint == "POST /v1/evaluate");

        var cases = HostileBodies.Sample(targets, GeneratedCases, seed);
        var clock = Stopwatch.StartNew();
        var failures = await RunAsync(admin, cases.Select(c => (c.Path, c.ContentType, c.Body, $"{c.Endpoint} [{c.Description}]", (Func<int, bool>)(code => code is >= 400 and < 500))).ToList());
        output.WriteLine($"{cases.Count:N0} generated cases over {targets.Count} endpoints in {clock.Elapsed.TotalSeconds:F1} s; statuses: {Histogram}");
        Assert.True(failures.IsEmpty, $"seed {seed}: {failures.Count} of {cases.Count} cases failed; first: {string.Join("\n", failures.Take(15))}");
        AssertNoDataInLogs(service);
    }

    [Fact]
    public async Task CorpusCases_GetTheirExpectedStatus_AsProblemDetails()
    {
        await using var service = await InMemoryService.StartAsync();
        using var admin = service.Client(ServiceTestHost.AdminSecret);
        var corpus = CorpusCase.Load();
        Assert.True(corpus.Count >= 250, $"corpus of {corpus.Count} cases");
        // every body-taking endpoint of the OpenAPI document with a template has corpus cases
        var targets = await FuzzTargets.FromOpenApiAsync(admin);
        foreach (var endpoint in BodyTemplate.ByEndpoint.Keys)
        {
            Assert.Contains(targets, t => t.Endpoint == endpoint);
            Assert.Contains(corpus, c => c.Endpoint == endpoint);
        }
        var failures = await RunAsync(admin, corpus.Select(c => (FuzzTargets.Concrete(c.Endpoint.Split(' ')[1]), (string?)c.ContentType, c.Bytes(),
            $"{c.File} ({c.What}; expected {c.Expect})", (Func<int, bool>)c.Allows)).ToList(), sequential: true);
        output.WriteLine($"{corpus.Count} corpus cases; statuses: {Histogram}");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {corpus.Count} corpus cases failed:\n{string.Join("\n", failures)}");
        AssertNoDataInLogs(service);
    }

    [Fact]
    public async Task OneHundredMegabyteBody_Gets413Fast_WithoutBeingBuffered()
    {
        await using var service = await InMemoryService.StartAsync();
        using var client = service.Client(service.Keys["ingest"]);
        foreach (var path in new[] { "/v1/predictions", "/v1/models", "/v1/keys", "/v1/alerts/1/transition", "/fhir", "/cds-services/sepsis-ews", "/cds-services/sepsis-ews/feedback" })
        {
            foreach (var declareLength in new[] { true, false })
            {
                var content = new EndlessJson(100L << 20, declareLength);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var clock = Stopwatch.StartNew();
                using var cts = new CancellationTokenSource(RequestTimeout);
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
                using var admin = service.Client(ServiceTestHost.AdminSecret);
                using var response = await (path is "/v1/predictions" or "/fhir" || path.StartsWith("/cds-services", StringComparison.Ordinal) ? client : admin).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
                await ProblemAsync(response, 413, path);
                output.WriteLine($"{path} 100 MB ({(declareLength ? "Content-Length" : "chunked")}): 413 in {clock.ElapsedMilliseconds} ms after {content.Written / 1048576.0:F1} MB were produced");
                // the service stops reading at the limit (8 MiB by default), far before 100 MB
                Assert.True(content.Written < 32L << 20, $"{path}: {content.Written:N0} bytes were read before the 413");
            }
        }
    }

    private readonly ConcurrentDictionary<int, int> _statuses = new();

    private string Histogram => string.Join(", ", _statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value:N0}"));

    /// <summary>Sends every case (4 at a time) and returns what went wrong: a status the case does not allow, no problem details, or no answer in time.</summary>
    private async Task<ConcurrentQueue<string>> RunAsync(HttpClient client, IReadOnlyList<(string Path, string? ContentType, byte[] Body, string What, Func<int, bool> Allowed)> cases, bool sequential = false)
    {
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = sequential ? 1 : 4 }, async (c, _) =>
        {
            using var cts = new CancellationTokenSource(RequestTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, c.Path) { Content = new ByteArrayContent(c.Body) };
            if (c.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            try
            {
                using var response = await client.SendAsync(request, cts.Token);
                var status = (int)response.StatusCode;
                _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                var text = await response.Content.ReadAsStringAsync(cts.Token);
                if (!c.Allowed(status)) failures.Enqueue($"{c.What}: {status} {Head(text)}");
                else if (status >= 400 && !IsProblem(response, text, status)) failures.Enqueue($"{c.What}: {status} is not problem details: {response.Content.Headers.ContentType} {Head(text)}");
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                failures.Enqueue($"{c.What}: no answer within {RequestTimeout.TotalSeconds} s (a hang)");
            }
        });
        return failures;
    }

    private static bool IsProblem(HttpResponseMessage response, string text, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return false;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("status", out var s) && s.GetInt32() == status
                && doc.RootElement.TryGetProperty("title", out _) && doc.RootElement.TryGetProperty("detail", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task ProblemAsync(HttpResponseMessage response, int status, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(IsProblem(response, text, status), $"{what}: {response.Content.Headers.ContentType} {Head(text)}");
    }

    /// <summary>No raw identifier of the templates and corpus, and no stack trace, reached the log.</summary>
    private static void AssertNoDataInLogs(InMemoryService service)
    {
        var logs = service.Logs.All;
        foreach (var raw in new[] { "ENC-fz-", "MRN-fz-", "ENC-CORPUS-1-RAW", "MRN-CORPUS-1-RAW" })
            Assert.DoesNotContain(raw, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", logs, StringComparison.OrdinalIgnoreCase);
    }

    private static string Head(string s) => s.Length <= 300 ? s : s[..300] + "...";

    /// <summary>A JSON array that goes on for <c>length</c> bytes, produced as it is read (never held in memory), counting what was taken.</summary>
    private sealed class EndlessJson(long length, bool declareLength) : HttpContent
    {
        private long _written;

        public long Written => Interlocked.Read(ref _written);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            chunk[0] = (byte)'[';
            try
            {
                while (Written < length)
                {
                    var n = (int)Math.Min(chunk.Length, length - Written);
                    await stream.WriteAsync(chunk.AsMemory(0, n));
                    Interlocked.Add(ref _written, n);
                    chunk[0] = (byte)' ';
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // the server answered and stopped reading: what matters is what was taken before that
            }
        }

        protected override bool TryComputeLength(out long size)
        {
            size = length;
            return declareLength;
        }
    }
}
