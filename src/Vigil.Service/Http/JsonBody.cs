using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Vigil.Service.Http;

/// <summary>Reads a JSON request body into a contract (bounded size); a malformed or incomplete body is a 400 naming the JSON path that failed.</summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, long maxBytes)
        where T : class
    {
        if (!IsJson(request.ContentType))
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "expected Content-Type application/json"));
        var body = await BodyReader.ReadAsync(request, maxBytes, request.HttpContext.RequestAborted);
        if (body is null) return (null, Problems.Of(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {maxBytes:N0} bytes"));
        if (JsonText.Problem(body) is { } text) return (null, Problems.Field(StatusCodes.Status400BadRequest, "$", text));
        try
        {
            var value = JsonSerializer.Deserialize(body, Strict<T>.Of(type));
            if (value is null) return (null, Problems.Field(StatusCodes.Status400BadRequest, "$", $"expected a {typeof(T).Name} object, found null"));
            return (value, null);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            var message = e.Message.Split(" Path:", 2)[0].Split('\n')[0];
            return (null, Problems.Field(StatusCodes.Status400BadRequest, path, $"{message} (expected a {typeof(T).Name}; see /openapi/v1.json)"));
        }
    }

    /// <summary>application/json, a +json type, or none (a client that sends JSON without saying so).</summary>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return true;
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        var type = media.MediaType.Value;
        return string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase)
            || (type?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ?? false);
    }

    /// <summary>
    /// The contract's type info with duplicate properties refused: {"role":"viewer","role":"admin"} means one thing to one
    /// parser and another to the next (a proxy or validator in front may have checked the first), so it is a 400.
    /// </summary>
    private static class Strict<T>
    {
        private static JsonTypeInfo<T>? _strict;

        public static JsonTypeInfo<T> Of(JsonTypeInfo<T> type) =>
            _strict ??= (JsonTypeInfo<T>)new JsonSerializerOptions(type.Options) { AllowDuplicateProperties = false }.GetTypeInfo(typeof(T));
    }
}
