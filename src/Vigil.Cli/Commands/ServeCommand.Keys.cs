using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Options;
using Vigil.Core;
using Vigil.Monitoring.Store;
using Vigil.Service;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil serve keys add --store STORE --name NAME --role ROLE` (prints the new key's secret once), `vigil serve keys
/// list --store STORE` (id, name, role, created, state; never a secret) and `vigil serve keys revoke ID --store STORE`
/// (the key is refused from then on; a running service's cache forgets it within ApiKeyCache's TTL). Each change is
/// written to the audit trail with actor "cli".
/// </summary>
internal static class ServeKeys
{
    public static Command Add(CliIO io)
    {
        var store = OptionCatalog.Store(withDefault: true);
        var name = new Option<string>("--name") { Description = "The key's user name (alert transitions and the audit trail name it)", Required = true };
        var role = new Option<string>("--role") { Description = "ingest, viewer, reviewer or admin", Required = true };
        role.AcceptOnlyFromAmong("ingest", "viewer", "reviewer", "admin");
        var cmd = new Command("add", "Create an API key in the store and print its secret (shown once; only its hash is stored).");
        foreach (var o in new Option[] { store, name, role })
            cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var r = ApiKeys.ParseRole(parse.GetValue(role)) ?? throw VigilException.Option("role", $"'{parse.GetValue(role)}': expected ingest, viewer, reviewer or admin");
            var keyName = parse.GetValue(name)!;
            ApiKeys.CheckName(keyName);
            var secret = MonitorCommand.Wait(CreateAsync(parse.GetValue(store)!, keyName, r));
            io.Err.WriteLine($"vigil: created {ApiKeys.RoleName(r)} key '{keyName}'; its secret is shown once, now (only its hash is stored):");
            io.Out.WriteLine(secret);
            return VigilApp.Ok;
        });
        return cmd;
    }

    public static Command List(CliIO io)
    {
        var store = OptionCatalog.Store(withDefault: true);
        var cmd = new Command("list", "List the store's API keys: id, name, role, created, active or revoked (secrets are never stored).");
        cmd.Options.Add(store);
        cmd.SetAction(parse =>
        {
            var keys = MonitorCommand.Wait(ListAsync(parse.GetValue(store)!));
            io.Out.WriteLine("id            name                             role      created (UTC)         state");
            foreach (var k in keys)
            {
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{k.Id,-13} {k.Name,-32} {ApiKeys.RoleName(k.Role),-9} {k.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}   {(k.Revoked ? "revoked" : "active")}"));
            }
            io.Err.WriteLine($"vigil: {keys.Count} key(s), {keys.Count(k => k.Revoked)} revoked");
            return VigilApp.Ok;
        });
        return cmd;
    }

    public static Command Revoke(CliIO io)
    {
        var store = OptionCatalog.Store(withDefault: true);
        var id = new Argument<string>("id") { Description = "The key's id: 12 hex digits, as `vigil serve keys list` shows it" };
        var cmd = new Command("revoke", "Revoke an API key: it is refused from then on (it stays listed as revoked).");
        cmd.Arguments.Add(id);
        cmd.Options.Add(store);
        cmd.SetAction(parse =>
        {
            var keyId = parse.GetValue(id)!.Trim().ToLowerInvariant();
            var before = MonitorCommand.Wait(RevokeAsync(parse.GetValue(store)!, keyId))
                ?? throw VigilException.Option("id", $"no API key has id {keyId} (`vigil serve keys list` shows them)");
            io.Err.WriteLine(before.Revoked
                ? $"vigil: key {before.Id} ('{before.Name}') was already revoked"
                : $"vigil: revoked {ApiKeys.RoleName(before.Role)} key {before.Id} ('{before.Name}')");
            return VigilApp.Ok;
        });
        return cmd;
    }

    private static async Task<IReadOnlyList<StoredApiKey>> ListAsync(string storeText)
    {
        await using var store = await MonitorStoreFactory.OpenAsync(storeText).ConfigureAwait(false);
        return await store.ListApiKeysAsync().ConfigureAwait(false);
    }

    /// <summary>Revokes the key and writes the revocation to the audit trail (only when it was active).</summary>
    private static async Task<StoredApiKey?> RevokeAsync(string storeText, string id)
    {
        await using var store = await MonitorStoreFactory.OpenAsync(storeText).ConfigureAwait(false);
        var before = await store.RevokeApiKeyAsync(id).ConfigureAwait(false);
        if (before is { Revoked: false })
            await store.AppendAuditAsync("cli", "key.revoked", before.Name, $"id={before.Id}; role={ApiKeys.RoleName(before.Role)}; by vigil serve keys revoke", DateTimeOffset.UtcNow).ConfigureAwait(false);
        return before;
    }

    /// <summary>Opens (and migrates) the store, stores the key's hash and writes the creation to the audit trail.</summary>
    private static async Task<string> CreateAsync(string storeText, string name, ServiceRole role)
    {
        await using var store = await MonitorStoreFactory.OpenAsync(storeText).ConfigureAwait(false);
        var secret = await ApiKeys.CreateAsync(store, name, role).ConfigureAwait(false);
        await store.AppendAuditAsync("cli", "key.created", name, "role=" + ApiKeys.RoleName(role) + "; by vigil serve keys add", DateTimeOffset.UtcNow).ConfigureAwait(false);
        return secret;
    }
}
