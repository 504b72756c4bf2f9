using Vigil.Contracts.Monitoring;
using Vigil.Core.Audit;
using Vigil.Core.Statistics;
using Vigil.Monitoring.Monitors;
using Vigil.Monitoring.Reference;
using Vigil.Monitoring.Registration;
using Vigil.Monitoring.Store;

namespace Vigil.Tests.Monitoring.Monitors;

/// <summary>
/// A seeded simulated prediction stream of a sepsis-like model, summarised as the store would summarise it (hour cells,
/// feature and score bins, matured rows), with optional injected faults. One protected attribute "race" (A 50%, B 25%,
/// C 15%, D 10%); two watched features (lactate ~ N(2, 0.8) floored at 0.1, 5% missing; heart_rate ~ N(90, 15), 2%
/// missing); score = logistic(−2.2 + 0.9·z), label ~ Bernoulli(score) (calibrated), alert when score ≥ 0.15; clinicians
/// act on 90% of alerts (70% accepted, 20% overridden, 10% ignored); 2% of predictions are censored. Outcome window 72 h,
/// label delay 24 h: a positive matures when its outcome (uniform in the window) has happened by now, a negative when
/// window and delay have closed. Predictions arrive every hour from the start to now.
/// </summary>
internal sealed class MonitoringStream
{
    public const long HourMs = 3_600_000;
    public static readonly long StartMs = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    public static readonly string[] Levels = ["A", "B", "C", "D"];
    private static readonly double[] LevelShares = [0.5, 0.25, 0.15, 0.10];

    public int Seed { get; init; } = 1;
    public int Hours { get; init; } = 14 * 24;
    public int PerHour { get; init; } = 60;

    /// <summary>Group whose alerts are suppressed for positives (an FNR rise) from <see cref="InjectFromHour"/>.</summary>
    public string? FnrRiseGroup { get; init; }
    public int InjectFromHour { get; init; }
    public double MissProbability { get; init; } = 0.6;

    /// <summary>Volume of the last complete hour (null: as usual).</summary>
    public int? LastHourVolume { get; init; }

    /// <summary>Lactate missing share from <see cref="InjectFromHour"/> (null: 5%).</summary>
    public double? LactateMissingAfter { get; init; }

    /// <summary>Override share of acted-on alerts in <see cref="FnrRiseGroup"/>... for all groups when set.</summary>
    public double? OverrideShare { get; init; }

    /// <summary>Day/night cycle of the hourly volume: PerHour × (1 + amplitude × cos(2π (hour of day + 0.5 − 14) / 24)), as the sepsis simulator's arrivals (0: flat).</summary>
    public double DiurnalAmplitude { get; init; }

    /// <summary>Hours before now at which the feed stops (0: it runs to now).</summary>
    public int SilentHours { get; init; }

    /// <summary>Multiplies the true risk (label probability) after <see cref="InjectFromHour"/> (1: calibrated).</summary>
    public double RiskFactor { get; init; } = 1;

    /// <summary>Added to lactate after <see cref="InjectFromHour"/> (a measurement or population change).</summary>
    public double LactateShift { get; init; }

    /// <summary>Added to the latent risk z after <see cref="InjectFromHour"/> (sicker patients: scores, labels and lactate move).</summary>
    public double RiskShift { get; init; }

    public long NowMs => StartMs + Hours * HourMs + 10 * 60_000;

    public static readonly ProtectedSpec Race = new("race", null, null);

    /// <summary>A registration with the defaults over a reference drawn from the same (unfaulted) generator.</summary>
    public static ModelRegistration Registration(ReferenceProfile reference, MonitorSettings? settings = null) => new(
        ModelRegistration.SchemaName, "sepsis-ews", "2.3.0", "Early warning of sepsis in adult inpatients", [Race], ["lactate", "heart_rate"], 0.15,
        new OutcomeDefinition("sepsis_onset", 72, 24, ["transfer_out"]), 11, settings ?? RegistrationDefaults.Settings(reference), reference);

    private static ReferenceProfile? _reference;

    /// <summary>The reference profile of 40,000 rows of the unfaulted generator (seed 999), built once.</summary>
    public static ReferenceProfile Reference => _reference ??= BuildReference(40_000, 999);

