using System.Globalization;
using Vigil.Core;

namespace Vigil.Application.Monitoring;

/// <summary>Reads the times of a period (--from, --to): ISO 8601, a date alone meaning its midnight, no offset meaning UTC.</summary>
public static class MonitorTime
{
    /// <summary>The time, or null for null text; anything unreadable is a usage error naming <paramref name="parameter"/>.</summary>
    public static DateTimeOffset? Parse(string? text, string parameter)
    {
        if (text is null) return null;
        var v = text.Trim();
        if (DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return t;
        throw VigilException.Option(parameter, $"'{text}': expected an ISO 8601 date or time, e.g. 2026-03-01 or 2026-03-01T06:00:00Z");
    }

    /// <summary>A period's bounds checked together: the end after the start.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) Period(string? from, string? to)
    {
        var f = Parse(from, "from");
        var t = Parse(to, "to");
        if (f is { } a && t is { } b && b <= a) throw VigilException.Option("to", $"{to}: must be after {Param.Ref("from")} {from}");
        return (f, t);
    }
}
