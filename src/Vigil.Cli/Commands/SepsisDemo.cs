using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Vigil.Monitoring.Client;
using Vigil.Application;
using Vigil.Application.Demo;
using Vigil.Application.Monitoring;
using Vigil.Cli.Output;
using Vigil.Application.Simulation;
using Vigil.Monitoring.Registration;
using Vigil.Service;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil demo sepsis-monitoring`: starts the monitoring service in this process on a temporary SQLite store (a generated
/// pseudonym key and bootstrap admin key, its clock a <see cref="SimulatedClock"/>), registers the sepsis model from a
/// simulated reference period, runs the 30-day example with its FNR rise for patients 65+ from day 10
/// (<see cref="SepsisExample"/>, evaluating every few simulated hours), prints where to look (dashboard, key, the alert and
/// its clinical translation, last) and keeps serving until Ctrl+C (or returns at once with --no-wait). The service's log
/// goes to service.log in the output folder, not to the console. The store is deleted when it stops; the registration,
/// the printed summary and the log are kept in the output folder.
/// </summary>
public static class SepsisDemo
{
    /// <summary>The demo's name.</summary>
    public const string Name = "sepsis-monitoring";

    /// <summary>The service's log, in the output folder (the console shows only the demo's own lines).</summary>
    public const string LogFile = "service.log";

    /// <summary>Runs the demo; returns the exit code.</summary>
    public static int Run(CliIO io, string outDir, IReadOnlyList<string> urls, long seed, bool wait)
    {
        ArgumentNullException.ThrowIfNull(io);
        var example = SepsisExample.Default;
        var settings = example.Settings(seed, SimulationSettings.DefaultStart);
        settings.Validate();
        var temp = Directory.CreateTempSubdirectory("vigil-demo-sepsis-");
        try
        {
            io.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[1/3] Reference period: {example.ReferenceDays} simulated days before {settings.Start:yyyy-MM-dd}; the registration and its monitors"));
            var referencePath = Path.Combine(temp.FullName, SimulationFiles.Reference);
            SimulationFiles.WriteReference(SepsisSimulator.Reference(settings), referencePath);
            var registration = SepsisRegistration.Build(settings, referencePath);
            Directory.CreateDirectory(outDir);
            AtomicFile.WriteAllText(Path.Combine(outDir, SimulationFiles.Registration), RegistrationFile.Write(registration));

            var adminKey = "vgl_demo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var config = Path.Combine(temp.FullName, "vigil-demo.json");
            var pseudonymKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            File.WriteAllText(config,
                "{\"pseudonym_key\": \"" + pseudonymKey + "\", \"bootstrap_admin_key\": \"" + adminKey + "\", "
                + "\"evaluation\": {\"interval_seconds\": 0}, \"limits\": {\"rate_limit_per_second\": 100000}}\n", new UTF8Encoding(false));
            var clock = new SimulatedClock(settings.Start);
            // The service's own log goes to a file in the output folder, not between the demo's lines.
            using var log = new LogFileProvider(Path.Combine(outDir, LogFile));
            var app = ServiceHost.Build(new ServiceOptions("sqlite:" + Path.Combine(temp.FullName, "vigil.db"), config, urls), b =>
            {
                b.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                b.Logging.ClearProviders();
                b.Logging.AddProvider(log);
            });
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                return MonitorCommand.Wait(ServeAsync(io, app, example, settings, registration, clock, adminKey, outDir, log.Path, wait, stop.Token));
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
        finally
        {
            try { temp.Delete(true); }
            catch (IOException) { /* the store's files may still be closing; the folder is temporary */ }
        }
    }

    private static async Task<int> ServeAsync(CliIO io, Microsoft.AspNetCore.Builder.WebApplication app, SepsisExample example, SimulationSettings settings,
        Contracts.Monitoring.ModelRegistration registration, SimulatedClock clock, string adminKey, string outDir, string logPath, bool wait, CancellationToken ct)
    {
        await using (app)
        {
            await app.StartAsync(ct);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
            io.Err.WriteLine($"[2/3] Service on {address} (SQLite in a temporary folder; its log in {logPath}); simulating {example.Days} days, monitors every {example.EvaluateEveryHours:0.#} simulated hours");
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            using var client = new MonitorClient(http, adminKey);
            var progress = new Progress(io.Err);
            var result = await SepsisDemoRun.RunAsync(example, settings, registration, client, t => clock.Now = t,
                async c =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "v1/evaluate");
                    request.Headers.Add("X-Api-Key", adminKey);
                    using var response = await http.SendAsync(request, c);
                    response.EnsureSuccessStatusCode();
                }, progress, ct);
            var text = SepsisDemoText.WhereToLook(result, new Uri(address, "dashboard/").ToString(), address.ToString(), adminKey, logPath);
            io.Err.WriteLine("[3/3] Done.");
            io.Out.Write(text);
            AtomicFile.WriteAllText(Path.Combine(outDir, "summary.txt"), text.Replace(adminKey, "(the demo's admin key)", StringComparison.Ordinal));
            if (wait)
            {
                io.Err.WriteLine("vigil: serving the simulated period (its clock stays at the end of day 30); Ctrl+C stops it and deletes the temporary store");
                try { await Task.Delay(Timeout.Infinite, ct); }
                catch (OperationCanceledException) { /* Ctrl+C */ }
            }
            await app.StopAsync(CancellationToken.None);
            return VigilApp.Ok;
        }
    }

    private sealed class Progress(TextWriter err) : IJobProgress
    {
        public void Report(string stage, double? fraction = null) => err.WriteLine("  " + stage);

        public void Note(string message) => err.WriteLine($"vigil: note: {message}");
    }
}
