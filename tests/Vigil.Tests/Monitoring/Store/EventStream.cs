using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using static Vigil.Tests.Monitoring.Store.StoreTestData;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>
/// A seeded stream of predictions, late outcomes (onsets, onsets before the prediction, transfers) and clinician
/// actions over two days of encounters, with helpers to push it into a store in order or shuffled with duplicates.
/// </summary>
internal sealed class EventStream
{
    public List<StoredPrediction> Predictions { get; } = [];
    public List<StoredOutcome> Outcomes { get; } = [];
    public List<StoredAction> Actions { get; } = [];

    /// <summary>A "now" after every prediction's maturity.</summary>
    public long End { get; private set; }

    public static EventStream Generate(int seed, int encounters, int predictionsPerEncounter)
    {
        var random = new Random(seed);
        var s = new EventStream();
        string[] sexes = ["F", "M"];
        string[] ages = ["<45", "45-64", ">=65"];
        for (var e = 0; e < encounters; e++)
        {
            var encounter = $"enc-{seed}-{e}";
            var start = T0 + random.NextInt64(48 * Hour);
            var sex = sexes[random.Next(2)];
            var age = ages[random.Next(3)];
            for (var k = 0; k < predictionsPerEncounter; k++)
            {
                var time = start + k * 4 * Hour + random.Next(60_000);
                var score = Math.Round(random.NextDouble(), 6);
                var id = $"p-{seed}-{e}-{k}";
                s.Predictions.Add(Prediction(id, encounter, time, alert: score > 0.5, score: score, sex: sex, age: age, patient: "pat-" + e));
                if (random.NextDouble() < 0.4)
                {
                    var action = (ClinicianAction)random.Next(3);
                    s.Actions.Add(Action($"a-{seed}-{e}-{k}", id, action, time + random.Next(600_000)));
                }
            }
            var roll = random.NextDouble();
            if (roll < 0.3)
                s.Outcomes.Add(Outcome_($"o-{seed}-{e}", encounter, "sepsis_onset", start + random.NextInt64(100 * Hour)));
            else if (roll < 0.4)
                s.Outcomes.Add(Outcome_($"o-{seed}-{e}", encounter, "transfer_out", start + random.NextInt64(80 * Hour)));
            else if (roll < 0.45)
                s.Outcomes.Add(Outcome_($"o-{seed}-{e}", encounter, "sepsis_onset", start - Hour));
            if (random.NextDouble() < 0.1)
                s.Outcomes.Add(Outcome_($"o2-{seed}-{e}", encounter, "transfer_out", start + random.NextInt64(60 * Hour)));
        }
        s.End = s.Predictions.Max(p => p.MatureAtMs) + Hour;
        return s;
    }

    /// <summary>Every event with its time, in time order (outcomes and actions as they would happen).</summary>
    public List<(long Time, object Event)> InTimeOrder()
    {
        var all = new List<(long, object)>();
        all.AddRange(Predictions.Select(p => (p.TimeMs, (object)p)));
        all.AddRange(Outcomes.Select(o => (o.TimeMs, (object)o)));
        all.AddRange(Actions.Select(a => (a.TimeMs, (object)a)));
        return [.. all.OrderBy(e => e.Item1)];
    }

    /// <summary>
    /// Pushes events in the given order in batches of consecutive events of one kind (at most <paramref name="batch"/>),
    /// calling MatureDue at each batch with the time of its last event (or a given clock).
    /// </summary>
    public static async Task PushAsync(IMonitorStore store, IReadOnlyList<(long Time, object Event)> events, int batch, Func<long, long>? clock = null)
    {
        var i = 0;
        while (i < events.Count)
        {
            var type = events[i].Event.GetType();
            var j = i;
            while (j < events.Count && j - i < batch && events[j].Event.GetType() == type)
                j++;
            var slice = events.Skip(i).Take(j - i).Select(e => e.Event).ToList();
            if (type == typeof(StoredPrediction))
                await store.AddPredictionsAsync(slice.Cast<StoredPrediction>().ToList());
            else if (type == typeof(StoredOutcome))
                await store.AddOutcomesAsync(slice.Cast<StoredOutcome>().ToList());
            else
                await store.AddActionsAsync(slice.Cast<StoredAction>().ToList());
            var last = events[j - 1].Time;
            await store.MatureDueAsync(clock is null ? last : clock(last));
            i = j;
        }
    }

    /// <summary>The events shuffled, with about a fifth of them repeated.</summary>
    public List<(long Time, object Event)> ShuffledWithDuplicates(int seed)
    {
        var random = new Random(seed);
        var events = InTimeOrder();
        var withDuplicates = new List<(long, object)>(events);
        foreach (var e in events)
        {
            if (random.NextDouble() < 0.2)
                withDuplicates.Add(e);
        }
        return [.. withDuplicates.OrderBy(_ => random.Next())];
    }
}
