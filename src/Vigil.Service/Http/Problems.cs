using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Vigil.Service.Http;

/// <summary>RFC 7807 problem details of the service: a title per status, a detail sentence, and for invalid input an "errors" map keyed by JSON path.</summary>
internal static class Problems
{
    /// <summary>A problem with one sentence of detail.</summary>
    public static IResult Of(int status, string detail, string? title = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title ?? TitleOf(status));

    /// <summary>Invalid input: every failing field by path ("[3].score") with what was expected.</summary>
    public static IResult Invalid(int status, string detail, IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, detail: detail, statusCode: status, title: TitleOf(status));

    /// <summary>One failing field.</summary>
    public static IResult Field(int status, string path, string message) =>
        Invalid(status, $"{path}: {message}", new Dictionary<string, string[]>(StringComparer.Ordinal) { [path] = [message] });

    public static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status401Unauthorized => "Authentication required",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "Request too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        StatusCodes.Status422UnprocessableEntity => "Invalid events",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        StatusCodes.Status503ServiceUnavailable => "Not ready",
        _ => "Error",
    };

    /// <summary>The detail of a problem the framework raised without one (routing's 404, 405 and 415): every problem says what to do.</summary>
    public static string DefaultDetail(int? status) => status switch
    {
        StatusCodes.Status404NotFound => "no such endpoint; the endpoints are listed in /openapi/v1.json",
        StatusCodes.Status405MethodNotAllowed => "this endpoint does not take this method; see /openapi/v1.json",
        StatusCodes.Status415UnsupportedMediaType => "expected Content-Type application/json (the event endpoints also take application/x-ndjson); see /openapi/v1.json",
        { } s => TitleOf(s),
        null => "error",
    };

    /// <summary>A bare <see cref="ProblemDetails"/> for middleware that writes through IProblemDetailsService.</summary>
    public static ProblemDetails Details(int status, string detail) => new() { Status = status, Title = TitleOf(status), Detail = detail };
}
