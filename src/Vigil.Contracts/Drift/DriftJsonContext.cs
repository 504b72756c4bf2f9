using System.Text.Json.Serialization;

namespace Vigil.Contracts.Drift;

/// <summary>Source-generated serialization of vigil.drift/v2 with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(DriftDocument))]
public sealed partial class DriftJsonContext : JsonSerializerContext;
