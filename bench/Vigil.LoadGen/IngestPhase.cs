using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Vigil.Contracts.Monitoring;

namespace Vigil.LoadGen;

/// <summary>
/// One timed phase of batch ingest: <see cref="LoadOptions.Clients"/> clients post new batches (event ids
/// "{prefix}{client}-{batch}-{i}", nearly in key order per client, or random version-4 UUIDs with --ids uuid; never
/// repeated) until the time is up, each paced to its share of
/// <see cref="LoadOptions.Rate"/> when that is above 0 (a client that falls behind sends at once, without bursts to
/// catch up). Events fall in the last <see cref="LoadOptions.Days"/> days, in one of two orders: "time" (the default),
/// as a live feed sends them: every batch's times are those of the phase's progress, so the whole period is replayed
/// once over the phase, in time order; or "spread": each batch's 500 events cycle over 500 different hours of the
/// period (a shuffled backfill, the worst case for the store's time-ordered indexes).
/// </summary>
/// <remarks>
/// Request bodies are written straight to UTF-8 with <see cref="Utf8JsonWriter"/> (the same JSON the typed client
/// sends), so that the generator, which shares the machine's cores with the service, spends little CPU of its own.
/// </remarks>
public sealed class IngestPhase(HttpMessageHandler handler, Uri baseAddress, string apiKey, LoadOptions options, DateTimeOffset start)
{
    private long _accepted, _duplicates, _failed;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Failed => Interlocked.Read(ref _failed);

    public Latencies Latency { get; } = new();

    /// <summary>Runs for <paramref name="seconds"/> and returns the elapsed seconds (the last batches included).</summary>
    public async Task<double> RunAsync(string prefix, double seconds)
    {
        var hours = options.Days * 24;
        var period = TimeSpan.FromHours(hours - 1);
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var perClient = options.Rate > 0 ? options.Rate / options.Clients : 0;
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => Task.Run(async () =>
        {
            var rng = new Random(1000 + c + (prefix.GetHashCode(StringComparison.Ordinal) & 0xffff));
            var buffer = new ArrayBufferWriter<byte>(options.Batch * 400);
            var id = new byte[96];
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) };
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            for (long b = 0; clock.Elapsed < deadline; b++)
            {
                if (perClient > 0)
                {
                    var due = TimeSpan.FromSeconds(b * options.Batch / perClient);
                    if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                    if (clock.Elapsed >= deadline) break;
                }
                var now = start + (period * Math.Min(1, clock.Elapsed / deadline));
                buffer.ResetWrittenCount();
                using (var json = new Utf8JsonWriter(buffer))
                {
                    json.WriteStartArray();
                    for (var i = 0; i < options.Batch; i++)
                    {
                        var time = options.Spread ? start.AddHours((b * options.Batch + i) % hours) : now.AddMilliseconds(i);
                        var idLength = options.UuidIds ? WriteUuid(id, rng) : Sequential(id, prefix, c, b, i);
                        Events.Write(json, id.AsSpan(0, idLength), time, options.Groups, rng);
                    }
                    json.WriteEndArray();
                }
                var t = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync("v1/predictions", content);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode)
                        throw new HttpRequestException($"{(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
                    var r = JsonSerializer.Deserialize(body, MonitoringJsonContext.Default.IngestResult)!;
                    Interlocked.Add(ref _accepted, r.Accepted);
                    Interlocked.Add(ref _duplicates, r.Duplicates);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    Interlocked.Increment(ref _failed);
                    Console.Error.WriteLine("ingest batch failed: " + e.Message);
                }
                Latency.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        })));
        return clock.Elapsed.TotalSeconds;
    }

    private static int Sequential(Span<byte> id, string prefix, int client, long batch, int i)
    {
        Utf8.TryWrite(id, CultureInfo.InvariantCulture, $"{prefix}{client}-{batch}-{i}", out var length);
        return length;
    }

    /// <summary>A version-4 UUID's text (36 bytes) from <paramref name="rng"/>: event ids in random key order, as many clients send.</summary>
    private static int WriteUuid(Span<byte> id, Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        new Guid(bytes, bigEndian: true).TryFormat(id, out var length, "D");
        return length;
    }
}

/// <summary>The benchmark's model and events.</summary>
public static class Events
{
    /// <summary>A model with one protected attribute "unit" (the groups) and two watched features.</summary>
    public static ModelRegistration Registration() => new(
        ModelRegistration.SchemaName, "bench", "1", "load benchmark", [new ProtectedSpec("unit", null, null)], ["lactate", "heart_rate"], 0.5,
        new OutcomeDefinition("sepsis_onset", 72, 0, []), 11, Vigil.Monitoring.Registration.RegistrationDefaults.Settings(null), null);

    /// <summary>
    /// The JSON of <see cref="Prediction"/> (the same fields and values, <paramref name="id"/> in UTF-8), written to
    /// <paramref name="json"/> from UTF-8 names and stack buffers: no string per event, since the generator's CPU counts
    /// in the CPU-ms per prediction it reports.
    /// </summary>
    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> id, DateTimeOffset time, int groups, Random rng)
    {
        var score = rng.NextDouble();
        Span<byte> text = stackalloc byte[4 + id.Length];
        json.WriteStartObject();
        json.WriteString("event_id"u8, id);
        json.WriteString("model"u8, "bench"u8);
        json.WriteString("model_version"u8, "1"u8);
        json.WriteString("time"u8, time);
        id.CopyTo(text[4..]);
        "enc-"u8.CopyTo(text);
        json.WriteString("encounter"u8, text);
        "pat-"u8.CopyTo(text);
        json.WriteString("patient"u8, text);
        json.WriteString("site"u8, "north"u8);
        json.WriteString("unit"u8, "icu"u8);
        json.WriteStartObject("protected"u8);
        Span<byte> group = stackalloc byte[12];
        group[0] = (byte)'u';
        rng.Next(groups).TryFormat(group[1..], out var digits, default, CultureInfo.InvariantCulture);
        json.WriteString("unit"u8, group[..(1 + digits)]);
        json.WriteEndObject();
        json.WriteStartObject("features"u8);
        json.WriteNumber("lactate"u8, 1 + (3 * rng.NextDouble()));
        json.WriteNumber("heart_rate"u8, 60 + (60 * rng.NextDouble()));
        json.WriteEndObject();
        json.WriteNumber("score"u8, score);
        json.WriteBoolean("alert"u8, score >= 0.5);
        json.WriteEndObject();
    }

    /// <summary>One prediction in group "u0".."u{groups-1}" with a uniform score and two features.</summary>
    public static PredictionEvent Prediction(string id, DateTimeOffset time, int groups, Random rng)
    {
        var score = rng.NextDouble();
        return new PredictionEvent(id, "bench", "1", time, "enc-" + id, "pat-" + id, "north", "icu",
            new Dictionary<string, string>(1) { ["unit"] = "u" + rng.Next(groups).ToString(CultureInfo.InvariantCulture) },
            new Dictionary<string, double?>(2) { ["lactate"] = 1 + (3 * rng.NextDouble()), ["heart_rate"] = 60 + (60 * rng.NextDouble()) },
            score, score >= 0.5, null);
    }
}
