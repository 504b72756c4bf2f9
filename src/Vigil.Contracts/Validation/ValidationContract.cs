using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vigil.Contracts.Validation;

/// <summary>The one writer and reader of vigil.validation/v2 (validation.json).</summary>
public static class ValidationContract
{
    public const string Schema = "vigil.validation/v2";

    /// <summary>The source-generated type info of the document (for the schema and for callers that stream).</summary>
    public static JsonTypeInfo<ValidationDocument> TypeInfo => ValidationJsonContext.Default.ValidationDocument;

    /// <summary>The JSON Schema of the format (docs/schemas/).</summary>
    public static string JsonSchema() => ContractSchema.Generate(TypeInfo, Schema);

    public static string Write(ValidationDocument document) => ContractFile.Write(document, ValidationJsonContext.Default.ValidationDocument);

    public static ValidationDocument Read(string path) => ContractFile.Read(path, Schema, "vigil validate", ValidationJsonContext.Default.ValidationDocument);

    public static ValidationDocument Parse(string json, string path) =>
        ContractFile.Parse(json, path, Schema, "vigil validate", ValidationJsonContext.Default.ValidationDocument);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ValidationDocument))]
internal sealed partial class ValidationJsonContext : JsonSerializerContext;
