using Microsoft.AspNetCore.Http;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;

namespace Vigil.Service.Security;

/// <summary>Appends what callers do (registrations, keys, alert transitions, exports) to the store's hash-chained audit trail, as the authenticated user.</summary>
internal sealed class AuditTrailWriter(IMonitorStore store, TimeProvider time)
{
    /// <summary>The authenticated user of a request ("sub" of a token, the name of a key).</summary>
    public static string UserOf(HttpContext ctx) => ctx.User.Identity?.Name ?? "anonymous";

    public Task<AuditLogEntry> RecordAsync(HttpContext ctx, string action, string subject, string detail) =>
        store.AppendAuditAsync(UserOf(ctx), action, subject, detail, time.GetUtcNow(), ctx.RequestAborted);

    public Task<AuditLogEntry> RecordAsync(string actor, string action, string subject, string detail, CancellationToken ct) =>
        store.AppendAuditAsync(actor, action, subject, detail, time.GetUtcNow(), ct);
}
