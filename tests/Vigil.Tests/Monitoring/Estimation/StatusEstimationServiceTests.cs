using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.Monitoring.Client;
using Vigil.Application.Monitoring;
using Vigil.Application.Simulation;
using Vigil.Cli.Commands;
using Vigil.Core.Estimation;
using Vigil.Monitoring.Estimation;
using Vigil.Monitoring.Store;
using Vigil.Service;
using Xunit;

namespace Vigil.Tests.Monitoring.Estimation;

/// <summary>
/// The service side through real HTTP over a real SQLite store: a simulated sepsis stream with treated alerts is pushed,
/// its labels mature for the older days and stay pending for the last ones, and GET /status and /series show, per group,
/// the naive and feedback-corrected realized rates and the CBPE estimate of the pending predictions from the
/// registration's reference calibration map.
/// </summary>
public sealed class StatusEstimationServiceTests
{
    private const string Admin = "vgl_status-estimation-admin-secret";

    [Fact]
    public async Task Status_and_series_show_corrected_beside_naive_and_estimated_beside_realized()
    {
        var preset = SepsisPreset.Default with { OverrideBase = 0.30, OverrideOlderExtra = 0, OverrideContraindicatedExtra = 0, IgnoreRate = 0, AvertProbability = 5.0 / 7 };
        var settings = new SimulationSettings(10, 300, 16, preset, [], SimulationSettings.DefaultStart, ReferenceDays: 10);
        await WithServiceAsync(settings, async (http, client, registration, run, dir) =>
        {
            var end = settings.Days * 24.0;
            var from = settings.Start;
            var to = run.At(end);
            var status = await client.GetStatusAsync(registration.Id, from, to, null);

            // Naive beside corrected, from the same matured rows as the realized FNR.
            var o = status.Overall;
            Assert.True(o.Pending > 0 && o.Matured > 0, "the period should hold matured and pending predictions");
            Assert.Equal(1 - o.Fnr.Value!.Value, o.SensitivityNaive!.Value!.Value, 12);
            // The service composes these counts from the windows and the accepted actions; recount them from the rows.
            var counts = new FeedbackCounts();
            await using (var db = new SqliteConnection("Data Source=" + Path.Combine(dir.FullName, "vigil.db") + ";Mode=ReadOnly;Pooling=False"))
            {
            await db.OpenAsync();
            await using var recount = db.CreateCommand();
            recount.CommandText = """
                SELECT p.alert, p.state = 1,
                    EXISTS (SELECT 1 FROM actions a WHERE a.prediction_id = p.event_id AND a.action = 'accepted'), COUNT(*)
                FROM predictions p WHERE p.model = $model AND p.hour_ms >= $from AND p.hour_ms < $to AND p.state IN (1, 2)
                GROUP BY 1, 2, 3
                """;
            recount.Parameters.AddWithValue("$model", registration.Id);
            recount.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            recount.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            await using var reader = await recount.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var (alert, positive, treated, n) = (reader.GetInt64(0) != 0, reader.GetInt64(1) != 0, reader.GetInt64(2) != 0, reader.GetInt64(3));
                counts += alert
                    ? treated ? new FeedbackCounts(n, positive ? n : 0, 0, 0, 0, 0) : new FeedbackCounts(0, 0, n, positive ? n : 0, 0, 0)
                    : new FeedbackCounts(0, 0, 0, 0, positive ? n : 0, positive ? 0 : n);
            }
            }
            Assert.Equal(o.Matured, counts.Alerts + counts.MissedPositives + counts.NegativesWithoutAlert);
            Assert.Equal(o.Fn, counts.MissedPositives);
            Assert.Equal(o.Tp, counts.RecordedAlertedPositives);
            Assert.True(counts.TreatedAlerts > 0 && counts.UntreatedAlerts > 0);
            var expected = FeedbackCorrection.Compute(counts, registration.Monitors.Confidence);
            Assert.Equal(expected.SensitivityCorrected.Value, o.SensitivityCorrected!.Value);
            Assert.Equal(expected.FnrCorrected.Value, o.FnrCorrected!.Value);
            Assert.Equal(expected.PpvCorrected.Value, o.PpvCorrected!.Value);
            Assert.True(o.SensitivityCorrected.Value > o.SensitivityNaive.Value, "treated-and-averted alerts hide true positives: the correction raises sensitivity");
            Assert.Equal(FeedbackCorrection.Assumption, o.FeedbackNote);
            Assert.Equal("logit_delta", o.SensitivityCorrected.CiMethod);

            // Estimated beside realized on the pending predictions.
            var e = o.Estimated!;
            Assert.Equal(o.Pending, e.Pending);
            Assert.True(e.Reliable, string.Join("; ", e.Reasons));
            Assert.Equal("group", e.Calibration);
            Assert.InRange(e.Sensitivity.Value!.Value, 0.3, 0.95);
            Assert.Equal(1 - e.Sensitivity.Value.Value, e.Fnr.Value!.Value, 12);
            Assert.True(e.Sensitivity.Ci![0] <= e.Sensitivity.Value && e.Sensitivity.Value <= e.Sensitivity.Ci[1]);
            var older = status.Groups.Single(g => g.Attribute == "age" && g.Level == ">=65");
            Assert.NotNull(older.Estimated!.Sensitivity.Value);
            Assert.NotNull(older.SensitivityCorrected!.Value);
            var payer = status.Groups.Where(g => g.Attribute == "payer").ToList();
            Assert.All(payer, g => Assert.NotNull(g.Estimated));

            // The series: the same blocks per bucket; the last day is mostly pending, the first fully matured.
            using var seriesRequest = new HttpRequestMessage(HttpMethod.Get,
            $"v1/models/{registration.Id}/series?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&bucket=day");
            seriesRequest.Headers.Add("X-Api-Key", Admin);
            using var seriesResponse = await http.SendAsync(seriesRequest);
            seriesResponse.EnsureSuccessStatusCode();
            using var series = JsonDocument.Parse(await seriesResponse.Content.ReadAsStringAsync());
            var points = series.RootElement.GetProperty("points");
            Assert.Equal(10, points.GetArrayLength());
            var first = points[0].GetProperty("overall");
            Assert.Equal(0, first.GetProperty("pending").GetInt64());
            Assert.Equal(JsonValueKind.Null, first.GetProperty("estimated").GetProperty("sensitivity").GetProperty("value").ValueKind);
            Assert.Equal(JsonValueKind.Number, first.GetProperty("sensitivity_corrected").GetProperty("value").ValueKind);
            var last = points[9].GetProperty("overall");
            // The last day's counts may be suppressed (few matured rows); its label completeness says how much is known.
            Assert.True(last.GetProperty("label_completeness").GetProperty("value").GetDouble() < 0.5);
            Assert.Equal(JsonValueKind.Number, last.GetProperty("estimated").GetProperty("sensitivity").GetProperty("value").ValueKind);
            Assert.True(last.GetProperty("estimated").GetProperty("reliable").GetBoolean());
        });
    }

    /// <summary>
    /// The refusal rule in the service: a lactate assay change from day 8 (charted values doubled) moves the patients
    /// behind the pending predictions away from the reference, so every estimate is flagged unreliable, naming the
    /// feature and its PSI; the same stream without the change is reliable (the test above).
    /// </summary>
    [Fact]
    public async Task A_shifted_feature_over_the_pending_hours_makes_the_estimate_unreliable()
    {
        var settings = new SimulationSettings(10, 300, 16, SepsisPreset.Default, InjectionParser.ParseAll(["feature-shift:lactate,from-day=8,scale=2"], 10),
            SimulationSettings.DefaultStart, ReferenceDays: 10);
        await WithServiceAsync(settings, async (http, client, registration, run, dir) =>
        {
            var status = await client.GetStatusAsync(registration.Id, settings.Start, run.At(settings.Days * 24.0), null);
            Assert.True(status.Overall.Pending > 0);
            var e = status.Overall.Estimated!;
            Assert.False(e.Reliable);
            var reason = Assert.Single(e.Reasons, r => r.StartsWith("'lactate' has shifted", StringComparison.Ordinal));
            Assert.Matches(@"PSI \d+(\.\d+)? over \d+ values, above 0\.2", reason);
            Assert.All(status.Groups.Where(g => g.Estimated?.Sensitivity.Value is not null), g => Assert.False(g.Estimated!.Reliable));
            Assert.Contains(registration.WatchedFeatures, f => f == "lactate");
        });
    }

    private static async Task WithServiceAsync(SimulationSettings settings,
        Func<HttpClient, MonitorClient, global::Vigil.Contracts.Monitoring.ModelRegistration, SimulationRun, DirectoryInfo, Task> check)
    {
        var run = SepsisSimulator.Run(settings);
        var dir = Directory.CreateTempSubdirectory("vigil-status-estimation-");
        try
        {
            var referencePath = Path.Combine(dir.FullName, SimulationFiles.Reference);
            SimulationFiles.WriteReference(SepsisSimulator.Reference(settings), referencePath);
            var registration = SepsisRegistration.Build(settings, referencePath);
            Assert.NotNull(registration.Reference?.Calibration);
            Assert.Contains(registration.Reference!.Calibration!, m => m.Attribute is null);
            Assert.Contains(registration.Reference!.Calibration!, m => m.Attribute == "age");

            var clock = new SimulatedClock(settings.Start);
            var env = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["VIGIL_PSEUDONYM_KEY"] = Service.ServiceTestHost.PseudonymKey,
                ["VIGIL_BOOTSTRAP_ADMIN_KEY"] = Admin,
                ["VIGIL_EVALUATION_INTERVAL_SECONDS"] = "0",
                ["VIGIL_RATE_LIMIT_PER_SECOND"] = "100000",
            };
            var app = ServiceHost.Build(new ServiceOptions("sqlite:" + Path.Combine(dir.FullName, "vigil.db"), null, ["http://127.0.0.1:0"]),
                b => b.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)),
                name => env.TryGetValue(name, out var v) ? v : null);
            await using (app)
            {
                await app.StartAsync();
                var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
                using var http = new HttpClient { BaseAddress = address };
                using var client = new MonitorClient(http, Admin);
                await client.RegisterAsync(registration);
                var end = settings.Days * 24.0;
                clock.Now = run.At(end);
                await SimulationPush.PushAsync(client, run, 0, end, null, null);
                using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/evaluate"))
                {
                    request.Headers.Add("X-Api-Key", Admin);
                    (await http.SendAsync(request)).EnsureSuccessStatusCode();
                }
                await check(http, client, registration, run, dir);
                await app.StopAsync();
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
