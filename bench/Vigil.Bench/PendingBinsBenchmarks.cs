using BenchmarkDotNet.Attributes;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Estimation;
using Vigil.Monitoring.Store;

namespace Vigil.Bench;

/// <summary>
/// The read behind every status and series while labels are pending (issue 18's dashboard readers):
/// <see cref="IEstimationRows.GetPendingBinsAsync"/> over 30 days of a SQLite store holding 432,000 pending predictions
/// (10 groups × 720 hours × 60, ingested in batches of 500 as the service does, their outcome windows still open), as
/// one bucket (the status) and as 30 daily buckets (the daily series). The store's readers reuse the days they counted
/// while the days' change stamps hold, so the repeated reads here measure a dashboard's refresh of an unchanged period;
/// the "AfterOneWrite" cases store one more prediction in the last day first (one day counted again, as under a live feed).
/// Run: <c>dotnet run -c Release --project bench/Vigil.Bench -- --filter '*PendingBinsBenchmarks*'</c>.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class PendingBinsBenchmarks
{
    private const int Groups = 10;
    private const int Hours = 720;
    private const int PerGroupHour = 60;
    private const long HourMs = 3_600_000;

    private TempMonitorStore _temp = null!;
    private IMonitorStore _store = null!;
    private IEstimationRows _rows = null!;
    private long _fromMs;
    private long _toMs;
    private int _written;

    [GlobalSetup]
    public void Setup()
    {
        _temp = new TempMonitorStore("pending");
        _store = _temp.Store;
        _store.RegisterModelAsync(BenchPredictions.Registration(72), DateTimeOffset.UtcNow).GetAwaiter().GetResult();
        _rows = (IEstimationRows)_store;
        _toMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / HourMs * HourMs;
        _fromMs = _toMs - (Hours * HourMs);
        var farFuture = _toMs + (1000 * HourMs); // outcome windows still open: every prediction stays pending
        BenchPredictions.Ingest(_store, _fromMs, Hours, Groups, PerGroupHour, seed: 5, _ => farFuture);
    }

    [GlobalCleanup]
    public void Cleanup() => _temp.Remove();

    [Benchmark]
    public int PendingBins30DaysOneBucket() => _rows.GetPendingBinsAsync("bench", null, _fromMs, _toMs, _toMs - _fromMs).GetAwaiter().GetResult().Count;

    [Benchmark]
    public int PendingBins30DaysDaily() => _rows.GetPendingBinsAsync("bench", null, _fromMs, _toMs, 24 * HourMs).GetAwaiter().GetResult().Count;

    /// <summary>A daily series as the service asks for it: buckets from UTC midnight, so its whole days are read as day rows.</summary>
    [Benchmark]
    public int PendingBins30DaysDailyFromMidnight() =>
        _rows.GetPendingBinsAsync("bench", null, _fromMs / (24 * HourMs) * (24 * HourMs), _toMs, 24 * HourMs).GetAwaiter().GetResult().Count;

    [Benchmark]
    public int PendingBins30DaysOneBucketAfterOneWrite()
    {
        WriteOneInTheLastDay();
        return _rows.GetPendingBinsAsync("bench", null, _fromMs, _toMs, _toMs - _fromMs).GetAwaiter().GetResult().Count;
    }

    [Benchmark]
    public int PendingBins30DaysDailyAfterOneWrite()
    {
        WriteOneInTheLastDay();
        return _rows.GetPendingBinsAsync("bench", null, _fromMs, _toMs, 24 * HourMs).GetAwaiter().GetResult().Count;
    }

    private void WriteOneInTheLastDay()
    {
        var id = "w" + (_written++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var time = _toMs - HourMs;
        _store.AddPredictionsAsync([new StoredPrediction(id, "bench", "1", time, "e_" + id, "p_" + id, "north", "icu", ["u0"], [], [], 0.25, 0, false, null,
            _toMs + (1000 * HourMs), _toMs + (1000 * HourMs))]).GetAwaiter().GetResult();
    }
}
