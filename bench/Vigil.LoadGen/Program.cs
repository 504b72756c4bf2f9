using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Vigil.Application.Monitoring;
using Vigil.Contracts.Monitoring;
using Vigil.LoadGen;
using Vigil.Monitoring.Registration;
using Vigil.Service;

// The monitoring service's load benchmark (bench/README.md): starts `vigil serve` in this process on a loopback port
// over a temporary SQLite store (or --store), registers a model with 10 groups, and measures
//   (a) sustained ingest of batches of 500 predictions by a few concurrent clients (target >= 20,000 a second),
//   (b) p50/p99 latency of single-event POSTs (target p99 < 20 ms),
//   (c) latency of a 30-day status over the 10 groups after 30 days of hourly data are in (target < 200 ms).
// Every loop is bounded in count and time; nothing leaves the loopback interface.

var options = LoadOptions.Parse(args);
var dir = Path.Combine(Path.GetTempPath(), "vigil-loadgen-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
var adminKey = "vgl_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
var config = Path.Combine(dir, "service.yaml");
File.WriteAllText(config, string.Join('\n',
    "pseudonym_key: " + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    "bootstrap_admin_key: " + adminKey,
    "limits:",
    "  rate_limit_per_second: 1000000",
    "evaluation:",
    "  interval_seconds: 0",
    ""));
var store = options.Store ?? "sqlite:" + Path.Combine(dir, "monitor.db");
var url = $"http://127.0.0.1:{FreeLoopbackPort()}";

Console.WriteLine($"vigil load generator: {Environment.ProcessorCount} cores, .NET {Environment.Version}, store {(options.Store is null ? "sqlite (temporary file)" : store.Split(':')[0])}, {url}");
var app = ServiceHost.Build(new ServiceOptions(store, config, [url]), b => b.Logging.ClearProviders());
await app.StartAsync();
try
{
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
    using var client = new MonitorClient(new Uri(url), adminKey, RetryPolicy.None, handler);
    var hours = options.Days * 24;
    var end = new DateTimeOffset(DateTime.UtcNow.Year, DateTime.UtcNow.Month, DateTime.UtcNow.Day, DateTime.UtcNow.Hour, 0, 0, TimeSpan.Zero);
    var start = end.AddHours(-hours);
    await client.RegisterAsync(Registration(options.Groups));

    // (a) sustained batch ingest: every client posts new batches until the time is up; events cycle over the 30 days' hours.
    var ingest = new Latencies();
    long accepted = 0, duplicates = 0, failed = 0;
    var clock = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(options.Seconds);
    var loops = Enumerable.Range(0, options.Clients).Select(c => Task.Run(async () =>
    {
        var rng = new Random(1000 + c);
        for (long b = 0; clock.Elapsed < deadline; b++)
        {
            var batch = new List<PredictionEvent>(options.Batch);
            for (var i = 0; i < options.Batch; i++)
                batch.Add(Prediction($"a{c}-{b}-{i}", start.AddHours((b * options.Batch + i) % hours), options.Groups, rng));
            var t = Stopwatch.GetTimestamp();
            try
            {
                var r = await client.PushPredictionsAsync(batch);
                Interlocked.Add(ref accepted, r.Accepted);
                Interlocked.Add(ref duplicates, r.Duplicates);
            }
            catch (Vigil.Core.VigilException e)
            {
                Interlocked.Increment(ref failed);
                Console.Error.WriteLine("ingest batch failed: " + e.Message);
            }
            ingest.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    })).ToArray();
    await Task.WhenAll(loops);
    var ingestSeconds = clock.Elapsed.TotalSeconds;
    var rate = accepted / ingestSeconds;

    // (b) single-event POSTs.
    var singles = new Latencies();
    var perClient = options.Singles / options.SingleClients;
    await Task.WhenAll(Enumerable.Range(0, options.SingleClients).Select(c => Task.Run(async () =>
    {
        var rng = new Random(2000 + c);
        for (var i = 0; i < perClient; i++)
        {
            var e = Prediction($"s{c}-{i}", end.AddMinutes(-1 - (i % 50)), options.Groups, rng);
            var t = Stopwatch.GetTimestamp();
            await client.PushPredictionsAsync([e]);
            singles.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    })));

    // (c) a 30-day status over the groups, after the 30 days of hourly data above.
    var status = new Latencies();
    MonitorStatus? last = null;
    for (var i = 0; i < options.StatusCalls; i++)
    {
        var t = Stopwatch.GetTimestamp();
        last = await client.GetStatusAsync("bench", start, end, null);
        status.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }

    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ingest: {accepted:N0} predictions accepted ({duplicates:N0} duplicates, {failed} failed batches) in {ingestSeconds:0.0} s by {options.Clients} clients, batches of {options.Batch}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"status: {last!.Groups.Count} groups, {last.Overall.Predictions:N0} predictions over {options.Days} days"));
    Console.WriteLine();
    Console.WriteLine("| measure | result | target | met |");
    Console.WriteLine("| --- | --- | --- | --- |");
    Row("sustained ingest, batches of " + options.Batch, $"{rate:N0} predictions/s", ">= 20,000/s", rate >= 20_000);
    Row("batch POST latency p50 / p99", $"{ingest.Percentile(50):0.0} / {ingest.Percentile(99):0.0} ms", "", null);
    Row($"single-event POST p50 / p99 ({singles.Count:N0} requests, {options.SingleClients} client(s))", $"{singles.Percentile(50):0.00} / {singles.Percentile(99):0.00} ms", "p99 < 20 ms", singles.Percentile(99) < 20);
    Row($"30-day status over {options.Groups} groups p50 / max ({status.Count} requests)", $"{status.Percentile(50):0.0} / {status.Max():0.0} ms", "< 200 ms", status.Percentile(50) < 200);
    return failed == 0 ? 0 : 1;
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    try
    {
        Directory.Delete(dir, recursive: true);
    }
    catch (IOException)
    {
    }
}

static void Row(string what, string result, string target, bool? met) =>
    Console.WriteLine($"| {what} | {result} | {target} | {(met is null ? "" : met.Value ? "yes" : "NO")} |");

static int FreeLoopbackPort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}

static ModelRegistration Registration(int groups) => new(
    ModelRegistration.SchemaName, "bench", "1", "load benchmark", [new ProtectedSpec("unit", null, null)], ["lactate", "heart_rate"], 0.5,
    new OutcomeDefinition("sepsis_onset", 72, 0, []), 11, RegistrationDefaults.Settings(null), null);

static PredictionEvent Prediction(string id, DateTimeOffset time, int groups, Random rng)
{
    var score = rng.NextDouble();
    return new PredictionEvent(id, "bench", "1", time, "enc-" + id, "pat-" + id, "north", "icu",
        new Dictionary<string, string>(1) { ["unit"] = "u" + rng.Next(groups).ToString(CultureInfo.InvariantCulture) },
        new Dictionary<string, double?>(2) { ["lactate"] = 1 + (3 * rng.NextDouble()), ["heart_rate"] = 60 + (60 * rng.NextDouble()) },
        score, score >= 0.5, null);
}
