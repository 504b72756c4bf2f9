using System.Text.Json.Serialization;

namespace Vigil.Contracts.Simulation;

/// <summary>Source-generated serialization of vigil.simulation/v2 (indented) with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SimulationDocument))]
public sealed partial class SimulationJsonContext : JsonSerializerContext;
