using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Vigil.Contracts;

/// <summary>
/// The JSON Schema (draft 2020-12) of a contract, generated from its source-generated type info so the schema and the
/// records cannot drift apart: every property of a record is required (nullable ones may be null) and no other
/// property is allowed, except the METRIC shape's optional "ci_method" and "bootstrap_ci", the properties a record
/// marks as written only when set, and the ones added within a version that older documents of it lack. docs/schemas/ holds the published files; a test regenerates and compares them.
/// </summary>
public static class ContractSchema
{
    /// <summary>Properties written only when they have a value (JsonIgnoreCondition.WhenWritingNull), by record type.</summary>
    private static readonly Dictionary<Type, string[]> Optional = new()
    {
        [typeof(Common.MetricValue)] = ["ci_method", "bootstrap_ci"],
        [typeof(Common.InputRef)] = [],
        [typeof(Models.FeatureRef)] = ["missing"],
        // Added within v2 (issue #11): documents written before them lack them and must still conform.
        [typeof(Validation.ValidationSettings)] = ["intersections", "reference"],
        [typeof(Validation.SiteGroupBlock)] = ["reference_group", "false_negative_rate_difference", "false_positive_rate_difference"],
        [typeof(Mitigation.MitigationRunSettings)] = ["intersections"],
    };

    /// <summary>The schema of <paramref name="info"/>'s type, with "$schema", "$id" and a title naming <paramref name="schema"/>.</summary>
    public static string Generate<T>(JsonTypeInfo<T> info, string schema)
    {
        ArgumentNullException.ThrowIfNull(info);
        var options = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (context.TypeInfo.Kind == JsonTypeInfoKind.Object && node is JsonObject o
                    && o["properties"] is JsonObject properties)
                {
                    var optional = Optional.TryGetValue(context.TypeInfo.Type, out var names) ? names : [];
                    var required = new JsonArray();
                    foreach (var p in properties)
                        if (Array.IndexOf(optional, p.Key) < 0) required.Add(p.Key);
                    o["required"] = required;
                    o["additionalProperties"] = false;
                }
                return node;
            },
        };
        var body = info.GetJsonSchemaAsNode(options);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://vigil.dev/schemas/{schema.Replace('/', '.')}.schema.json",
            ["title"] = schema,
        };
        if (body is JsonObject bodyObject)
        {
            foreach (var (key, value) in bodyObject.ToList())
            {
                bodyObject.Remove(key);
                root[key] = value;
            }
        }
        // The document's schema name is fixed.
        if (root["properties"] is JsonObject top && top["schema"] is JsonObject schemaProperty) schemaProperty["const"] = schema;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
