using System.Globalization;
using Vigil.Contracts.Monitoring;
using Vigil.Core;

namespace Vigil.Application.Monitoring;

/// <summary>
/// The options of `vigil monitor push`: the file, what it holds, the batch size, and for a predictions CSV the model
/// and version of rows without those columns and the protected and feature columns (null: the registration's).
/// </summary>
/// <param name="File">The events: a JSON array, NDJSON or a CSV (<see cref="EventFileReader"/>).</param>
/// <param name="Kind">Predictions, actions or outcomes.</param>
/// <param name="BatchSize">Events per request (the service accepts at most <see cref="PushJob.MaxBatch"/>).</param>
public sealed record PushOptions(string File, EventKind Kind, int BatchSize = PushJob.DefaultBatch)
{
    /// <summary>Model id of CSV rows without a model column; also picks the registration whose columns a predictions CSV has.</summary>
    public string? Model { get; init; }

    /// <summary>Model version of CSV rows without a model_version column.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>Protected attribute columns of a predictions CSV (null: the registration's).</summary>
    public IReadOnlyList<string>? Protected { get; init; }

    /// <summary>Watched feature columns of a predictions CSV (null: the registration's).</summary>
    public IReadOnlyList<string>? Features { get; init; }
}

/// <summary>What a push did: events read, requests sent, events the service stored as new, and repeats it recognised.</summary>
public sealed record PushResult(long Events, int Batches, long Accepted, long Duplicates);

/// <summary>
/// `vigil monitor push` as a job: reads the file's events in order and posts them in batches (default 500), each
/// retried by the client on network errors and 5xx with backoff (safe: ingest is idempotent by event id, so a batch
/// that landed before its answer was lost counts as duplicates the second time). A batch the service refuses stops
/// the push with its one-line problem; the batches before it are stored and a re-run only adds what is missing.
/// </summary>
public static class PushJob
{
    /// <summary>Default events per request.</summary>
    public const int DefaultBatch = 500;

    /// <summary>The service's limit of events per request.</summary>
    public const int MaxBatch = 10_000;

    public static async Task<PushResult> RunAsync(MonitorClient client, PushOptions options, IJobProgress progress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (options.BatchSize is < 1 or > MaxBatch) throw VigilException.Option("batch_size", $"{options.BatchSize}: expected 1 to {MaxBatch}");
        if (!File.Exists(options.File)) throw VigilException.Usage($"{options.File}: no such file");
        var counter = new Counter(progress, EventKinds.Name(options.Kind));
        switch (options.Kind)
        {
            case EventKind.Predictions:
                var columns = await ColumnsAsync(client, options, ct).ConfigureAwait(false);
                await SendAsync(EventFileReader.Predictions(options.File, columns, progress.Note, ct), b => client.PushPredictionsAsync(b, ct), options.BatchSize, counter, ct).ConfigureAwait(false);
                break;
            case EventKind.Actions:
                await SendAsync(EventFileReader.Actions(options.File, progress.Note, ct), b => client.PushActionsAsync(b, ct), options.BatchSize, counter, ct).ConfigureAwait(false);
                break;
            case EventKind.Outcomes:
                await SendAsync(EventFileReader.Outcomes(options.File, progress.Note, ct), b => client.PushOutcomesAsync(b, ct), options.BatchSize, counter, ct).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown event kind");
        }
        return new PushResult(counter.Events, counter.Batches, counter.Accepted, counter.Duplicates);
    }

    private static async Task SendAsync<T>(IAsyncEnumerable<T> events, Func<List<T>, Task<IngestResult>> post, int batchSize, Counter counter, CancellationToken ct)
    {
        var batch = new List<T>(batchSize);
        await foreach (var e in events.WithCancellation(ct).ConfigureAwait(false))
        {
            batch.Add(e);
            if (batch.Count < batchSize) continue;
            counter.Add(batch.Count, await post(batch).ConfigureAwait(false));
            batch = new List<T>(batchSize);
        }
        if (batch.Count > 0) counter.Add(batch.Count, await post(batch).ConfigureAwait(false));
    }

    /// <summary>
    /// The columns of a predictions CSV: the options' when given, else the registration's (the model of --model-id or of
    /// the first row, the version of --model-version or of the first row, else the newest). JSON files need none.
    /// </summary>
    private static async Task<PredictionColumns> ColumnsAsync(MonitorClient client, PushOptions options, CancellationToken ct)
    {
        if (EventFileReader.Detect(options.File) != EventFileFormat.Csv) return new PredictionColumns([], [], options.Model, options.ModelVersion);
        if (options.Protected is not null && options.Features is not null)
            return new PredictionColumns(options.Protected, options.Features, options.Model, options.ModelVersion);
        var (firstModel, firstVersion) = FirstRowModel(options.File);
        var model = options.Model ?? firstModel
            ?? throw VigilException.Option("model_id", $"{options.File} has no model column: give the model with {Param.Ref("model_id")}");
        var version = options.ModelVersion ?? firstVersion;
        List<ModelRegistration> registrations;
        try
        {
            registrations = await client.ListModelsAsync(ct).ConfigureAwait(false);
        }
        catch (VigilException e) when (e.Message.Contains(" 403 ", StringComparison.Ordinal))
        {
            throw VigilException.Option("protected",
                $"{options.File} is a CSV, and this key may not read the registration that says which columns are protected attributes and features (an ingest key cannot): give them with {Param.Ref("protected")} and {Param.Ref("features")}");
        }
        var candidates = registrations.Where(r => r.Id == model && (version is null || r.Version == version)).ToList();
        if (candidates.Count == 0)
            throw VigilException.Option("model_id", $"'{model}'{(version is null ? "" : $" version {version}")} is not registered at the service (register it with vigil monitor register)");
        var registration = candidates[^1];
        return new PredictionColumns(
            options.Protected ?? [.. registration.Protected.Select(p => p.Name)],
            options.Features ?? registration.WatchedFeatures,
            options.Model,
            options.ModelVersion,
            registration.Threshold);
    }

    private static (string? Model, string? Version) FirstRowModel(string path)
    {
        using var reader = new StreamReader(path);
        var csv = new CsvRecordReader(reader, path);
        var header = csv.ReadHeader();
        if (header is null || csv.Read() is not { } row || row.Count != header.Count) return (null, null);
        var m = IndexOf(header, "model");
        var v = IndexOf(header, "model_version");
        return (m >= 0 && row[m].Trim().Length > 0 ? row[m].Trim() : null, v >= 0 && row[v].Trim().Length > 0 ? row[v].Trim() : null);
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == name) return i;
        }
        return -1;
    }

    /// <summary>Running totals, reported after every batch.</summary>
    private sealed class Counter(IJobProgress progress, string kind)
    {
        public long Events { get; private set; }

        public int Batches { get; private set; }

        public long Accepted { get; private set; }

        public long Duplicates { get; private set; }

        public void Add(int events, IngestResult result)
        {
            Events += events;
            Batches++;
            Accepted += result.Accepted;
            Duplicates += result.Duplicates;
            progress.Report(string.Create(CultureInfo.InvariantCulture,
                $"{kind}: {Events:N0} sent in {Batches:N0} batches, {Accepted:N0} accepted, {Duplicates:N0} duplicates"));
        }
    }
}
