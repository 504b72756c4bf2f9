using System.Text.Json;
using Json.Schema;
using Xunit;

namespace Vigil.Tests.Contracts;

/// <summary>The published JSON Schemas (docs/schemas, copied next to the tests) and a validation that names every error.</summary>
internal static class ContractSchemas
{
    private static readonly Dictionary<string, JsonSchema> Cache = [];
    private static readonly Lock Gate = new();

    /// <summary>The schema of a format, e.g. "vigil.audit/v2" → schemas/vigil.audit.v2.schema.json.</summary>
    public static JsonSchema For(string schema)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(schema, out var s)) return s;
            var path = Path.Combine(AppContext.BaseDirectory, "schemas", schema.Replace('/', '.') + ".schema.json");
            s = JsonSchema.FromText(File.ReadAllText(path));
            Cache[schema] = s;
            return s;
        }
    }

    /// <summary>Validates <paramref name="json"/> against the schema it names; fails with every error path.</summary>
    public static void AssertValid(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var schema = doc.RootElement.GetProperty("schema").GetString()!;
        var result = For(schema).Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .Take(20);
        Assert.Fail($"{schema} output does not match its schema:\n" + string.Join("\n", errors));
    }
}
