using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Vigil.LoadGen;

/// <summary>
/// Concurrent dashboard readers while ingest runs: each loops over what the dashboard fetches (the model's 30-day
/// status and its daily series), with a 250 ms pause between rounds, counting non-2xx answers and exceptions as errors.
/// </summary>
public sealed class DashboardReaders(HttpMessageHandler handler, Uri baseAddress, string apiKey, DateTimeOffset from, DateTimeOffset to)
{
    private long _errors;

    public long Errors => Interlocked.Read(ref _errors);

    public Latencies Status { get; } = new();

    public Latencies Series { get; } = new();

    public async Task RunAsync(int readers, CancellationToken stop)
    {
        var range = string.Create(CultureInfo.InvariantCulture, $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}");
        await Task.WhenAll(Enumerable.Range(0, readers).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            while (!stop.IsCancellationRequested)
            {
                await GetAsync(http, "v1/models/bench/status?" + range, Status);
                await GetAsync(http, "v1/models/bench/series?bucket=day&" + range, Series);
                try
                {
                    await Task.Delay(250, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        })));
    }

    private async Task GetAsync(HttpClient http, string path, Latencies latencies)
    {
        var t = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(path);
            _ = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _errors);
                Console.Error.WriteLine($"GET {path}: {(int)response.StatusCode}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref _errors);
            Console.Error.WriteLine($"GET {path}: {e.Message}");
        }
        latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }
}
