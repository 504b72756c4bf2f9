using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Vigil.Monitoring.Store;

namespace Vigil.Service.Security;

/// <summary>
/// Writes sign-ins to the audit trail: the first successful authentication of a principal per process per hour, and
/// failed authentications (by key-hash prefix, never the secret) once per prefix per hour, so a busy feed or a
/// hammering client cannot flood the hash chain. Every failure is still counted in the rejected-requests metric.
/// </summary>
internal sealed class SignInAuditor(IMonitorStore store, TimeProvider time, ILogger<SignInAuditor> log)
{
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>Records a successful sign-in of <paramref name="user"/> unless it was recorded this hour.</summary>
    public Task SucceededAsync(string user, string method, CancellationToken ct) =>
        RecordAsync("ok\u001f" + method + "\u001f" + user, user, "sign-in", user, "method=" + method, ct);

    /// <summary>Records a failed sign-in for a credential identified by <paramref name="subject"/> (a hash prefix or "jwt").</summary>
    public Task FailedAsync(string method, string subject, string reason, CancellationToken ct) =>
        RecordAsync("fail\u001f" + method + "\u001f" + subject, "anonymous", "sign-in-failed", method + ":" + subject, "reason=" + reason, ct);

    /// <summary>Atomically marks <paramref name="key"/> seen in <paramref name="hour"/>; false when it already was (by this or a concurrent request).</summary>
    private bool Claim(string key, long hour)
    {
        while (true)
        {
            if (_seen.TryGetValue(key, out var last))
            {
                if (last == hour) return false;
                if (_seen.TryUpdate(key, hour, last)) return true;
            }
            else if (_seen.TryAdd(key, hour)) return true;
        }
    }

    private async Task RecordAsync(string key, string actor, string action, string subject, string detail, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var hour = now.ToUnixTimeMilliseconds() / 3_600_000;
        if (_seen.Count >= MaxEntries) _seen.Clear();
        if (!Claim(key, hour)) return;
        try
        {
            await store.AppendAuditAsync(actor, action, subject, detail, now, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _seen.TryRemove(key, out _);
            log.LogError("could not write {Action} to the audit trail: {Error}", action, e.GetType().Name);
            throw;
        }
    }
}
