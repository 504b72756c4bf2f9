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
//   (a) after a warm-up, sustained ingest of batches of 500 predictions by a few concurrent clients (target >= 20,000
//       a second), optionally paced (--rate) with concurrent dashboard readers (--readers), RSS sampled each second,
//       and at the end acknowledged predictions compared with the rows stored and the windows' counts (SQLite),
//   (b) p50/p99 latency of single-event POSTs (target p99 < 20 ms),
//   (c) latency of a 30-day status over the 10 groups after 30 days of hourly data are in (target < 200 ms).
// Every loop is bounded in count and time; nothing leaves the loopback interface.

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"vigil load generator: {e.Message}\n{LoadOptions.Usage}");
    return 2;
}
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
    "  interval_seconds: " + options.EvaluateSeconds.ToString(CultureInfo.InvariantCulture),
    ""));
var store = options.Store ?? "sqlite:" + Path.Combine(dir, "monitor.db");
var url = $"http://127.0.0.1:{FreeLoopbackPort()}";

Console.WriteLine($"vigil load generator: {Environment.ProcessorCount} cores, .NET {Environment.Version}, store {(options.Store is null ? "sqlite (temporary file)" : store.Split(':')[0])}, {url}{(options.EvaluateSeconds > 0 ? $", maturity run every {options.EvaluateSeconds} s" : "")}");
var app = ServiceHost.Build(new ServiceOptions(store, config, [url]), b => b.Logging.ClearProviders());
await app.StartAsync();
try
{
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
    using var client = new MonitorClient(new Uri(url), adminKey, RetryPolicy.None, handler);
    var hours = options.Days * 24;
    var end = new DateTimeOffset(DateTime.UtcNow.Year, DateTime.UtcNow.Month, DateTime.UtcNow.Day, DateTime.UtcNow.Hour, 0, 0, TimeSpan.Zero);
    var start = end.AddHours(-hours);
    await client.RegisterAsync(Events.Registration());

    // Warm-up (not counted): the JIT's tiers, the connection pools and the caches settle, the dashboard readers' paths
    // included (their latencies are not kept, their errors are).
    var warm = new IngestPhase(handler, new Uri(url), adminKey, options, start);
    var warmReaders = new DashboardReaders(handler, new Uri(url), adminKey, start, end);
    if (options.Warmup > 0)
    {
        using var stopWarmReaders = new CancellationTokenSource();
        var warmReading = options.Readers > 0 ? warmReaders.RunAsync(options.Readers, stopWarmReaders.Token) : Task.CompletedTask;
        await warm.RunAsync("w", options.Warmup);
        await stopWarmReaders.CancelAsync();
        await warmReading;
    }

    // (a) sustained batch ingest, with the dashboard readers (if any) polling meanwhile and RSS sampled each second.
    var ingest = new IngestPhase(handler, new Uri(url), adminKey, options, start);
    var readers = new DashboardReaders(handler, new Uri(url), adminKey, start, end);
    using var stopReaders = new CancellationTokenSource();
    var reading = options.Readers > 0 ? readers.RunAsync(options.Readers, stopReaders.Token) : Task.CompletedTask;
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    double ingestSeconds;
    MemorySummary memory;
    await using (var sampler = new MemorySampler())
    {
        ingestSeconds = await ingest.RunAsync("a", options.Seconds);
        memory = sampler.Summary();
    }
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    await stopReaders.CancelAsync();
    await reading;
    var accepted = ingest.Accepted;
    var rate = accepted / ingestSeconds;

    // (b) single-event POSTs.
    var singles = new Latencies();
    long singlesAccepted = 0;
    var perClient = options.Singles / options.SingleClients;
    await Task.WhenAll(Enumerable.Range(0, options.SingleClients).Select(c => Task.Run(async () =>
    {
        var rng = new Random(2000 + c);
        for (var i = 0; i < perClient; i++)
        {
            var e = Events.Prediction($"s{c}-{i}", end.AddMinutes(-1 - (i % 50)), options.Groups, rng);
            var t = Stopwatch.GetTimestamp();
            Interlocked.Add(ref singlesAccepted, (await client.PushPredictionsAsync([e])).Accepted);
            singles.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    })));

    // (c) a 30-day status over the groups, after the 30 days of hourly data above: first as ingested (the maturity run is
    // off here, so every label is still pending and the label-free estimate reads every prediction: the worst case), then
    // after one maturity run (POST /v1/evaluate), as a live service is, where only the last outcome window is pending.
    var statusPending = new Latencies();
    MonitorStatus? pendingStatus = null;
    double maturitySeconds;
    for (var i = 0; i < options.StatusCalls; i++)
    {
        var t = Stopwatch.GetTimestamp();
        pendingStatus = await client.GetStatusAsync("bench", start, end, null);
        statusPending.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }
    using (var evaluate = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(url), "v1/evaluate")))
    // After a long run at full rate the maturity run has millions of predictions to mature (minutes, more than
    // HttpClient's default 100 s), so it gets a bound of its own.
    using (var http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromMinutes(30) })
    {
        evaluate.Headers.Add("X-Api-Key", adminKey);
        var t = Stopwatch.GetTimestamp();
        (await http.SendAsync(evaluate)).EnsureSuccessStatusCode();
        maturitySeconds = Stopwatch.GetElapsedTime(t).TotalSeconds;
    }
    var status = new Latencies();
    MonitorStatus? last = null;
    for (var i = 0; i < options.StatusCalls; i++)
    {
        var t = Stopwatch.GetTimestamp();
        last = await client.GetStatusAsync("bench", start, end, null);
        status.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }

    // Lost events: every acknowledged prediction must be a stored row, and counted once in the hourly windows.
    var acknowledged = warm.Accepted + accepted + singlesAccepted;
    var (storedRows, windowCount) = StoredCounts(options.Store, Path.Combine(dir, "monitor.db"));
    var failed = warm.Failed + ingest.Failed + warmReaders.Errors;

    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ingest: {accepted:N0} predictions accepted ({ingest.Duplicates:N0} duplicates, {ingest.Failed} failed batches) in {ingestSeconds:0.0} s by {options.Clients} clients, batches of {options.Batch}{(options.Rate > 0 ? $", paced to {options.Rate:N0}/s" : "")}, after {options.Warmup:0} s of warm-up ({warm.Accepted:N0})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"process CPU during ingest: {cpuSeconds:0.0} s ({cpuSeconds / ingestSeconds:0.00} cores; {1000 * cpuSeconds / Math.Max(1, accepted):0.000} CPU-ms per prediction, client and service together)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"memory during ingest ({memory.Count} samples, 1/s): RSS first {memory.First:0} MB, min {memory.Min:0}, max {memory.Max:0}, last {memory.Last:0}; RssAnon first {memory.AnonFirst:0} MB, last {memory.AnonLast:0}, slope {memory.SlopePerMinute:+0.0;-0.0} MB/min (second half {memory.SecondHalfSlope:+0.0;-0.0}); managed heap max {memory.MaxHeap:0} MB; GC committed {memory.CommittedFirst:0} → {memory.CommittedLast:0} MB; SQLite allocated {memory.SqliteFirst:0} → {memory.SqliteLast:0} MB (high-water {memory.SqliteHighwater:0}); the rest (RssAnon − GC committed − SQLite) {memory.RestFirst:0} → {memory.RestLast:0} MB, slope {memory.RestSlope:+0.0;-0.0} MB/min (second half {memory.RestSecondHalfSlope:+0.0;-0.0})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"acknowledged {acknowledged:N0} predictions; stored rows {storedRows:N0}; counted in windows {windowCount:N0}; lost {acknowledged - storedRows:N0}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"status: {last!.Groups.Count} groups, {last.Overall.Predictions:N0} predictions over {options.Days} days; pending {pendingStatus!.Overall.Pending:N0} before the maturity run, {last.Overall.Pending:N0} after it (POST /v1/evaluate, the maturity run and then the monitors: {maturitySeconds:0.00} s)"));
    Console.WriteLine();
    Console.WriteLine("| measure | result | target | met |");
    Console.WriteLine("| --- | --- | --- | --- |");
    Row("sustained ingest, batches of " + options.Batch, $"{rate:N0} predictions/s", options.Rate > 0 ? $">= {options.Rate:N0}/s (paced)" : ">= 20,000/s", rate >= (options.Rate > 0 ? options.Rate * 0.98 : 20_000));
    Row("batch POST latency p50 / p99", $"{ingest.Latency.Percentile(50):0.0} / {ingest.Latency.Percentile(99):0.0} ms", "", null);
    if (options.Readers > 0)
    {
        Row($"dashboard reads during ingest ({options.Readers} readers): status p50 / p99", $"{readers.Status.Percentile(50):0} / {readers.Status.Percentile(99):0} ms ({readers.Status.Count} requests)", "", null);
        Row("dashboard reads during ingest: daily series p50 / p99", $"{readers.Series.Percentile(50):0} / {readers.Series.Percentile(99):0} ms ({readers.Series.Count} requests)", "", null);
        Row("errors (failed batches + failed reads)", (failed + readers.Errors).ToString(CultureInfo.InvariantCulture), "0", failed + readers.Errors == 0);
    }
    Row("lost events (acknowledged - stored; window count - stored)", $"{acknowledged - storedRows} ; {windowCount - storedRows}", "0 ; 0", acknowledged == storedRows && windowCount == storedRows);
    Row("RSS during ingest: first / max / last; RssAnon first / last, slope", $"{memory.First:0} / {memory.Max:0} / {memory.Last:0} MB; {memory.AnonFirst:0} / {memory.AnonLast:0} MB, {memory.SlopePerMinute:+0.0;-0.0} MB/min (second half {memory.SecondHalfSlope:+0.0;-0.0})", "flat", null);
    Row("of which GC committed / SQLite allocated, first → last; the rest (RssAnon − both), slope", $"{memory.CommittedFirst:0} → {memory.CommittedLast:0} MB / {memory.SqliteFirst:0} → {memory.SqliteLast:0} MB; {memory.RestFirst:0} → {memory.RestLast:0} MB, {memory.RestSlope:+0.0;-0.0} MB/min (second half {memory.RestSecondHalfSlope:+0.0;-0.0})", "flat", null);
    if (options.Singles > 0)
        Row($"single-event POST p50 / p99 ({singles.Count:N0} requests, {options.SingleClients} client(s))", $"{singles.Percentile(50):0.00} / {singles.Percentile(99):0.00} ms", "p99 < 20 ms", singles.Percentile(99) < 20);
    Row($"30-day status over {options.Groups} groups p50 / max ({status.Count} requests), after the maturity run", $"{status.Percentile(50):0.0} / {status.Max():0.0} ms", "< 200 ms", status.Percentile(50) < 200);
    Row(options.EvaluateSeconds > 0
            ? $"the same before the explicit maturity run ({pendingStatus.Overall.Pending:N0} pending; the service's own maturity run every {options.EvaluateSeconds} s)"
            : $"the same with every label still pending (no maturity run yet: the estimate reads all {pendingStatus.Overall.Pending:N0})",
        $"{statusPending.Percentile(50):0.0} / {statusPending.Max():0.0} ms", "", null);
    return failed + readers.Errors == 0 && acknowledged == storedRows && windowCount == storedRows ? 0 : 1;
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

// The store's own counts, read over a connection of its own: the default SQLite file, a sqlite:PATH, a PostgreSQL URL or
// an Npgsql connection string (as --store takes them).
static (long Rows, long Windows) StoredCounts(string? store, string defaultFile)
{
    using System.Data.Common.DbConnection connection = store switch
    {
        null => new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={defaultFile};Mode=ReadOnly"),
        _ when store.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) =>
            new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store["sqlite:".Length..]};Mode=ReadOnly"),
        _ when store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) =>
            new Npgsql.NpgsqlConnection(Vigil.Data.Pushdown.PostgresUrl.ToConnectionString(store, "store")),
        _ => new Npgsql.NpgsqlConnection(store),
    };
    connection.Open();
    using var rows = connection.CreateCommand();
    rows.CommandText = "SELECT COUNT(*) FROM predictions";
    var stored = Convert.ToInt64(rows.ExecuteScalar(), CultureInfo.InvariantCulture);
    using var windows = connection.CreateCommand();
    windows.CommandText = "SELECT COALESCE(SUM(predictions), 0) FROM hour_cells";
    return (stored, Convert.ToInt64(windows.ExecuteScalar(), CultureInfo.InvariantCulture));
}
