using Vigil.Application.Monitoring;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.AuditTrail;
using Vigil.Monitoring.Store;

namespace Vigil.Monitoring.Client;

/// <summary>What a verification read: the entries, and the first broken link (null: the chain is intact).</summary>
public sealed record AuditLogVerifyResult(long Entries, AuditChainBreak? Break);

/// <summary>
/// `vigil audit-log verify` as a job: reads the whole audit trail in sequence order, a page at a time, from the service
/// (GET /v1/audit-log) or straight from a store, and checks the hash chain with <see cref="AuditChain.Verify"/>. Reading
/// the store directly does not trust the service: an operator can check a database copy offline.
/// (In Vigil.Monitoring rather than Vigil.Application because the chain and the stores live here, and this assembly
/// already depends on the application layer.)
/// </summary>
public static class AuditLogVerifyJob
{
    /// <summary>Entries read per request.</summary>
    public const int PageSize = 1000;

    /// <summary>Verifies the trail the service at the client's address serves.</summary>
    public static Task<AuditLogVerifyResult> RunAsync(MonitorClient client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return RunAsync(async (from, max, c) => await client.GetAuditLogAsync(from, max, c).ConfigureAwait(false), ct);
    }

    /// <summary>Verifies the trail in a store (read only: no migration, no write).</summary>
    public static Task<AuditLogVerifyResult> RunAsync(IMonitorStore store, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return RunAsync(store.ReadAuditLogAsync, ct);
    }

    /// <summary>Verifies the trail a page reader returns (from sequence, max entries).</summary>
    public static async Task<AuditLogVerifyResult> RunAsync(Func<long, int, CancellationToken, Task<IReadOnlyList<AuditLogEntry>>> readPage, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(readPage);
        var entries = new List<AuditLogEntry>();
        long next = 1;
        while (true)
        {
            var page = await readPage(next, PageSize, ct).ConfigureAwait(false);
            entries.AddRange(page);
            if (page.Count < PageSize) break;
            next = page[^1].Sequence + 1;
        }
        return new AuditLogVerifyResult(entries.Count, AuditChain.Verify(entries));
    }
}
