using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Tests.Monitoring.Service;
using Xunit;
using static Vigil.Tests.Monitoring.Service.ServiceScenario;

namespace Vigil.Tests.Monitoring.Clinical;

/// <summary>
/// CDS Hooks 2.0 through real HTTP with JWT bearer tokens: discovery, the patient-view card of the encounter's latest
/// prediction (with the safeguard text when the patient's group is under an active safeguard), feedback stored as a
/// clinician action in the action stream, and 400 problem details naming the request field.
/// </summary>
public sealed class CdsHooksEndpointTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private const string Model = "cds-sepsis";

    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow.AddHours(-3);

    private HttpClient Ehr() => fixture.Host.BearerClient(SqliteServiceFixture.Token("ehr-integration", "ingest"));

    private static string Call(string encounter, string hook = "patient-view") =>
        $$$"""{"hook":"{{{hook}}}","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","context":{"userId":"Practitioner/1","patientId":"p1","encounterId":"{{{encounter}}}"}}""";

    private static string Feedback(string card, string outcome, string? reason, DateTimeOffset at)
    {
        var overrideReason = reason is null ? ""
            : "\"overrideReason\":{\"reason\":{\"system\":\"urn:vigil:override-reason\",\"code\":\"" + reason + "\"},\"userComment\":\"Jane Doe's family declined\"},";
        return "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"" + outcome + "\"," + overrideReason + "\"outcomeTimestamp\":\"" + Time(at) + "\"}]}";
    }

    /// <summary>Registers the model and pushes predictions for encounters (tag, i): i = 0 alert at age 70, i = 1 no alert, i = 2 alert at age 30.</summary>
    private async Task SetUpAsync(string tag)
    {
        await FhirEndpointTests.RegisterAsync(fixture.Host, SepsisRegistration(Model));
        using var ingest = fixture.Host.Client(fixture.Keys["ingest"]);
        var events = Array([
            Prediction(tag, 0, At.AddHours(-1), 70, "F", 0.10, false, Model), // an older prediction of the same encounter
            Prediction(tag, 0, At, 70, "F", 0.62, true, Model).Replace($"\"p-{tag}-0\"", $"\"p-{tag}-0b\""),
            Prediction(tag, 1, At, 50, "M", 0.05, false, Model),
            Prediction(tag, 2, At, 30, "M", 0.31, true, Model),
        ]);
        using var response = await ingest.PostAsync("/v1/predictions", ServiceTestHost.Json(events));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> CardsAsync(HttpClient client, string encounter)
    {
        using var response = await client.PostAsync("/cds-services/" + Model, ServiceTestHost.Json(Call(encounter)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("cards").Clone();
    }

    [Fact]
    public async Task Discovery_ListsAPatientViewServicePerModel()
    {
        await FhirEndpointTests.RegisterAsync(fixture.Host, SepsisRegistration(Model));
        using var client = Ehr();
        using var response = await client.GetAsync("/cds-services");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(text);
        var service = doc.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("id").GetString() == Model);
        Assert.Equal("patient-view", service.GetProperty("hook").GetString());
        Assert.Contains("encounterId", service.GetProperty("usageRequirements").GetString());
        using var anonymous = fixture.Host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/cds-services")).StatusCode);
    }

    [Fact]
    public async Task Card_ShowsTheLatestAlertingPrediction_AndFeedbackBecomesAnAction()
    {
        const string tag = "cdsflow";
        await SetUpAsync(tag);
        using var ehr = Ehr();

        var cards = await CardsAsync(ehr, Encounter(tag, 0));
        var card = Assert.Single(cards.EnumerateArray());
        var uuid = card.GetProperty("uuid").GetString()!;
        Assert.True(Guid.TryParse(uuid, out _));
        Assert.Equal("Sepsis risk 62% (alert): consider the sepsis bundle", card.GetProperty("summary").GetString());
        Assert.Equal("critical", card.GetProperty("indicator").GetString()); // 0.62 >= 0.5
        var detail = card.GetProperty("detail").GetString()!;
        Assert.Contains("Obtain blood cultures before antibiotics", detail);
        Assert.Contains("30 mL/kg crystalloid", detail);
        Assert.DoesNotContain("Safeguard", detail);
        Assert.Equal($"Vigil monitor: {Model} {ModelVersion}", card.GetProperty("source").GetProperty("label").GetString());
        Assert.Contains(card.GetProperty("overrideReasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "goals-of-care");
        Assert.DoesNotContain(Encounter(tag, 0), card.GetRawText());

        // no alert on the latest prediction, or no prediction at all: no card
        Assert.Equal(0, (await CardsAsync(ehr, Encounter(tag, 1))).GetArrayLength());
        Assert.Equal(0, (await CardsAsync(ehr, "ENC-never-seen")).GetArrayLength());

        // feedback: overridden with a coded reason → an action on the card's prediction, counted in its cell
        using var feedback = await ehr.PostAsync($"/cds-services/{Model}/feedback", ServiceTestHost.Json(Feedback(uuid, "overridden", "goals-of-care", At.AddMinutes(6))));
        Assert.True(feedback.StatusCode == HttpStatusCode.OK, await feedback.Content.ReadAsStringAsync());
        Assert.Equal("""{"accepted":1,"duplicates":0}""", JsonSerializer.Serialize(JsonDocument.Parse(await feedback.Content.ReadAsStringAsync()).RootElement));
        using var repeat = await ehr.PostAsync($"/cds-services/{Model}/feedback", ServiceTestHost.Json(Feedback(uuid, "overridden", "goals-of-care", At.AddMinutes(6))));
        Assert.Contains("\"duplicates\": 1", await repeat.Content.ReadAsStringAsync());

        var cells = await fixture.Host.Store.GetHourCellsAsync(Model, ModelVersion, 0, long.MaxValue);
        Assert.Equal(1, cells.Where(c => c.Cell == ">=65\u001fF").Sum(c => c.Overridden));
        var workflow = fixture.Host.App.Services.GetRequiredService<IWorkflowStore>();
        var counts = await workflow.GetActionCountsAsync(Model, null, 0, long.MaxValue);
        var action = Assert.Single(counts);
        Assert.Equal((">=65\u001fF", ClinicianAction.Overridden, "goals-of-care", 1L), (action.Cell, action.Action, action.Reason, action.Count));

        // the override summary counts it (suppressed: a single action is a small cell)
        using var viewer = fixture.Host.Client(fixture.Keys["viewer"]);
        using var summary = await viewer.GetAsync($"/v1/models/{Model}/overrides?from={Time(At.AddDays(-1))}&to={Time(At.AddDays(1))}");
        var summaryText = await summary.Content.ReadAsStringAsync();
        Assert.True(summary.StatusCode == HttpStatusCode.OK, summaryText);
        using var s = JsonDocument.Parse(summaryText);
        Assert.Equal(JsonValueKind.Null, s.RootElement.GetProperty("overall").GetProperty("actions").ValueKind);
        Assert.Contains("suppressed", s.RootElement.GetProperty("overall").GetProperty("override_rate").GetProperty("reason").GetString());

        // the free-text comment is never stored
        using var db = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + fixture.DatabasePath);
        await db.OpenAsync();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM actions WHERE reason LIKE '%Jane%'";
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Card_CarriesTheSafeguardText_WhenThePatientsGroupIsUnderOne()
    {
        const string tag = "cdsguard";
        await SetUpAsync(tag);
        // The fixture is shared by this class's tests: the safeguard is ended below so that the other cards stay unguarded.
        var activated = await fixture.Host.Store.ActivateSafeguardsAsync(
        [
            new SafeguardActivation(Model, null, "age", ">=65", "patients 65+", "Manual review of predictions for patients 65+ until re-validation",
                "fnr-gap-65", "gate:test", DateTimeOffset.UtcNow.AddDays(30)),
        ], DateTimeOffset.UtcNow.AddMinutes(-1));
        using var ehr = Ehr();

        try
        {
            var older = Assert.Single((await CardsAsync(ehr, Encounter(tag, 0))).EnumerateArray());
            Assert.EndsWith("(safeguard in force)", older.GetProperty("summary").GetString());
            Assert.Contains("**Safeguard:** Manual review of predictions for patients 65+ until re-validation (safeguard in force for age = >=65; rule fnr-gap-65",
                older.GetProperty("detail").GetString());

            var younger = Assert.Single((await CardsAsync(ehr, Encounter(tag, 2))).EnumerateArray());
            Assert.DoesNotContain("Safeguard", younger.GetProperty("detail").GetString());
            Assert.Equal("warning", younger.GetProperty("indicator").GetString()); // 0.31 < 0.5
        }
        finally
        {
            foreach (var (safeguard, _) in activated)
                await fixture.Host.Store.EndSafeguardAsync(safeguard.Id, "test", "test over", DateTimeOffset.UtcNow);
        }
    }

    public static TheoryData<string, string, string, string> BadRequests() => new()
    {
        { "wrong hook", "", Call("E1", "order-select"), "hook" },
        { "no encounter", "", Call("E1").Replace("\"encounterId\":\"E1\"", "\"encounterId\":null"), "context.encounterId" },
        { "no context", "", """{"hook":"patient-view","hookInstance":"x"}""", "context" },
        { "no hookInstance", "", Call("E1").Replace("\"hookInstance\":\"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea\",", ""), "hookInstance" },
        { "malformed JSON", "", "{\"hook\":", "$" },
        { "unknown card", "/feedback", Feedback("00000000-0000-0000-0000-000000000000", "accepted", null, At), "feedback[0].card" },
        { "bad outcome", "/feedback", Feedback("00000000-0000-0000-0000-000000000000", "ignored", null, At), "feedback[0].outcome" },
        { "free-text reason code", "/feedback", Feedback("00000000-0000-0000-0000-000000000000", "overridden", "patient said no", At), "feedback[0].card" },
        { "no feedback array", "/feedback", """{"feedback":{}}""", "feedback" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequests_AnswerProblemDetailsNamingTheField(string name, string path, string body, string field)
    {
        await FhirEndpointTests.RegisterAsync(fixture.Host, SepsisRegistration(Model));
        using var ehr = Ehr();
        using var response = await ehr.PostAsync($"/cds-services/{Model}{path}", ServiceTestHost.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        Assert.True(doc.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{name}: expected {field}: {text}");
    }

    [Fact]
    public async Task FreeTextReasonCode_IsRefusedAtTheReasonCode()
    {
        const string tag = "cdsreason";
        await SetUpAsync(tag);
        using var ehr = Ehr();
        var uuid = Assert.Single((await CardsAsync(ehr, Encounter(tag, 0))).EnumerateArray()).GetProperty("uuid").GetString()!;
        using var response = await ehr.PostAsync($"/cds-services/{Model}/feedback", ServiceTestHost.Json(Feedback(uuid, "overridden", "patient said no", At)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("feedback[0].overrideReason.reason.code", text);
    }

    [Fact]
    public async Task UnknownService_Is404_AndWrongRolesAreRefused()
    {
        using var ehr = Ehr();
        using var unknown = await ehr.PostAsync("/cds-services/no-such-model", ServiceTestHost.Json(Call("E1")));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var viewer = fixture.Host.BearerClient(SqliteServiceFixture.Token("dash", "viewer"));
        using var call = await viewer.PostAsync("/cds-services/" + Model, ServiceTestHost.Json(Call("E1")));
        Assert.Equal(HttpStatusCode.Forbidden, call.StatusCode);
        using var forged = fixture.Host.BearerClient(SqliteServiceFixture.Token("ehr", "ingest", key: "Zm9yZ2VkLWtleS1mb3JnZWQta2V5LWZvcmdlZC1rZXktMzI="));
        using var refused = await forged.PostAsync("/cds-services/" + Model, ServiceTestHost.Json(Call("E1")));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
