using System.Text.Json;
using Json.Schema;
using Vigil.Tests.Reporting;
using Xunit;

namespace Vigil.Tests.Application;

/// <summary>The published JSON Schemas of train, validation (and mitigation) under docs/schemas/, and validation against them.</summary>
internal static class ModelContractSchemas
{
    public static string PathOf(string schema) =>
        System.IO.Path.Combine(ReportRunner.RepoRoot(), "docs", "schemas", schema.Replace('/', '.') + ".schema.json");

    /// <summary>Each schema is compiled once: JsonSchema.Net registers a schema's $id globally and refuses a second registration.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<JsonSchema>> Compiled = new(StringComparer.Ordinal);

    /// <summary>Fails with the evaluation's errors when <paramref name="json"/> does not conform to the published schema.</summary>
    public static void AssertValid(string schema, string json)
    {
        var compiled = Compiled.GetOrAdd(schema, s => new Lazy<JsonSchema>(() => JsonSchema.FromText(File.ReadAllText(PathOf(s))))).Value;
        using var doc = JsonDocument.Parse(json);
        var result = compiled.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{schema}: {JsonSerializer.Serialize(result)}");
    }
}
