using System.CommandLine;
using Vigil.Cli.Options;
using Vigil.Service;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil serve [--store sqlite:PATH | --store postgres://...] [--config FILE] [--urls URL]`: runs the monitoring
/// service (Vigil.Service.ServiceHost) in this process until Ctrl-C or SIGTERM, which stop it cleanly (requests in
/// flight finish, the store is closed). `vigil serve keys add` creates an API key straight in the store and prints its
/// secret once (the way to make the first admin key).
/// </summary>
public static class ServeCommand
{
    public static Command Create(CliIO io)
    {
        var store = OptionCatalog.Store(withDefault: true);
        var config = new Option<string?>("--config") { Description = "Service config file (YAML or JSON): pseudonym key, JWT, limits, webhooks (docs/service.md); environment variables override it" };
        var urls = OptionCatalog.Urls();

        var cmd = new Command("serve", "Run the monitoring service: ingest of predictions, clinician actions and outcomes; label maturity; hourly windows; monitors and alerts; status, audits and the audit trail over HTTP (docs/service.md). Ctrl-C stops it.");
        foreach (var o in new Option[] { store, config, urls })
            cmd.Options.Add(o);
        cmd.Subcommands.Add(Keys(io));

        cmd.SetAction(parse =>
        {
            var listen = OptionParsing.List(parse.GetValue(urls));
            var options = new ServiceOptions(parse.GetValue(store)!, parse.GetValue(config), listen.Count > 0 ? listen : [OptionCatalog.DefaultUrl]);
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true; // stop cleanly instead of killing the process
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                io.Err.WriteLine($"vigil: serving {Redacted(options.Store)} on {string.Join(", ", options.Urls)} (Ctrl-C stops)");
                MonitorCommand.Wait(ServiceHost.RunAsync(options, stop.Token));
                io.Err.WriteLine("vigil: stopped");
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>The store for a log line without its password (postgres://user:secret@host → postgres://user:***@host).</summary>
    internal static string Redacted(string store)
    {
        if (store.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(store, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal))
            return store.Replace(uri.UserInfo, uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)] + ":***", StringComparison.Ordinal);
        if (store.Contains("password=", StringComparison.OrdinalIgnoreCase))
            return string.Join(';', store.Split(';').Select(p => p.TrimStart().StartsWith("password=", StringComparison.OrdinalIgnoreCase) ? "Password=***" : p));
        return store;
    }

    private static Command Keys(CliIO io)
    {
        var keys = new Command("keys", "API keys of the service, made straight in its store.");
        keys.Subcommands.Add(ServeKeys.Add(io));
        keys.Subcommands.Add(ServeKeys.List(io));
        keys.Subcommands.Add(ServeKeys.Revoke(io));
        return keys;
    }
}
