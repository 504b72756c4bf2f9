using System.Text.Json.Serialization;

namespace Vigil.Contracts.Estimation;

/// <summary>Source-generated serialization of vigil.estimate/v1 with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(EstimateDocument))]
public sealed partial class EstimateJsonContext : JsonSerializerContext;
