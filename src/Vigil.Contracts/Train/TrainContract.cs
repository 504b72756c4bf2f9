using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vigil.Contracts.Train;

/// <summary>The one writer and reader of vigil.train/v2 (train.json).</summary>
public static class TrainContract
{
    public const string Schema = "vigil.train/v2";

    /// <summary>The source-generated type info of the document (for the schema and for callers that stream).</summary>
    public static JsonTypeInfo<TrainDocument> TypeInfo => TrainJsonContext.Default.TrainDocument;

    /// <summary>The JSON Schema of the format (docs/schemas/).</summary>
    public static string JsonSchema() => ContractSchema.Generate(TypeInfo, Schema);

    public static string Write(TrainDocument document) => ContractFile.Write(document, TrainJsonContext.Default.TrainDocument);

    public static TrainDocument Read(string path) => ContractFile.Read(path, Schema, "vigil train", TrainJsonContext.Default.TrainDocument);

    public static TrainDocument Parse(string json, string path) => ContractFile.Parse(json, path, Schema, "vigil train", TrainJsonContext.Default.TrainDocument);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TrainDocument))]
internal sealed partial class TrainJsonContext : JsonSerializerContext;
