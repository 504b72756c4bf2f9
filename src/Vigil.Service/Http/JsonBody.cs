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
        var body = await BodyReader.ReadAsync(request, maxBytes, request.HttpContext.RequestAborted);
        if (body is null) return (null, Problems.Of(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {maxBytes:N0} bytes"));
        try
        {
            var value = JsonSerializer.Deserialize(body, type);
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
}
