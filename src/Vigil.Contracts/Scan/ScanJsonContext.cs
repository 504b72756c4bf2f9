using System.Text.Json.Serialization;

namespace Vigil.Contracts.Scan;

/// <summary>Source-generated serialization of vigil.scan/v2 with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ScanDocument))]
public sealed partial class ScanJsonContext : JsonSerializerContext;
