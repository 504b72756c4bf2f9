using System.Text.Json.Serialization;

namespace Vigil.Contracts.DataAudit;

/// <summary>Source-generated serialization of vigil.data-audit/v2 with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(DataAuditDocument))]
public sealed partial class DataAuditJsonContext : JsonSerializerContext;
