using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vigil.Contracts.Datasheet;

/// <summary>The one writer and the one reader of vigil.datasheet/v2 (datasheet.json).</summary>
public static class DatasheetContract
{
    /// <summary>The format's schema name.</summary>
    public const string Schema = "vigil.datasheet/v2";

    /// <summary>The command that writes it, for the "older format; re-run" message.</summary>
    public const string Producer = "vigil data-audit --datasheet";

    /// <summary>The source-generated type info of the document.</summary>
    public static JsonTypeInfo<DatasheetDocument> TypeInfo => DatasheetJsonContext.Default.DatasheetDocument;

    /// <summary>The JSON Schema of the format (docs/schemas/).</summary>
    public static string JsonSchema() => ContractSchema.Generate(TypeInfo, Schema);

    /// <summary>Serializes the document.</summary>
    public static string Write(DatasheetDocument document) => ContractFile.Write(document, TypeInfo);

    /// <summary>Reads a datasheet.json file.</summary>
    public static DatasheetDocument Read(string path) => ContractFile.Read(path, Schema, Producer, TypeInfo);

    /// <summary>Parses a datasheet.json text read from <paramref name="path"/>.</summary>
    public static DatasheetDocument Parse(string json, string path) => ContractFile.Parse(json, path, Schema, Producer, TypeInfo);
}

/// <summary>Source-generated serialization of vigil.datasheet/v2 with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(DatasheetDocument))]
internal sealed partial class DatasheetJsonContext : JsonSerializerContext;
