using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Vigil.Service.Http;

/// <summary>The ?from=&amp;to= of a status or audit request: ISO-8601 times with an offset; to defaults to now, from to the registration's lookback before it.</summary>
internal static class QueryPeriod
{
    /// <summary>The period, or a 400 problem naming the parameter.</summary>
    public static (DateTimeOffset From, DateTimeOffset To, IResult? Problem) Parse(string? from, string? to, DateTimeOffset now, double lookbackHours)
    {
        DateTimeOffset end = now, start;
        if (to is not null && !TryParse(to, out end))
            return (default, default, Problems.Field(StatusCodes.Status400BadRequest, "to", "expected an ISO-8601 time with an offset, e.g. 2026-03-01T00:00:00Z"));
        if (from is null) start = end - TimeSpan.FromHours(lookbackHours);
        else if (!TryParse(from, out start))
            return (default, default, Problems.Field(StatusCodes.Status400BadRequest, "from", "expected an ISO-8601 time with an offset, e.g. 2026-02-01T00:00:00Z"));
        if (start >= end)
            return (default, default, Problems.Field(StatusCodes.Status400BadRequest, "from", "must be before 'to'"));
        return (start, end, null);
    }

    private static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value)
        && text.Length >= 10;
}
