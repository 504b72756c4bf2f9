using System.Text.Json.Serialization.Metadata;

namespace Vigil.Contracts.Estimation;

/// <summary>The one writer and reader of vigil.estimate/v1.</summary>
public static class EstimateContract
{
    public const string Schema = "vigil.estimate/v1";

    public const string Producer = "vigil estimate --format json";

    /// <summary>The source-generated type info of the document.</summary>
    public static JsonTypeInfo<EstimateDocument> TypeInfo => EstimateJsonContext.Default.EstimateDocument;

    /// <summary>The JSON Schema of the format (docs/schemas/vigil.estimate.v1.schema.json).</summary>
    public static string JsonSchema() => ContractSchema.Generate(TypeInfo, Schema);

    public static string Write(EstimateDocument document) => ContractFile.Write(document, TypeInfo);

    public static EstimateDocument Read(string path) => ContractFile.Read(path, Schema, Producer, TypeInfo);

    public static EstimateDocument Parse(string json, string name) => ContractFile.Parse(json, name, Schema, Producer, TypeInfo);
}
