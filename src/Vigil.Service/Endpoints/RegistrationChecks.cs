using System.Globalization;
using Vigil.Contracts.Monitoring;
using Vigil.Core;

namespace Vigil.Service.Endpoints;

/// <summary>
/// What the service itself needs of a registration before storing it: a known schema, ids and names it can key on,
/// increasing band edges, finite outcome windows and absolute http(s) webhook addresses. Each failure names the field.
/// </summary>
internal static class RegistrationChecks
{
    public static void Validate(ModelRegistration r)
    {
        if (r.Schema != ModelRegistration.SchemaName)
            throw VigilException.Option("schema", $"'{r.Schema}': expected {ModelRegistration.SchemaName}");
        Name("id", r.Id);
        Name("version", r.Version);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < r.Protected.Count; i++)
        {
            var p = r.Protected[i];
            Name($"protected[{i}].name", p.Name);
            if (!seen.Add(p.Name)) throw VigilException.Option($"protected[{i}].name", $"'{p.Name}' is listed twice");
            if (p.Bands is { } bands)
                for (var b = 0; b < bands.Count; b++)
                    if (!double.IsFinite(bands[b]) || (b > 0 && bands[b] <= bands[b - 1]))
                        throw VigilException.Option($"protected[{i}].bands", "band edges must be finite and increase");
        }
        for (var i = 0; i < r.WatchedFeatures.Count; i++) Name($"watched_features[{i}]", r.WatchedFeatures[i]);
        if (!(r.Threshold is >= 0 and <= 1)) throw VigilException.Option("threshold", "expected a number in [0, 1]");
        if (!(r.Outcome.WindowHours > 0 && r.Outcome.WindowHours <= 24 * 366))
            throw VigilException.Option("outcome.window_hours", "expected hours in (0, 8784]");
        if (!(r.Outcome.LabelDelayHours >= 0 && r.Outcome.LabelDelayHours <= 24 * 366))
            throw VigilException.Option("outcome.label_delay_hours", "expected hours in [0, 8784]");
        Name("outcome.positive_kind", r.Outcome.PositiveKind);
        if (r.MinCell < 1) throw VigilException.Option("min_cell", "expected a whole number of at least 1");
        if (!(r.Monitors.LookbackHours > 0)) throw VigilException.Option("monitors.lookback_hours", "expected a positive number of hours");
        if (!(r.Monitors.Confidence is > 0.5 and < 1)) throw VigilException.Option("monitors.confidence", "expected a level in (0.5, 1)");
        for (var i = 0; i < r.Monitors.Webhooks.Count; i++)
            if (!Uri.TryCreate(r.Monitors.Webhooks[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw VigilException.Option($"monitors.webhooks[{i}]", "expected an absolute http or https address");
    }

    private static void Name(string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 128 || value.Any(char.IsControl))
            throw VigilException.Option(field, string.Create(CultureInfo.InvariantCulture, $"expected 1 to 128 characters without control characters"));
    }
}
