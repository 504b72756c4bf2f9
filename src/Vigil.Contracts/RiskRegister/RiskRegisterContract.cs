using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Vigil.Contracts.RiskRegister;

/// <summary>The one writer and the one reader of vigil.risk-register/v2 (risk-register.json).</summary>
public static class RiskRegisterContract
{
    /// <summary>The format's schema name.</summary>
    public const string Schema = "vigil.risk-register/v2";

    /// <summary>The command that writes it, for the "older format; re-run" message.</summary>
    public const string Producer = "vigil report";

    /// <summary>The source-generated type info of the document.</summary>
    public static JsonTypeInfo<RiskRegisterDocument> TypeInfo => RiskRegisterJsonContext.Default.RiskRegisterDocument;

    /// <summary>The JSON Schema of the format (docs/schemas/).</summary>
    public static string JsonSchema() => ContractSchema.Generate(TypeInfo, Schema);

    /// <summary>Serializes the document.</summary>
    public static string Write(RiskRegisterDocument document) => ContractFile.Write(document, TypeInfo);

    /// <summary>Reads a risk-register.json file.</summary>
    public static RiskRegisterDocument Read(string path) => ContractFile.Read(path, Schema, Producer, TypeInfo);

    /// <summary>Parses a risk-register.json text read from <paramref name="path"/>.</summary>
    public static RiskRegisterDocument Parse(string json, string path) => ContractFile.Parse(json, path, Schema, Producer, TypeInfo);
}

/// <summary>Source-generated serialization of vigil.risk-register/v2 with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RiskRegisterDocument))]
internal sealed partial class RiskRegisterJsonContext : JsonSerializerContext;
