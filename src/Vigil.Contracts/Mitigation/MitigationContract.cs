using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vigil.Contracts.Mitigation;

/// <summary>The one writer and reader of vigil.mitigation/v2 (mitigation.json).</summary>
public static class MitigationContract
{
    public const string Schema = "vigil.mitigation/v2";

    /// <summary>The source-generated type info of the document.</summary>
    public static JsonTypeInfo<MitigationDocument> TypeInfo => MitigationJsonContext.Default.MitigationDocument;

    /// <summary>The JSON Schema of the format (docs/schemas/).</summary>
    public static string JsonSchema() => ContractSchema.Generate(TypeInfo, Schema);

    public static string Write(MitigationDocument document) => ContractFile.Write(document, TypeInfo);

    public static MitigationDocument Read(string path) => ContractFile.Read(path, Schema, "vigil mitigate", TypeInfo);

    public static MitigationDocument Parse(string json, string path) => ContractFile.Parse(json, path, Schema, "vigil mitigate", TypeInfo);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MitigationDocument))]
internal sealed partial class MitigationJsonContext : JsonSerializerContext;
