using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Monitors;
using Vigil.Monitoring.Reference;
using Vigil.Monitoring.Registration;
using Vigil.Monitoring.Store;

namespace Vigil.Bench;

/// <summary>
/// The monitoring store and monitors (issue 14), in process, no HTTP:
/// <list type="bullet">
/// <item><see cref="StoreIngestBatch500"/>: one batch of 500 new predictions into the SQLite store (WAL,
/// synchronous=FULL: the call returns once the commit is on disk), one at a time, as one HTTP request's batch is; the
/// store already holds the batches of the earlier iterations (the database grows through the run).</item>
/// <item><see cref="Evaluate30Days"/>: <see cref="MonitorEvaluator.Evaluate"/> over a 30-day window set: 10 groups ×
/// 720 hours of cells (30 predictions per group-hour, 216,000 in all), the hourly bins of 2 features and the score,
/// and the 216,000 matured rows the sequential detectors read, with the default monitors and a reference profile.</item>
/// </list>
/// Run: <c>dotnet run -c Release --project bench/Vigil.Bench -- --filter '*MonitoringBenchmarks*'</c>.
/// </summary>
[Config(typeof(ShortRunConfig))]
public class MonitoringBenchmarks
{
    private const int Groups = 10;
    private const int Hours = 720;
    private const int PerGroupHour = 30;

    private TempMonitorStore _temp = null!;
    private IMonitorStore _store = null!;
    private ModelRegistration _registration = null!;
    private ReferenceProfile _reference = null!;
    private HourCell[] _cells = null!;
    private HourBin[] _bins = null!;
    private MaturedRow[] _rows = null!;
    private long _nowMs;
    private int _batch;

    [GlobalSetup]
    public void Setup()
    {
        _temp = new TempMonitorStore("monitor");
        _store = _temp.Store;
        _reference = Reference(Path.Combine(_temp.Folder, "reference.csv"));
        _registration = new ModelRegistration(ModelRegistration.SchemaName, "bench", "1", "benchmark", [new ProtectedSpec("unit", null, null)],
            ["lactate", "heart_rate"], 0.5, new OutcomeDefinition("sepsis_onset", 72, 0, []), 11, RegistrationDefaults.Settings(_reference), _reference);
        _store.RegisterModelAsync(_registration, DateTimeOffset.UtcNow).GetAwaiter().GetResult();
        BuildWindows();
    }

    [GlobalCleanup]
    public void Cleanup() => _temp.Remove();

    [Benchmark]
    public IngestResult StoreIngestBatch500()
    {
        var batch = _batch++;
        var rng = new Random(batch);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var rows = new StoredPrediction[500];
        for (var i = 0; i < rows.Length; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"b{batch}-{i}");
            var score = rng.NextDouble();
            var time = now - 3_600_000 + i;
            var features = new[] { 1 + (3 * rng.NextDouble()), 60 + (60 * rng.NextDouble()) };
            rows[i] = new StoredPrediction(id, "bench", "1", time, "e_" + id, "p_" + id, "north", "icu",
                ["u" + rng.Next(Groups).ToString(CultureInfo.InvariantCulture)], features,
                [ReferenceBinning.BinOf(_reference.Features[0], features[0]), ReferenceBinning.BinOf(_reference.Features[1], features[1])],
                score, ReferenceBinning.BinOf(_reference.Score, score), score >= 0.5, null, time + (72 * 3_600_000L), time + (72 * 3_600_000L));
        }
        return _store.AddPredictionsAsync(rows).GetAwaiter().GetResult();
    }

    [Benchmark]
    public int Evaluate30Days() => MonitorEvaluator.Evaluate(_registration, _cells, _bins, _rows, _nowMs - 60_000, _nowMs).Count;

    /// <summary>A labelled reference of 20,000 rows (10 units, 2 features, score, 30% prevalence), profiled by the builder the CLI uses.</summary>
    private static ReferenceProfile Reference(string path)
    {
        var rng = new Random(7);
        var csv = new StringBuilder("label,score,unit,lactate,heart_rate\n");
        for (var i = 0; i < 20_000; i++)
        {
            var label = rng.NextDouble() < 0.3 ? 1 : 0;
            var score = Math.Clamp((label * 0.3) + (0.7 * rng.NextDouble()), 0, 1);
            csv.Append(CultureInfo.InvariantCulture, $"{label},{score:0.####},u{rng.Next(Groups)},{1 + (3 * rng.NextDouble()):0.###},{60 + (60 * rng.NextDouble()):0.#}\n");
        }
        File.WriteAllText(path, csv.ToString());
        return ReferenceProfileBuilder.Build(path, new ReferenceColumns("label", "score"), [new ProtectedSpec("unit", null, null)], ["lactate", "heart_rate"], 0.5);
    }

    /// <summary>30 days of hourly cells, bins and matured rows drawn like the reference (an in-control month).</summary>
    private void BuildWindows()
    {
        var rng = new Random(11);
        var hour0 = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 3_600_000 * 3_600_000) - ((long)Hours * 3_600_000);
        _nowMs = hour0 + ((long)Hours * 3_600_000) + 1;
        var cells = new List<HourCell>(Groups * Hours);
        var bins = new Dictionary<(long, int, int), long>();
        var rows = new List<MaturedRow>(Groups * Hours * PerGroupHour);
        for (var h = 0; h < Hours; h++)
        {
            var hourMs = hour0 + ((long)h * 3_600_000);
            for (var g = 0; g < Groups; g++)
            {
                var level = "u" + g.ToString(CultureInfo.InvariantCulture);
                long tn = 0, fp = 0, fn = 0, tp = 0, alerts = 0;
                double scores = 0;
                for (var i = 0; i < PerGroupHour; i++)
                {
                    var label = rng.NextDouble() < 0.3 ? 1 : 0;
                    var score = Math.Clamp((label * 0.3) + (0.7 * rng.NextDouble()), 0, 1);
                    var alert = score >= 0.5;
                    scores += score;
                    if (alert) alerts++;
                    if (label == 1) { if (alert) tp++; else fn++; }
                    else if (alert) fp++;
                    else tn++;
                    rows.Add(new MaturedRow(hourMs + i, [level], label, alert ? 1 : 0, score));
                    Count(bins, hourMs, -1, ReferenceBinning.BinOf(_reference.Score, score));
                    Count(bins, hourMs, 0, ReferenceBinning.BinOf(_reference.Features[0], 1 + (3 * rng.NextDouble())));
                    Count(bins, hourMs, 1, ReferenceBinning.BinOf(_reference.Features[1], 60 + (60 * rng.NextDouble())));
                }
                cells.Add(new HourCell(hourMs, level, PerGroupHour, alerts, scores, tn, fp, fn, tp, scores, 0, 0, 0, 0));
            }
        }
        _cells = [.. cells];
        _bins = [.. bins.Select(kv => new HourBin(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Value))];
        _rows = [.. rows];
    }

    private static void Count(Dictionary<(long, int, int), long> bins, long hourMs, int feature, int bin) =>
        bins[(hourMs, feature, bin)] = bins.GetValueOrDefault((hourMs, feature, bin)) + 1;
}