    public static ReferenceProfile BuildReference(int rows, int seed)
    {
        var rng = new SplitMix64(SplitMix64.ReplicateStream(seed, 0));
        var labels = new byte[rows];
        var predictions = new byte[rows];
        var scores = new double[rows];
        var codes = new int[rows];
        var lactate = new double[rows];
        var heart = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var p = Patient(rng, 1);
            codes[i] = p.Group;
            scores[i] = p.Score;
            labels[i] = p.Label ? (byte)1 : (byte)0;
            predictions[i] = p.Score >= 0.15 ? (byte)1 : (byte)0;
            lactate[i] = rng.NextUInt64() % 100 < 5 ? double.NaN : p.Lactate;
            heart[i] = rng.NextUInt64() % 100 < 2 ? double.NaN : p.HeartRate;
        }
        var data = new AuditData(labels, predictions, scores, [new ProtectedColumn("race", codes, Levels)]);
        return ReferenceProfileBuilder.Build(data, [("lactate", lactate), ("heart_rate", heart)], [Race]);
    }

    private readonly record struct SimPatient(int Group, double Score, bool Label, double Lactate, double HeartRate);

    private static double U(SplitMix64 rng) => SequentialThresholds.Uniform(rng);

    private static double Normal(SplitMix64 rng)
    {
        var u1 = 1.0 - U(rng);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * U(rng));
    }

    private static SimPatient Patient(SplitMix64 rng, double riskFactor, double riskShift = 0)
    {
        var u = U(rng);
        var group = 0;
        var acc = LevelShares[0];
        while (group < 3 && u >= acc)
        {
            group++;
            acc += LevelShares[group];
        }
        var z = Normal(rng) + riskShift;
        var score = 1 / (1 + Math.Exp(-(-2.2 + 0.9 * z)));
        var label = U(rng) < Math.Min(1, score * riskFactor);
        var lactate = Math.Max(0.1, 2 + 0.8 * z + 0.4 * Normal(rng));
        var heart = 90 + 15 * Normal(rng);
        return new SimPatient(group, score, label, lactate, heart);
    }

    /// <summary>The stream summarised: the period's cells, bins, matured rows and newest prediction time.</summary>
    public (List<HourCell> Cells, List<HourBin> Bins, List<MaturedRow> Rows, long? LastPredictionMs) Run(ReferenceProfile reference)
    {
        var rng = new SplitMix64(SplitMix64.ReplicateStream(Seed, 1));
        var now = NowMs;
        var cells = new Dictionary<(long, int), long[]>();
        var sums = new Dictionary<(long, int), double[]>();
        var bins = new Dictionary<(long, int, int), long>();
        var rows = new List<MaturedRow>();
        long? last = null;
        var lastHour = Hours - 1 - SilentHours;
        for (var h = 0; h <= lastHour; h++)
        {
            var hourMs = StartMs + h * HourMs;
            var mean = PerHour * (1 + DiurnalAmplitude * Math.Cos(2 * Math.PI * (h % 24 + 0.5 - 14) / 24));
            var volume = h == Hours - 1 && LastHourVolume is { } v ? v : Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal(rng)));
            var faulty = h >= InjectFromHour;
            for (var k = 0; k < volume; k++)
            {
                var t = hourMs + (long)(U(rng) * HourMs);
                var p = Patient(rng, faulty ? RiskFactor : 1, faulty ? RiskShift : 0);
                var alert = p.Score >= 0.15;
                if (faulty && p.Label && alert && FnrRiseGroup is { } g && Levels[p.Group] == g && U(rng) < MissProbability) alert = false;
                var lactateMissing = U(rng) < (faulty && LactateMissingAfter is { } m ? m : 0.05);
                var lactate = lactateMissing ? double.NaN : p.Lactate + (faulty ? LactateShift : 0);
                var heart = U(rng) < 0.02 ? double.NaN : p.HeartRate;
                var censored = U(rng) < 0.02;
                var outcomeAt = t + (long)(U(rng) * 72 * HourMs);
                var key = (hourMs, p.Group);
                if (!cells.TryGetValue(key, out var c)) { cells[key] = c = new long[10]; sums[key] = new double[2]; }
                var s = sums[key];
                c[0]++;
                if (alert) c[1]++;
                s[0] += p.Score;
                if (censored) c[6]++;
                else if (p.Label ? outcomeAt <= now : t + 96 * HourMs <= now)
                {
                    var idx = p.Label ? (alert ? 5 : 4) : (alert ? 3 : 2);
                    c[idx]++;
                    s[1] += p.Score;
                    rows.Add(new MaturedRow(t, [Levels[p.Group]], p.Label ? 1 : 0, alert ? 1 : 0, p.Score));
                }
                if (alert && U(rng) < 0.9)
                {
                    var a = U(rng);
                    var overrideShare = OverrideShare ?? 0.2;
                    c[a < overrideShare ? 8 : a < overrideShare + 0.1 ? 9 : 7]++;
                }
                Bin(bins, hourMs, 0, ReferenceBinning.BinOf(reference.Features[0], lactate));
                Bin(bins, hourMs, 1, ReferenceBinning.BinOf(reference.Features[1], heart));
                Bin(bins, hourMs, -1, ReferenceBinning.BinOf(reference.Score, p.Score));
                last = Math.Max(last ?? 0, t);
            }
        }
        var cellList = cells.OrderBy(x => x.Key).Select(x =>
        {
            var c = x.Value;
            var s = sums[x.Key];
            return new HourCell(x.Key.Item1, Levels[x.Key.Item2], c[0], c[1], s[0], c[2], c[3], c[4], c[5], s[1], c[6], c[7], c[8], c[9]);
        }).ToList();
        var binList = bins.OrderBy(x => x.Key).Select(x => new HourBin(x.Key.Item1, x.Key.Item2, x.Key.Item3, x.Value)).ToList();
        return (cellList, binList, rows, last);
    }

    private static void Bin(Dictionary<(long, int, int), long> bins, long hour, int feature, int bin) =>
        bins[(hour, feature, bin)] = bins.GetValueOrDefault((hour, feature, bin)) + 1;
}
