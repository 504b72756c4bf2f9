using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Contracts;

/// <summary>
/// The one JSON convention of every contract: snake_case keys, indented, nulls written (an undefined
/// metric is a visible null with its reason), no NaN or infinity (non-finite numbers are nulls).
/// Each format's source-generated context uses <see cref="JsonSourceGenerationOptionsAttribute"/> with
/// the same settings: <c>[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
/// WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
/// RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]</c>: reading, a missing field or
/// a null where the record does not allow one is an error naming the JSON path, never a half-filled record.
/// </summary>
public static class ContractJson
{
    /// <summary>Options equal to the contexts' settings, for tests and tools that need reflection-free parity.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
