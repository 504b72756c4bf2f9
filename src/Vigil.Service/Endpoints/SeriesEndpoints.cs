using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Estimation;
using Vigil.Monitoring.Monitors;
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
/// aligned to UTC midnight (day) or the hour; at most <see cref="MaxBuckets"/> per request; a bucket that ends after now is
/// marked <c>partial</c> (the dashboard does not label a line with it). Written to the audit trail as an export.
/// <para>
/// GET /v1/models/{id}/drift?version=&amp;from=&amp;to=&amp;bucket=day|hour (viewer): the drift heat map's data, the population
/// stability index of every watched feature and of the score per bucket against the registration's reference
/// (<see cref="PopulationStability"/>: the same PSI the drift monitor judges the whole period with), with the bucket's
/// non-missing values n. PSI is null when n is below min(drift.min_rows, <see cref="MinValuesPerCell"/>): the expected PSI
/// of an unchanged population is about (bins − 1)/n (0.045 at 200 values over 10 bins), so a day of a few values would
/// show noise as drift.
/// No counts of patients are returned (values per feature only).
/// </para>
/// </summary>
internal static class SeriesEndpoints
{
    /// <summary>The most buckets one request may ask for (a year of days, or 15 days of hours).</summary>
    public const int MaxBuckets = 366;

