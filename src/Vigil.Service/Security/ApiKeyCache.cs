using System.Collections.Concurrent;
using Vigil.Monitoring.Store;

namespace Vigil.Service.Security;

/// <summary>
/// Known API keys by secret hash for <see cref="Ttl"/>, so a busy feed does not cost a database read per request. Only
/// found keys are kept (a flood of wrong keys cannot fill it). A key revoked through this replica is forgotten at once
/// (<see cref="Forget"/>), so its next request is refused; another replica over the same store refuses it once its
/// cached entry expires, within <see cref="Ttl"/>.
/// </summary>
internal sealed class ApiKeyCache(IMonitorStore store, TimeProvider time)
{
    /// <summary>How long a found key is trusted without asking the store again.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (StoredApiKey Key, DateTimeOffset Until)> _keys = new(StringComparer.Ordinal);

    /// <summary>The key with this hash, or null when unknown.</summary>
    public async Task<StoredApiKey?> FindAsync(string hash, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_keys.TryGetValue(hash, out var hit) && hit.Until > now) return hit.Key;
        var key = await store.FindApiKeyAsync(hash, ct);
        if (key is null)
        {
            _keys.TryRemove(hash, out _);
            return null;
        }
        if (_keys.Count >= MaxEntries) _keys.Clear();
        _keys[hash] = (key, now + Ttl);
        return key;
    }

    /// <summary>Drops the cached entry of a key (after it was revoked), so the store is asked again on its next use.</summary>
    public void Forget(string hash) => _keys.TryRemove(hash, out _);
}
