using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Contracts.Monitoring;

namespace Vigil.Tests.Monitoring.Service;

/// <summary>A sepsis early-warning registration and its events as the clinical system would send them (raw ids, which must never reach the store or logs).</summary>
internal static class ServiceScenario
{
    public const string Model = "sepsis-ews";
    public const string ModelVersion = "1.0.0";

    public static ModelRegistration SepsisRegistration(string model = Model, IReadOnlyList<string>? webhooks = null, double fnrBound = 0.45, string version = ModelVersion) => new(
        ModelRegistration.SchemaName, model, version, "Early warning of sepsis in adult inpatients",
        [new ProtectedSpec("age", [45, 65], null), new ProtectedSpec("sex", null, null)],
        ["lactate", "heart_rate"],
        0.5,
        new OutcomeDefinition("sepsis_onset", 72, 0, ["transfer_out"]),
        10,
        new MonitorSettings([new RateBound(MonitoredRate.Fnr, RateBoundKind.Absolute, fnrBound)], [], null, null, null, null, 0.95, 30, 720, webhooks ?? []),
        null);

    public static string RegistrationJson(ModelRegistration? r = null) =>
        JsonSerializer.Serialize(r ?? SepsisRegistration(), MonitoringJsonContext.Default.ModelRegistration);

    /// <summary>Raw encounter id of event i: long and distinctive so a scan cannot miss it.</summary>
    public static string Encounter(string tag, int i) => $"ENC-{tag}-{i:D6}-RAW";

    /// <summary>Raw patient id of event i.</summary>
    public static string Patient(string tag, int i) => $"MRN-{tag}-{i:D6}-RAW";

    public static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>One prediction event object.</summary>
    public static string Prediction(string tag, int i, DateTimeOffset time, int age, string sex, double score, bool alert, string model = Model, string version = ModelVersion) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"event_id":"p-{{tag}}-{{i}}","model":"{{model}}","model_version":"{{version}}","time":"{{Time(time)}}","encounter":"{{Encounter(tag, i)}}","patient":"{{Patient(tag, i)}}","site":"north","unit":"icu","protected":{"age":"{{age}}","sex":"{{sex}}"},"features":{"lactate":{{1.5 + i % 7 * 0.5}},"heart_rate":{{80 + i % 40}}},"score":{{score}},"alert":{{(alert ? "true" : "false")}},"suggestion":null}""");

    public static string Outcome(string tag, int i, DateTimeOffset time, string kind = "sepsis_onset") =>
        $$"""{"event_id":"o-{{tag}}-{{i}}","encounter":"{{Encounter(tag, i)}}","kind":"{{kind}}","time":"{{Time(time)}}"}""";

    public static string Action(string tag, int i, DateTimeOffset time, string action = "accepted") =>
        $$"""{"event_id":"a-{{tag}}-{{i}}","prediction_id":"p-{{tag}}-{{i}}","time":"{{Time(time)}}","action":"{{action}}","reason":null,"seconds_to_action":12.5}""";

    public static string Array(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";

    public static string Lines(IEnumerable<string> items)
    {
        var sb = new StringBuilder();
        foreach (var item in items) sb.Append(item).Append('\n');
        return sb.ToString();
    }
}
