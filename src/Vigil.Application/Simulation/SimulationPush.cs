using Vigil.Application.Monitoring;
using Vigil.Contracts.Monitoring;

namespace Vigil.Application.Simulation;

/// <summary>What a push sent.</summary>
public sealed record SimulationPushResult(long Predictions, long Actions, long Outcomes, long Duplicates, long HeldBack);

/// <summary>
/// Pushes a run through the service (<see cref="MonitorClient"/>) in time order: the events that reached the monitor by
/// the end of each simulated hour block (predictions, then actions, then outcomes of the block; ingest is order-tolerant
/// within a block), in batches of at most <see cref="BatchSize"/>. Events after the cutoff (a run whose
/// clock ends now: outcomes that have not happened yet) are held back and counted.
/// </summary>
public static class SimulationPush
{
    public const int BatchSize = 500;

    /// <summary>Pushes every event that arrives before <paramref name="untilHours"/> (and at or after <paramref name="fromHours"/>).</summary>
    public static async Task<SimulationPushResult> PushAsync(MonitorClient client, SimulationRun run, double fromHours, double untilHours, DateTimeOffset? cutoff,
        IJobProgress? progress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(run);
        long p = 0, a = 0, o = 0, dup = 0, held = 0;
        var cutoffHours = cutoff is { } c ? (c - run.Settings.Start).TotalHours : double.PositiveInfinity;
        var until = Math.Min(untilHours, cutoffHours);
        foreach (var batch in Batches(run.Predictions, fromHours, until))
        {
            var r = await client.PushPredictionsAsync(batch, ct).ConfigureAwait(false);
            p += r.Accepted;
            dup += r.Duplicates;
        }
        foreach (var batch in Batches(run.Actions, fromHours, until))
        {
            var r = await client.PushActionsAsync(batch, ct).ConfigureAwait(false);
            a += r.Accepted;
            dup += r.Duplicates;
        }
        foreach (var batch in Batches(run.Outcomes, fromHours, until))
        {
            var r = await client.PushOutcomesAsync(batch, ct).ConfigureAwait(false);
            o += r.Accepted;
            dup += r.Duplicates;
        }
        if (untilHours > cutoffHours)
        {
            held += Count(run.Predictions, cutoffHours, untilHours) + Count(run.Actions, cutoffHours, untilHours) + Count(run.Outcomes, cutoffHours, untilHours);
        }
        progress?.Report($"pushed up to {run.At(until):yyyy-MM-dd HH:mm} (simulated): {p:N0} predictions, {a:N0} actions, {o:N0} outcomes");
        return new SimulationPushResult(p, a, o, dup, held);
    }

    /// <summary>Pushes the whole run a simulated day at a time (in time order).</summary>
    public static async Task<SimulationPushResult> PushAllAsync(MonitorClient client, SimulationRun run, DateTimeOffset? cutoff, IJobProgress? progress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var last = Math.Max(Last(run.Predictions), Math.Max(Last(run.Actions), Last(run.Outcomes)));
        long p = 0, a = 0, o = 0, dup = 0, held = 0;
        for (double from = 0; from <= last; from += 24)
        {
            var r = await PushAsync(client, run, from, from + 24, cutoff, progress, ct).ConfigureAwait(false);
            p += r.Predictions;
            a += r.Actions;
            o += r.Outcomes;
            dup += r.Duplicates;
            held += r.HeldBack;
        }
        return new SimulationPushResult(p, a, o, dup, held);
    }

    private static double Last<T>(IReadOnlyList<Timed<T>> events) => events.Count == 0 ? 0 : events[^1].ArrivalHours;

    private static long Count<T>(IReadOnlyList<Timed<T>> events, double from, double until)
    {
        long n = 0;
        foreach (var e in events) if (e.ArrivalHours >= from && e.ArrivalHours < until) n++;
        return n;
    }

    private static IEnumerable<List<T>> Batches<T>(IReadOnlyList<Timed<T>> events, double from, double until)
    {
        var batch = new List<T>(BatchSize);
        foreach (var e in events)
        {
            if (e.ArrivalHours < from || e.ArrivalHours >= until) continue;
            batch.Add(e.Event);
            if (batch.Count == BatchSize)
            {
                yield return batch;
                batch = new List<T>(BatchSize);
            }
        }
        if (batch.Count > 0) yield return batch;
    }
}