    /// <summary>The fewest non-missing values a heat-map cell needs for its PSI (a sparsely measured lab such as lactate has a few hundred a day).</summary>
    public const int MinValuesPerCell = 200;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models/{id}/series", SeriesAsync).RequireAuthorization(ServicePolicies.Viewer).WithTags("status")
            .Produces<ModelSeries>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A model's status per day (or hour) over a period: the dashboard's time series");
        app.MapGet("/v1/models/{id}/drift", DriftAsync).RequireAuthorization(ServicePolicies.Viewer).WithTags("status")
            .Produces<DriftSeries>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("PSI of every watched feature and the score per day (or hour) against the reference: the dashboard's drift heat map");
    }

    /// <summary>The request's buckets, or the problem with it.</summary>
    private sealed record Buckets(ModelRegistration Registration, DateTimeOffset Start, DateTimeOffset To, TimeSpan Step, int Count, DateTimeOffset Now)
    {
        public string Name => Step.TotalHours >= 24 ? "day" : "hour";

        public long StartMs => Start.ToUnixTimeMilliseconds();

        public int IndexOf(long hourMs) => (int)((hourMs - StartMs) / (long)Step.TotalMilliseconds);
    }

    private static async Task<(Buckets? Buckets, IResult? Problem)> ParseAsync(string id, string? version, string? from, string? to, string? bucket,
        IMonitorStore store, TimeProvider time, CancellationToken ct)
    {
        var step = (bucket ?? "day").ToLowerInvariant() switch
        {
            "day" => TimeSpan.FromDays(1),
            "hour" => TimeSpan.FromHours(1),
            _ => TimeSpan.Zero,
        };
        if (step == TimeSpan.Zero) return (null, Problems.Field(StatusCodes.Status400BadRequest, "bucket", $"'{bucket}': expected day or hour"));
        var registration = await store.GetModelAsync(id, version, ct);
        if (registration is null)
            return (null, Problems.Of(StatusCodes.Status404NotFound, version is null ? $"model '{id}' is not registered" : $"model '{id}' version '{version}' is not registered"));
        var now = time.GetUtcNow();
        var period = QueryPeriod.Parse(from, to, now, registration.Monitors.LookbackHours);
        if (period.Problem is not null) return (null, period.Problem);
        var start = Floor(period.From, step);
        var count = (int)Math.Ceiling((period.To - start) / step);
        if (count > MaxBuckets)
            return (null, Problems.Field(StatusCodes.Status400BadRequest, "from", $"the period has {count} {bucket ?? "day"} buckets; at most {MaxBuckets} per request"));
        return (new Buckets(registration, start, period.To, step, count, now), null);
    }

    private static async Task<IResult> SeriesAsync(string id, string? version, string? from, string? to, string? bucket, HttpContext ctx,
        IMonitorStore store, AuditTrailWriter audit, TimeProvider time)
    {
        var ct = ctx.RequestAborted;
        var (buckets, problem) = await ParseAsync(id, version, from, to, bucket, store, time, ct);
        if (buckets is null) return problem!;
        var (registration, start, step, count, now) = (buckets.Registration, buckets.Start, buckets.Step, buckets.Count, buckets.Now);
        var period = (From: start, buckets.To);

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
        var estimationRows = await StatusEstimation.ReadAsync(store, registration, cells, version, start.ToUnixTimeMilliseconds(), period.To.ToUnixTimeMilliseconds(), stepMs, ct);
        var estimationByBucket = estimationRows.ByBucket(startMs, stepMs, count);
        var points = new List<SeriesPoint>(count);
        for (var i = 0; i < count; i++)
        {
            var bucketFrom = start + step * i;
            var status = StatusBuilder.Build(registration, version, byBucket[i], bucketFrom, bucketFrom + step, [], now);
            var (overall, groups) = StatusEstimation.Attach(registration, status.Overall, status.Groups, estimationByBucket[i]);
            points.Add(new SeriesPoint(bucketFrom, bucketFrom + step, bucketFrom + step > now, overall, groups));
        }
        var periodText = string.Create(CultureInfo.InvariantCulture, $"{start:yyyy-MM-ddTHH:mm:ssZ}..{period.To:yyyy-MM-ddTHH:mm:ssZ}; bucket={(step.TotalHours >= 24 ? "day" : "hour")}");
        await audit.RecordAsync(ctx, "export.series", version is null ? id : $"{id}@{version}", periodText);
        var series = new ModelSeries(ModelSeries.SchemaName, id, version, start, period.To, step.TotalHours >= 24 ? "day" : "hour",
            registration.Monitors.Confidence, points);
        return Results.Json(series, SeriesJsonContext.Default.ModelSeries);
    }

    private static async Task<IResult> DriftAsync(string id, string? version, string? from, string? to, string? bucket, HttpContext ctx,
        IMonitorStore store, AuditTrailWriter audit, TimeProvider time)
    {
        var ct = ctx.RequestAborted;
        var (buckets, problem) = await ParseAsync(id, version, from, to, bucket, store, time, ct);
        if (buckets is null) return problem!;
        var registration = buckets.Registration;
        var reference = registration.Reference;
        var minRows = Math.Min(registration.Monitors.Drift?.MinRows ?? MinValuesPerCell, MinValuesPerCell);
        var bins = reference is null ? [] : await store.GetHourBinsAsync(id, version, buckets.StartMs, buckets.To.ToUnixTimeMilliseconds(), ct);
        var byBucket = new List<HourBin>[buckets.Count];
        for (var i = 0; i < buckets.Count; i++) byBucket[i] = [];
        foreach (var b in bins)
        {
            var index = buckets.IndexOf(b.HourMs);
            if (index >= 0 && index < buckets.Count) byBucket[index].Add(b);
        }
        var rows = new List<DriftRow>();
        if (reference is not null)
        {
            for (var f = 0; f < registration.WatchedFeatures.Count && f < reference.Features.Count; f++)
                rows.Add(Row(registration.WatchedFeatures[f], f, reference.Features[f], byBucket, minRows));
            rows.Add(Row("score", -1, reference.Score, byBucket, minRows));
        }
        var starts = new List<DateTimeOffset>(buckets.Count);
        var partial = new List<bool>(buckets.Count);
        for (var i = 0; i < buckets.Count; i++)
        {
            starts.Add(buckets.Start + buckets.Step * i);
            partial.Add(buckets.Start + buckets.Step * (i + 1) > buckets.Now);
        }
        var periodText = string.Create(CultureInfo.InvariantCulture, $"{buckets.Start:yyyy-MM-ddTHH:mm:ssZ}..{buckets.To:yyyy-MM-ddTHH:mm:ssZ}; bucket={buckets.Name}");
        await audit.RecordAsync(ctx, "export.drift", version is null ? id : $"{id}@{version}", periodText);
        var psiMax = registration.Monitors.Drift?.PsiMax;
        var series = new DriftSeries(DriftSeries.SchemaName, id, version, buckets.Start, buckets.To, buckets.Name, psiMax, minRows,
            reference is null ? "the registration has no reference profile" : null, starts, partial, rows);
        return Results.Json(series, SeriesJsonContext.Default.DriftSeries);
    }

    private static DriftRow Row(string name, int feature, ReferenceBins reference, List<HourBin>[] byBucket, int minRows)
    {
        var psi = new double?[byBucket.Length];
        var values = new long[byBucket.Length];
        for (var i = 0; i < byBucket.Length; i++)
        {
            var counts = DriftMonitorEvaluator.Counts(byBucket[i], feature, reference.Shares.Count);
            long n = 0;
            foreach (var c in counts) n += c;
            values[i] = n;
            psi[i] = n >= minRows ? PopulationStability.Index(counts, reference.Shares) : null;
        }
        return new DriftRow(name, psi, values);
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

/// <summary>One bucket: the overall group and every protected group, as in a status; partial when it ends after now.</summary>
internal sealed record SeriesPoint(DateTimeOffset From, DateTimeOffset To, bool Partial, GroupStatus Overall, IReadOnlyList<GroupStatus> Groups);

/// <summary>
/// PSI per watched feature (and the score) per bucket (vigil.drift-series/v1): Starts[i] is bucket i's start and
/// Partial[i] whether it ends after now; each row's Psi[i] is null when Values[i] &lt; MinRows.
/// </summary>
internal sealed record DriftSeries(string Schema, string Model, string? Version, DateTimeOffset From, DateTimeOffset To, string Bucket,
    double? PsiMax, int MinRows, string? Reason, IReadOnlyList<DateTimeOffset> Starts, IReadOnlyList<bool> Partial, IReadOnlyList<DriftRow> Rows)
{
    public const string SchemaName = "vigil.drift-series/v1";
}

/// <summary>One feature's PSI per bucket and the non-missing values behind each.</summary>
internal sealed record DriftRow(string Feature, IReadOnlyList<double?> Psi, IReadOnlyList<long> Values);

/// <summary>Source-generated JSON of the series, with the settings of every contract (snake_case, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ModelSeries))]
[JsonSerializable(typeof(DriftSeries))]
internal sealed partial class SeriesJsonContext : JsonSerializerContext;
