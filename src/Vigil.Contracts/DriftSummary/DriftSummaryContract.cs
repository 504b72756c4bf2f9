using System.Text.Json.Serialization.Metadata;

namespace Vigil.Contracts.DriftSummary;

/// <summary>The one writer and reader of vigil.drift-summary/v1.</summary>
public static class DriftSummaryContract
{
    public const string Schema = "vigil.drift-summary/v1";

    public const string Producer = "vigil drift --summary-out";

    /// <summary>The source-generated type info of the document.</summary>
    public static JsonTypeInfo<DriftSummaryDocument> TypeInfo => DriftSummaryJsonContext.Default.DriftSummaryDocument;

    /// <summary>The JSON Schema of the format (docs/schemas/vigil.drift-summary.v1.schema.json).</summary>
    public static string JsonSchema() => ContractSchema.Generate(TypeInfo, Schema);

    public static string Write(DriftSummaryDocument document) => ContractFile.Write(document, TypeInfo);

    public static DriftSummaryDocument Read(string path) => ContractFile.Read(path, Schema, Producer, TypeInfo);

    public static DriftSummaryDocument Parse(string json, string name) => ContractFile.Parse(json, name, Schema, Producer, TypeInfo);
}
