using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Estimation;
using Vigil.Monitoring.Status;
using Vigil.Monitoring.Store;
using Vigil.Service.Http;
using Vigil.Service.Security;

namespace Vigil.Service.Endpoints;

/// <summary>
/// GET /v1/models/{id}/series?version=&amp;from=&amp;to=&amp;bucket=day|hour (viewer): a model's status per time bucket, for
/// the dashboard's charts. Each bucket is exactly what GET /status returns for that bucket's period
/// (<see cref="StatusBuilder"/>: FNR, FPR, PPV, alert and override rates with Wilson intervals, label completeness, and the
/// same small-cell policy on every bucket's counts), so a chart can never show a count the status would hide. Buckets are
/// aligned to UTC midnight (day) or the hour; at most <see cref="MaxBuckets"/> per request. Written to the audit trail as an export.
/// </summary>
internal static class SeriesEndpoints
{
    /// <summary>The most buckets one request may ask for (a year of days, or 15 days of hours).</summary>
    public const int MaxBuckets = 366;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/models/{id}/series", SeriesAsync).RequireAuthorization(ServicePolicies.Viewer).WithTags("status")
            .Produces<ModelSeries>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A model's status per day (or hour) over a period: the dashboard's time series");

    private static async Task<IResult> SeriesAsync(string id, string? version, string? from, string? to, string? bucket, HttpContext ctx,
        IMonitorStore store, AuditTrailWriter audit, TimeProvider time)
    {
        var ct = ctx.RequestAborted;
        var step = (bucket ?? "day").ToLowerInvariant() switch
        {
            "day" => TimeSpan.FromDays(1),
            "hour" => TimeSpan.FromHours(1),
            _ => TimeSpan.Zero,
        };
        if (step == TimeSpan.Zero) return Problems.Field(StatusCodes.Status400BadRequest, "bucket", $"'{bucket}': expected day or hour");
        var registration = await store.GetModelAsync(id, version, ct);
        if (registration is null)
            return Problems.Of(StatusCodes.Status404NotFound, version is null ? $"model '{id}' is not registered" : $"model '{id}' version '{version}' is not registered");
        var now = time.GetUtcNow();
        var period = QueryPeriod.Parse(from, to, now, registration.Monitors.LookbackHours);
        if (period.Problem is not null) return period.Problem;
        var start = Floor(period.From, step);
        var count = (int)Math.Ceiling((period.To - start) / step);
        if (count > MaxBuckets)
            return Problems.Field(StatusCodes.Status400BadRequest, "from", $"the period has {count} {bucket ?? "day"} buckets; at most {MaxBuckets} per request");

        var cells = await store.GetHourCellsAsync(id, version, start.ToUnixTimeMilliseconds(), period.To.ToUnixTimeMilliseconds(), ct);
        var byBucket = new List<HourCell>[count];
        for (var i = 0; i < count; i++) byBucket[i] = [];
        var startMs = start.ToUnixTimeMilliseconds();
        var stepMs = (long)step.TotalMilliseconds;
        foreach (var cell in cells)
        {
            var index = (int)((cell.HourMs - startMs) / stepMs);
            if (index >= 0 && index < count) byBucket[index].Add(cell);
        }
        var estimationRows = await StatusEstimation.ReadAsync(store, id, version, start.ToUnixTimeMilliseconds(), period.To.ToUnixTimeMilliseconds(), ct);
        var points = new List<SeriesPoint>(count);
        for (var i = 0; i < count; i++)
        {
            var bucketFrom = start + step * i;
            var status = StatusBuilder.Build(registration, version, byBucket[i], bucketFrom, bucketFrom + step, [], now);
            var (overall, groups) = StatusEstimation.Attach(registration, status.Overall, status.Groups,
                estimationRows.Within(bucketFrom.ToUnixTimeMilliseconds(), (bucketFrom + step).ToUnixTimeMilliseconds()));
            points.Add(new SeriesPoint(bucketFrom, bucketFrom + step, overall, groups));
        }
        var periodText = string.Create(CultureInfo.InvariantCulture, $"{start:yyyy-MM-ddTHH:mm:ssZ}..{period.To:yyyy-MM-ddTHH:mm:ssZ}; bucket={(step.TotalHours >= 24 ? "day" : "hour")}");
        await audit.RecordAsync(ctx, "export.series", version is null ? id : $"{id}@{version}", periodText);
        var series = new ModelSeries(ModelSeries.SchemaName, id, version, start, period.To, step.TotalHours >= 24 ? "day" : "hour",
            registration.Monitors.Confidence, points);
        return Results.Json(series, SeriesJsonContext.Default.ModelSeries);
    }

    /// <summary>The start of the bucket holding <paramref name="t"/> (UTC midnight or the hour).</summary>
    private static DateTimeOffset Floor(DateTimeOffset t, TimeSpan step)
    {
        var utc = t.ToUniversalTime();
        return step.TotalHours >= 24
            ? new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}

/// <summary>A model's status per bucket (vigil.monitor-series/v1): each point is the status of [from, to) without its alerts.</summary>
internal sealed record ModelSeries(string Schema, string Model, string? Version, DateTimeOffset From, DateTimeOffset To, string Bucket,
    double Confidence, IReadOnlyList<SeriesPoint> Points)
{
    public const string SchemaName = "vigil.monitor-series/v1";
}

/// <summary>One bucket: the overall group and every protected group, as in a status.</summary>
internal sealed record SeriesPoint(DateTimeOffset From, DateTimeOffset To, GroupStatus Overall, IReadOnlyList<GroupStatus> Groups);

/// <summary>Source-generated JSON of the series, with the settings of every contract (snake_case, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ModelSeries))]
internal sealed partial class SeriesJsonContext : JsonSerializerContext;
