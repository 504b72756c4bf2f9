using System.Text.Json.Serialization;

namespace Vigil.Contracts.Gate;

/// <summary>Source-generated serialization of vigil.gate/v1 (indented) with the <see cref="ContractJson"/> settings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(GateDocument))]
public sealed partial class GateJsonContext : JsonSerializerContext;

/// <summary>
/// Source-generated serialization of a decision record on one line (not indented: the log is JSON Lines), strict about
/// members it does not know (a field added to a logged record is an edit).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(GateDecisionRecord))]
public sealed partial class GateDecisionJsonContext : JsonSerializerContext;
