using System.Globalization;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Registration;
using Vigil.Monitoring.Store;

namespace Vigil.Bench;

/// <summary>The model and the hourly predictions the monitoring store benchmarks fill their stores with.</summary>
internal static class BenchPredictions
{
    /// <summary>Model "bench" version "1": one protected attribute ("unit"), threshold 0.5, an outcome window of <paramref name="windowHours"/>.</summary>
    public static ModelRegistration Registration(double windowHours) =>
        new(ModelRegistration.SchemaName, "bench", "1", "benchmark", [new ProtectedSpec("unit", null, null)],
            [], 0.5, new OutcomeDefinition("sepsis_onset", windowHours, 0, []), 11, RegistrationDefaults.Settings(null), null);

    /// <summary>
    /// Stores, in batches of 500 as the service does, <paramref name="perGroupHour"/> predictions per group (unit u0..)
    /// and hour for <paramref name="hours"/> hours from <paramref name="fromMs"/>, each its own encounter, scores uniform
    /// from <paramref name="seed"/>; each prediction's window end and maturity time are <paramref name="matureAt"/>(its time).
    /// </summary>
    public static void Ingest(IMonitorStore store, long fromMs, int hours, int groups, int perGroupHour, int seed, Func<long, long> matureAt)
    {
        const long hourMs = 3_600_000;
        var rng = new Random(seed);
        var batch = new List<StoredPrediction>(500);
        var n = 0;
        for (var h = 0; h < hours; h++)
        {
            for (var i = 0; i < groups * perGroupHour; i++)
            {
                var id = (n++).ToString("x8", CultureInfo.InvariantCulture);
                var score = rng.NextDouble();
                var time = fromMs + (h * hourMs) + i;
                var due = matureAt(time);
                batch.Add(new StoredPrediction(id, "bench", "1", time, "e_" + id, "p_" + id, "north", "icu",
                    ["u" + (i % groups).ToString(CultureInfo.InvariantCulture)], [], [], score, 0, score >= 0.5, null, due, due));
                if (batch.Count == 500)
                {
                    store.AddPredictionsAsync([.. batch]).GetAwaiter().GetResult();
                    batch.Clear();
                }
            }
        }
    }
}
