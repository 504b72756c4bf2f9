using System.Text.Json.Serialization;

namespace Vigil.Contracts.Audit;

/// <summary>Source-generated serialization of vigil.audit/v2 with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(AuditDocument))]
public sealed partial class AuditJsonContext : JsonSerializerContext;
