using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Options;
using Vigil.Core;
using Vigil.Monitoring.Client;
using Vigil.Monitoring.Store;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil audit-log verify (--url URL | --store STORE)`: checks the monitoring service's hash-chained audit trail
/// (configuration changes, alert state changes, sign-ins, exports). Exit 0 with "intact: N entries"; exit 3 naming the
/// first broken link (its sequence and why) when an entry was changed, removed or reordered.
/// </summary>
public static class AuditLogCommand
{
    public static Command Create(CliIO io)
    {
        var url = OptionCatalog.Url(required: false);
        var apiKey = OptionCatalog.ApiKey();
        var store = OptionCatalog.Store();

        var verify = new Command("verify", "Check the audit trail's hash chain, read from the service (--url, an admin key) or straight from its store (--store): exit 0 when intact, 3 naming the first broken link.");
        foreach (var o in new Option[] { url, apiKey, store })
            verify.Options.Add(o);
        verify.SetAction(parse =>
        {
            var u = parse.GetValue(url);
            var s = parse.GetValue(store);
            if ((u is null) == (s is null)) throw VigilException.Usage("audit-log verify reads either --url or --store: give exactly one");
            AuditLogVerifyResult result;
            if (u is not null)
            {
                using var client = MonitorCommand.Client(u, parse.GetValue(apiKey), io);
                result = MonitorCommand.Wait(AuditLogVerifyJob.RunAsync(client));
            }
            else
            {
                result = MonitorCommand.Wait(VerifyStore(s!));
            }
            if (result.Break is { } b)
                throw VigilException.BadData(string.Create(CultureInfo.InvariantCulture, $"audit trail broken at entry {b.Sequence}: {b.Reason} ({result.Entries:N0} entries read)"));
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"intact: {result.Entries:N0} entries"));
            return VigilApp.Ok;
        });

        var cmd = new Command("audit-log", "The monitoring service's append-only, hash-chained audit trail.");
        cmd.Subcommands.Add(verify);
        return cmd;
    }

    /// <summary>Reads the trail straight from the store, read only: a SQLite file must exist (opening would create one).</summary>
    private static async Task<AuditLogVerifyResult> VerifyStore(string storeText)
    {
        if (storeText.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) && !File.Exists(storeText["sqlite:".Length..]))
            throw VigilException.Option("store", $"{storeText}: no such file");
        await using var store = MonitorStoreFactory.Open(storeText);
        return await AuditLogVerifyJob.RunAsync(store).ConfigureAwait(false);
    }
}
