using System.Text.Json;

namespace Vigil.Tests.Reliability.Fuzz;

/// <summary>
/// The endpoints the fuzzer sends bodies to, read from the service's own OpenAPI document: every operation that declares
/// a request body, and every POST (a POST that takes no body must refuse one). New endpoints (FHIR, CDS Hooks, key
/// revocation) are fuzzed as soon as they are mapped, with <see cref="BodyTemplate.Generic"/> until a template is added.
/// </summary>
internal static class FuzzTargets
{
    public static async Task<IReadOnlyList<FuzzTarget>> FromOpenApiAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var targets = new List<FuzzTarget>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name.ToUpperInvariant();
                if (method is "PARAMETERS" or "SUMMARY" or "DESCRIPTION") continue;
                var types = operation.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
                    ? content.EnumerateObject().Select(c => c.Name).ToList()
                    : [];
                if (types.Count == 0 && method != "POST") continue;
                targets.Add(new FuzzTarget($"{method} {path.Name}", Concrete(path.Name), types));
            }
        }
        return targets;
    }

    /// <summary>A callable path: "{id}" of an alert is 1 (none exists), of a model or a CDS service the registered sepsis model; any other parameter "1".</summary>
    public static string Concrete(string route) =>
        route.Replace("/v1/models/{id}", "/v1/models/sepsis-ews", StringComparison.Ordinal)
            .Replace("/cds-services/{id}", "/cds-services/sepsis-ews", StringComparison.Ordinal)
            .Split('/').Select(s => s.StartsWith('{') && s.EndsWith('}') ? "1" : s).Aggregate((a, b) => a + "/" + b);
}
