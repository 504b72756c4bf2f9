using System.Net;
using System.Text.Json;
using Vigil.Application.Governance;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.Monitors;
using Vigil.Tests.Governance;
using Vigil.Tests.Monitoring.Service;
using Xunit;
using static Vigil.Tests.Monitoring.Service.ServiceScenario;

namespace Vigil.Tests.Monitoring.Safeguards;

/// <summary>
/// The policy monitor through the real service and store: a model registered with the mission policy, a stream in which
/// patients 65+ are missed half the time against one in ten at 45-64; one evaluation raises the policy alert for
/// age = &gt;=65 (the gate's interval rule) and puts the rule's safeguard in force, once.
/// </summary>
public sealed class PolicyMonitorTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private const string Model = "sepsis-policy";

    /// <summary>600 predictions: even i age 70, odd age 50; i % 4 &lt; 2 positive; 65+ positives missed when k is even, 45-64 when k % 10 == 0 (k = i / 4).</summary>
    private static (List<string> Predictions, List<string> Outcomes) Stream(DateTimeOffset start, string model = Model)
    {
        var predictions = new List<string>();
        var outcomes = new List<string>();
        for (var i = 0; i < 600; i++)
        {
            var k = i / 4;
            var old = i % 2 == 0;
            var positive = i % 4 < 2;
            var missed = positive && (old ? k % 2 == 0 : k % 10 == 0);
            var alert = positive ? !missed : k % 10 == 0;
            var time = start.AddHours(i % 200);
            predictions.Add(Prediction(model, i, time, old ? 70 : 50, k % 3 == 0 ? "F" : "M", alert ? 0.8 : 0.2, alert, model));
            if (positive) outcomes.Add(Outcome(model, i, time.AddHours(5)));
        }
        return (predictions, outcomes);
    }

    [Fact]
    public async Task FailingRuleOnTheWindow_RaisesAPolicyAlert_AndActivatesItsSafeguardOnce()
    {
        var registration = SepsisRegistration(Model) with { Policy = PolicyRegistration.Read(GateFixtures.Policy("age-stratified-validation.yaml")) };
        Assert.Equal(64, registration.Policy!.Sha256.Length);
        using var admin = fixture.Host.Client();
        using (var r = await admin.PostAsync("/v1/models", ServiceTestHost.Json(RegistrationJson(registration))))
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var (predictions, outcomes) = Stream(DateTimeOffset.UtcNow.AddDays(-20).Date);
        using var ingest = fixture.Host.Client(fixture.Keys["ingest"]);
        await ServiceIngestTests.IngestAsync(ingest, "/v1/predictions", ServiceTestHost.Json(Array(predictions)));
        await ServiceIngestTests.IngestAsync(ingest, "/v1/outcomes", ServiceTestHost.Json(Array(outcomes)));

        await EvaluateAsync(admin);
        await EvaluateAsync(admin);

        var alerts = await GetAsync(admin, $"/v1/alerts?model={Model}", MonitoringJsonContext.Default.ListMonitorAlert);
        var policy = Assert.Single(alerts, a => a.Kind == AlertKind.Policy);
        Assert.Equal(("age", ">=65", "policy:fnr-gap-65"), (policy.Attribute, policy.Level, policy.Metric));
        Assert.Equal(0.05, policy.Bound);
        // 65+: 150 positives, 75 missed (k even); 45-64: 150 positives, 15 missed (k % 10 == 0).
        Assert.Equal(75.0 / 150 - 15.0 / 150, policy.Evidence["gap"]!.Value, 12);
        Assert.True(policy.Evidence["gap_upper"] > 0.05);
        Assert.Equal(policy.Evidence["gap_upper"], policy.Value);
        Assert.Equal((75.0 / 150 - 15.0 / 150) * 1000, policy.AdditionalMissedPer1000!.Value, 9);
        Assert.Contains("Safeguard in force: Manual review by a clinician", policy.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(alerts, a => a.Kind == AlertKind.Policy && a.Metric != "policy:fnr-gap-65"); // breakdown and size rules hold

        var safeguards = await GetAsync(admin, $"/v1/models/{Model}/safeguards", MonitoringJsonContext.Default.ListModelSafeguard);
        var s = Assert.Single(safeguards);
        Assert.Equal(("fnr-gap-65", "age", ">=65", "policy-alert:" + policy.Id, SafeguardState.Active), (s.Rule, s.Attribute, s.Level, s.Source, s.State));
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.Zero), s.EndsAt);
        Assert.Equal("1.0.0", s.Version);

        var log = await GetAsync(admin, "/v1/audit-log?max=10000", MonitoringJsonContext.Default.ListAuditLogEntry);
        Assert.Equal("monitor", Assert.Single(log, e => e.Action == "safeguard.activated" && e.Subject == $"safeguard:{s.Id}").Actor);
    }

    /// <summary>Calibration on the window, drift without a reference profile, and documents: the three kinds the batch gate reads from other files.</summary>
    private const string WindowPolicy = """
        policy: window-kinds
        version: "1.0"
        re_validation: 2027-07-01
        exception_approvers: [AI Governance Committee]
        rules:
          - id: oe-range
            kind: calibration
            min: 0.8
            max: 1.25
            test: interval
          - id: drift-bounds
            kind: drift
            max_drifted_share: 0.2
          - id: docs
            kind: documents
            card_fields: [model_details.name]
        """;

    [Fact]
    public async Task CalibrationIsJudgedPerGroupOnTheWindow_DriftAndDocumentsAreRecordedAsNotEvaluable()
    {
        const string model = "sepsis-policy-window";
        using var dir = new Vigil.Tests.TestSupport.TempDir();
        var file = dir.Combine("window-kinds.yaml");
        await File.WriteAllTextAsync(file, WindowPolicy);
        var registration = SepsisRegistration(model) with { Policy = PolicyRegistration.Read(file) };
        using var admin = fixture.Host.Client();
        using (var r = await admin.PostAsync("/v1/models", ServiceTestHost.Json(RegistrationJson(registration))))
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var (predictions, outcomes) = Stream(DateTimeOffset.UtcNow.AddDays(-20).Date, model);
        using var ingest = fixture.Host.Client(fixture.Keys["ingest"]);
        await ServiceIngestTests.IngestAsync(ingest, "/v1/predictions", ServiceTestHost.Json(Array(predictions)));
        await ServiceIngestTests.IngestAsync(ingest, "/v1/outcomes", ServiceTestHost.Json(Array(outcomes)));
        await EvaluateAsync(admin);

        var alerts = (await GetAsync(admin, $"/v1/alerts?model={model}", MonitoringJsonContext.Default.ListMonitorAlert)).Where(a => a.Kind == AlertKind.Policy).ToList();
        // 65+: O = 150 positives; E = 75 alerted positives × 0.8 + 75 missed × 0.2 + 15 alerted negatives × 0.8 + 135 × 0.2 = 114.
        var old = Assert.Single(alerts, a => a.Level == ">=65");
        Assert.Equal(("age", "policy:oe-range"), (old.Attribute, old.Metric));
        Assert.Equal(150 / 114.0, old.Value!.Value, 9);
        Assert.True(old.Interval![0] > 1.0 && old.Interval[1] > 1.25, $"{old.Interval[0]} {old.Interval[1]}");
        Assert.Equal(1.25, old.Bound);
        // 45-64: O = 150, E = 135 × 0.8 + 15 × 0.2 + 15 × 0.8 + 135 × 0.2 = 150, O/E 1: its interval lies within [0.8, 1.25].
        Assert.DoesNotContain(alerts, a => a.Level == "45-64");
        Assert.Contains("Not evaluable per window: drift-bounds (drift, drift); docs (documents, card.yaml)", old.Message, StringComparison.Ordinal);
        Assert.True(old.Evidence["not_evaluable"] >= 2);

        // The whole evaluation of the same window: the skipped checks say why.
        var check = PolicyMonitor.Monitored(PolicyRegistration.Policy(registration.Policy!, model + "@1.0.0"));
        Assert.Equal(3, check.Rules.Count);
    }

    [Fact]
    public void EditedPolicyText_IsRefused_AndOnlyMonitorableRulesAreKept()
    {
        var registered = PolicyRegistration.Read(GateFixtures.Policy("strict-intersectional.yaml"));
        var e = Assert.Throws<VigilException>(() => PolicyRegistration.Policy(registered with { Yaml = registered.Yaml + "\n# edited" }, "m@1"));
        Assert.Contains("policy.sha256", e.Message, StringComparison.Ordinal);
        var monitored = PolicyMonitor.Monitored(PolicyRegistration.Policy(registered, "m@1"));
        Assert.All(monitored.Rules, r => Assert.Contains(r.Kind, PolicyMonitor.MonitoredKinds));
        Assert.All(monitored.Exceptions, x => Assert.Contains(monitored.Rules, r => r.Id == x.Rule));
    }

    private static async Task EvaluateAsync(HttpClient admin)
    {
        using var response = await admin.PostAsync("/v1/evaluate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), type)!;
    }
}
