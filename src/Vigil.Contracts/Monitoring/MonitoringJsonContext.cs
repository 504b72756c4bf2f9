using System.Text.Json.Serialization;

namespace Vigil.Contracts.Monitoring;

/// <summary>Source-generated serialization of the monitoring service's contracts with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(PredictionEvent))]
[JsonSerializable(typeof(List<PredictionEvent>))]
[JsonSerializable(typeof(ActionEvent))]
[JsonSerializable(typeof(List<ActionEvent>))]
[JsonSerializable(typeof(OutcomeEvent))]
[JsonSerializable(typeof(List<OutcomeEvent>))]
[JsonSerializable(typeof(IngestResult))]
[JsonSerializable(typeof(ModelRegistration))]
[JsonSerializable(typeof(List<ModelRegistration>))]
[JsonSerializable(typeof(MonitorStatus))]
[JsonSerializable(typeof(MonitorAlert))]
[JsonSerializable(typeof(List<MonitorAlert>))]
[JsonSerializable(typeof(AlertTransitionRequest))]
[JsonSerializable(typeof(AuditLogEntry))]
[JsonSerializable(typeof(List<AuditLogEntry>))]
[JsonSerializable(typeof(ModelSafeguard))]
[JsonSerializable(typeof(List<ModelSafeguard>))]
[JsonSerializable(typeof(SafeguardEndRequest))]
[JsonSerializable(typeof(SafeguardActivationResult))]
public sealed partial class MonitoringJsonContext : JsonSerializerContext;
