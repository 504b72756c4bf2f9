using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Vigil.Core;

namespace Vigil.Service.Http;

/// <summary>
/// Turns an exception that escaped an endpoint into problem details: an expected failure (<see cref="VigilException"/>)
/// with its one-line message and the field it names; a too-large or malformed request with its status; anything else a
/// 500 with the trace id only (no message, stack trace or body, which could carry data). A 500 is logged with the trace
/// id, the exception's type and its stack trace, never its message (a parser's message may quote the body).
/// </summary>
internal sealed partial class ExceptionProblems(IProblemDetailsService problems, ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails details;
        switch (exception)
        {
            case VigilException v:
                details = Problems.Details(StatusCodes.Status400BadRequest, v.Message);
                if ((v.Parameter ?? v.Column) is { } field) details.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [v.Message] };
                break;
            case BadHttpRequestException b:
                details = Problems.Details(b.StatusCode, b.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "the request body is larger than the service accepts (limits.max_request_bytes)"
                    : "the request could not be read");
                break;
            default:
                LogUnexpected(logger, httpContext.TraceIdentifier, httpContext.Request.Method, httpContext.Request.Path.Value ?? "",
                    exception.GetType().FullName ?? "exception", exception.StackTrace ?? "");
                details = Problems.Details(StatusCodes.Status500InternalServerError, "an unexpected error occurred; the service log has the trace id");
                details.Title = "Internal error";
                break;
        }
        details.Extensions["trace_id"] = httpContext.TraceIdentifier;
        httpContext.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "unexpected {ExceptionType} (trace {TraceId}) in {Method} {Path}; a bug: {StackTrace}")]
    private static partial void LogUnexpected(ILogger logger, string traceId, string method, string path, string exceptionType, string stackTrace);
}
