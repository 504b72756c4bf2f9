using System.CommandLine;
using Vigil.Cli.Options;
using Vigil.Core;
using Vigil.Monitoring.Store;
using Vigil.Service;

namespace Vigil.Cli.Commands;

/// <summary>`vigil serve keys add --store STORE --name NAME --role ROLE`: prints the new key's secret once.</summary>
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

    /// <summary>Opens (and migrates) the store, stores the key's hash and writes the creation to the audit trail.</summary>
    private static async Task<string> CreateAsync(string storeText, string name, ServiceRole role)
    {
        await using var store = await MonitorStoreFactory.OpenAsync(storeText).ConfigureAwait(false);
        var secret = await ApiKeys.CreateAsync(store, name, role).ConfigureAwait(false);
        await store.AppendAuditAsync("cli", "key.created", name, "role=" + ApiKeys.RoleName(role) + "; by vigil serve keys add", DateTimeOffset.UtcNow).ConfigureAwait(false);
        return secret;
    }
}
