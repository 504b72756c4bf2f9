using System.Text.Json.Serialization;

namespace Vigil.Service.Json;

/// <summary>Source-generated JSON of the service's own documents, with the settings of every contract (snake_case, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(CreatedKey))]
[JsonSerializable(typeof(List<ApiKeyInfo>))]
[JsonSerializable(typeof(ApiKeyInfo))]
[JsonSerializable(typeof(EvaluationSummary))]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(ServiceHealth))]
internal sealed partial class ServiceJsonContext : JsonSerializerContext;
