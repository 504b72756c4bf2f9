using System.Net;
using System.Text.Json;
using Vigil.Core;

namespace Vigil.Application.Monitoring;

/// <summary>
/// Turns a refused request into one line for the user: the status, the RFC 7807 problem's detail (or title), and for a
/// validation problem each field that failed with its message ("[3].score: expected a number in [0, 1]"). The kind of
/// failure follows the CLI's exit codes: a request the service rejects for its content is bad data (exit 3); a refused
/// credential, an unknown model or address, or a conflict is a usage error (exit 2).
/// </summary>
public static class ProblemText
{
    /// <summary>Failing fields listed in the line; the rest are counted.</summary>
    public const int MaxFields = 3;

    /// <summary>The exception for a response that is not a success.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The response body (a problem+json document, or anything).</param>
    /// <param name="what">What was asked, e.g. "POST /v1/predictions".</param>
    public static VigilException ToException(HttpStatusCode status, string? body, string what)
    {
        var message = $"{what}: {(int)status} {Reason(status)}";
        var detail = Describe(body);
        if (detail.Length > 0) message += ": " + detail;
        if (status == HttpStatusCode.Unauthorized) message += $" (give a key with {Param.Ref("api_key")} or the VIGIL_API_KEY environment variable)";
        if (status == HttpStatusCode.Forbidden) message += " (the key's role may not do this)";
        var code = (int)status;
        return code is 400 or 413 or 415 or 422 or >= 500 ? VigilException.BadData(message) : VigilException.Usage(message);
    }

    /// <summary>The problem's detail and its field errors on one line; the raw text (shortened) when the body is not a problem.</summary>
    public static string Describe(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "";
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return Shorten(body);
            var root = doc.RootElement;
            var parts = new List<string>();
            var text = Text(root, "detail") ?? Text(root, "title");
            if (text is not null) parts.Add(text);
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var shown = 0;
                var total = errors.EnumerateObject().Count();
                foreach (var field in errors.EnumerateObject())
                {
                    if (shown == MaxFields)
                    {
                        parts.Add($"and {total - shown} more fields");
                        break;
                    }
                    shown++;
                    var messages = field.Value.ValueKind == JsonValueKind.Array
                        ? string.Join("; ", field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString() : m.GetRawText()))
                        : field.Value.ToString();
                    var entry = $"{field.Name}: {messages}";
                    if (!parts.Contains(entry, StringComparer.Ordinal)) parts.Add(entry);
                }
            }
            var single = Text(root, "field");
            if (single is not null && !parts.Any(p => p.Contains(single, StringComparison.Ordinal))) parts.Add($"field {single}");
            return parts.Count == 0 ? Shorten(body) : OneLine(string.Join("; ", parts));
        }
        catch (JsonException)
        {
            return Shorten(body);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static string Shorten(string body)
    {
        var line = OneLine(body);
        return line.Length <= 300 ? line : line[..300] + "...";
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string Reason(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.RequestEntityTooLarge => "Content Too Large",
        HttpStatusCode.UnsupportedMediaType => "Unsupported Media Type",
        HttpStatusCode.UnprocessableEntity => "Unprocessable Content",
        HttpStatusCode.TooManyRequests => "Too Many Requests",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        _ => status.ToString(),
    };
}
