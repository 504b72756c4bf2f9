using System.Text.Json.Serialization;

namespace Vigil.Contracts.StudyPlan;

/// <summary>Source-generated serialization of vigil.study-plan/v2 with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(StudyPlanDocument))]
public sealed partial class StudyPlanJsonContext : JsonSerializerContext;
