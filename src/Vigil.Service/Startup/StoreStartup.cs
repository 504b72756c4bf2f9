using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Monitoring.Store;
using Vigil.Service.Configuration;
using Vigil.Service.Security;

namespace Vigil.Service.Startup;

/// <summary>
/// Before the service takes requests: applies the store's migrations (each replica may; the store records each once),
/// and when VIGIL_BOOTSTRAP_ADMIN_KEY is set and no key exists yet, stores its hash as the admin key
/// "bootstrap-admin" (written to the audit trail). A failure stops the start with its reason.
/// </summary>
internal sealed class StoreStartup(IMonitorStore store, StoreState state, ServiceSettings settings, TimeProvider time, ILogger<StoreStartup> log) : IHostedService
{
    public const string BootstrapKeyName = "bootstrap-admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.MigrateAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state.Failure = "migrations failed: " + e.GetType().Name;
            throw;
        }
        state.Migrated = true;
        if (settings.BootstrapAdminKey is { Length: > 0 } secret && !await store.AnyApiKeyAsync(cancellationToken))
            await AddBootstrapKeyAsync(secret, cancellationToken);
        log.LogInformation("store ready ({Kind})", store.Kind);
    }

    /// <summary>Stores the bootstrap key; a replica starting at the same moment may have stored it first, which is fine.</summary>
    private async Task AddBootstrapKeyAsync(string secret, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var hash = ApiKeys.HashOf(secret);
        try
        {
            await store.AddApiKeyAsync(new StoredApiKey(BootstrapKeyName, ServiceRole.Admin, hash, now, Revoked: false), ct);
        }
        catch (Vigil.Core.VigilException)
        {
            if (await store.FindApiKeyAsync(hash, ct) is not null) return; // another replica stored it first
            throw;
        }
        await store.AppendAuditAsync("system", "key.created", BootstrapKeyName, "role=admin; from VIGIL_BOOTSTRAP_ADMIN_KEY", now, ct);
        log.LogInformation("stored the bootstrap admin key '{Name}' (no key existed)", BootstrapKeyName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
