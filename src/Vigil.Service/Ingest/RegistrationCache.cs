using System.Collections.Concurrent;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;

namespace Vigil.Service.Ingest;

/// <summary>
/// Registrations by id and version with their <see cref="IngestPlan"/>, kept for the process's life once found:
/// a registered version never changes, so a cached one cannot go stale on any replica. Unknown ones are asked of the
/// store every time (another replica may have just registered them).
/// </summary>
internal sealed class RegistrationCache(IMonitorStore store)
{
    private readonly ConcurrentDictionary<(string Id, string Version), IngestPlan> _plans = new();
    private volatile string[]? _outcomeKinds;

    /// <summary>The plan of a registered version, or null when it is not registered.</summary>
    public async ValueTask<IngestPlan?> GetAsync(string id, string version, CancellationToken ct)
    {
        if (_plans.TryGetValue((id, version), out var plan)) return plan;
        var registration = await store.GetModelAsync(id, version, ct);
        if (registration is null) return null;
        return _plans.GetOrAdd((registration.Id, registration.Version), _ => new IngestPlan(registration));
    }

    /// <summary>
    /// Whether <paramref name="kind"/> is an outcome kind of some registration (its positive kind or a censoring kind);
    /// the store's registrations are read again when it is not known yet.
    /// </summary>
    public async ValueTask<(bool Known, string[] Kinds)> IsOutcomeKindAsync(string kind, CancellationToken ct)
    {
        var kinds = _outcomeKinds;
        if (kinds is not null && Array.IndexOf(kinds, kind) >= 0) return (true, kinds);
        var all = await store.ListModelsAsync(ct);
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in all)
        {
            set.Add(r.Outcome.PositiveKind);
            foreach (var c in r.Outcome.CensorKinds) set.Add(c);
        }
        _outcomeKinds = kinds = [.. set];
        return (Array.IndexOf(kinds, kind) >= 0, kinds);
    }

    /// <summary>Adds a registration just stored by this replica.</summary>
    public void Remember(ModelRegistration registration)
    {
        _plans.TryAdd((registration.Id, registration.Version), new IngestPlan(registration));
        _outcomeKinds = null;
    }
}
