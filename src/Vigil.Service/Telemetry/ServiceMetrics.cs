using System.Diagnostics.Metrics;

namespace Vigil.Service.Telemetry;

/// <summary>
/// The service's own OpenTelemetry instruments (meter "Vigil.Service", exported at /metrics in Prometheus format):
/// events ingested and duplicates by kind, requests rejected by reason, alerts raised, and how long an evaluation took.
/// Counts are per process; the database holds the exact totals across replicas.
/// </summary>
internal sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "Vigil.Service";

    private readonly Meter _meter;
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _alerts;
    private readonly Histogram<double> _evaluation;

    public ServiceMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _ingested = _meter.CreateCounter<long>("vigil.ingest.events", "{event}", "Events newly stored, by kind (prediction, action, outcome).");
        _duplicates = _meter.CreateCounter<long>("vigil.ingest.duplicates", "{event}", "Events whose id was already stored (counted once).");
        _rejected = _meter.CreateCounter<long>("vigil.requests.rejected", "{request}", "Requests refused, by reason (unauthenticated, forbidden, invalid, too_large, rate_limited).");
        _alerts = _meter.CreateCounter<long>("vigil.alerts.raised", "{alert}", "New alerts opened by the monitors.");
        _evaluation = _meter.CreateHistogram<double>("vigil.evaluation.duration", "s", "Duration of one maturity and monitor run over every model.");
    }

    public void Ingested(string kind, int accepted, int duplicates)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        _ingested.Add(accepted, tag);
        _duplicates.Add(duplicates, tag);
    }

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void AlertsRaised(int count) => _alerts.Add(count);

    public void Evaluated(TimeSpan duration) => _evaluation.Record(duration.TotalSeconds);

    public void Dispose() => _meter.Dispose();
}
