using System.CommandLine;
using Vigil.Cli.Options;
using Vigil.Core;

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
        cmd.SetAction((Func<ParseResult, int>)(_ => throw VigilException.Usage("keys add: the store is not available yet")));
        return cmd;
    }
}
