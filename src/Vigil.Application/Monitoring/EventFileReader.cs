using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vigil.Contracts.Monitoring;
using Vigil.Core;

namespace Vigil.Application.Monitoring;

/// <summary>The layout of a pushed file, told by its first non-blank character.</summary>
public enum EventFileFormat
{
    /// <summary>'[': a JSON array of events.</summary>
    JsonArray,

    /// <summary>'{': one JSON event per line (application/x-ndjson).</summary>
    Ndjson,

    /// <summary>Anything else: a CSV with a header line (docs/service.md, "Command line").</summary>
    Csv,
}

/// <summary>
/// Reads the events of a pushed file one at a time, in file order, whatever its layout: a JSON array, NDJSON, or a CSV
/// whose columns are the contract's snake_case names (predictions: event_id, model, model_version, time, encounter,
/// patient, site, unit, score, alert, suggestion and one column per protected attribute and per watched feature;
/// actions: event_id, prediction_id, time, action, reason, seconds_to_action; outcomes: event_id, encounter, kind,
/// time). Times are ISO 8601 (a time without an offset is UTC). A malformed event stops the read with the file, line
/// and field named; nothing is guessed.
/// </summary>
public static class EventFileReader
{
    /// <summary>The file's layout, from its first non-blank character.</summary>
    public static EventFileFormat Detect(string path)
    {
        using var reader = Open(path);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (char.IsWhiteSpace((char)c) || c == '\uFEFF') continue;
            return c == '[' ? EventFileFormat.JsonArray : c == '{' ? EventFileFormat.Ndjson : EventFileFormat.Csv;
        }
        throw VigilException.BadData($"{path}: the file is empty");
    }

    /// <summary>The predictions of a file; <paramref name="columns"/> maps a CSV's columns (unused for JSON).</summary>
    public static IAsyncEnumerable<PredictionEvent> Predictions(string path, PredictionColumns columns, Action<string>? note = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return Detect(path) switch
        {
            EventFileFormat.Csv => ToAsync(PredictionsCsv(path, columns, note)),
            var f => Json(path, f, MonitoringJsonContext.Default.PredictionEvent, ct),
        };
    }

    /// <summary>The clinician actions of a file.</summary>
    public static IAsyncEnumerable<ActionEvent> Actions(string path, Action<string>? note = null, CancellationToken ct = default) => Detect(path) switch
    {
        EventFileFormat.Csv => ToAsync(ActionsCsv(path, note)),
        var f => Json(path, f, MonitoringJsonContext.Default.ActionEvent, ct),
    };

    /// <summary>The outcomes of a file.</summary>
    public static IAsyncEnumerable<OutcomeEvent> Outcomes(string path, Action<string>? note = null, CancellationToken ct = default) => Detect(path) switch
    {
        EventFileFormat.Csv => ToAsync(OutcomesCsv(path, note)),
        var f => Json(path, f, MonitoringJsonContext.Default.OutcomeEvent, ct),
    };

    // ---- JSON ------------------------------------------------------------------------------------------------

    private static async IAsyncEnumerable<T> Json<T>(string path, EventFileFormat format, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken ct)
    {
        if (format == EventFileFormat.JsonArray)
        {
            await using var stream = File.OpenRead(path);
            var items = JsonSerializer.DeserializeAsyncEnumerable(stream, type, ct).ConfigureAwait(false);
            await using var e = items.GetAsyncEnumerator();
            long index = 0;
            while (true)
            {
                T? item;
                try
                {
                    if (!await e.MoveNextAsync()) yield break;
                    item = e.Current;
                }
                catch (JsonException x)
                {
                    throw VigilException.BadData($"{path}: line {(x.LineNumber ?? 0) + 1}: event [{index}] {Explain(x)}");
                }
                yield return item ?? throw VigilException.BadData($"{path}: event [{index}] is null");
                index++;
            }
        }

        using var reader = Open(path);
        long line = 0;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            T? item;
            try
            {
                item = JsonSerializer.Deserialize(text, type);
            }
            catch (JsonException x)
            {
                throw VigilException.BadData($"{path}: line {line}: {Explain(x)}");
            }
            yield return item ?? throw VigilException.BadData($"{path}: line {line}: the event is null");
        }
    }

    private static string Explain(JsonException x) =>
        x.Path is { Length: > 1 } p ? $"{p.TrimStart('$', '.')}: {FirstSentence(x.Message)}" : FirstSentence(x.Message);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    // ---- CSV -------------------------------------------------------------------------------------------------

    private static readonly string[] PredictionFixed = ["event_id", "model", "model_version", "time", "encounter", "patient", "site", "unit", "score", "alert", "suggestion"];

    private static IEnumerable<PredictionEvent> PredictionsCsv(string path, PredictionColumns columns, Action<string>? note)
    {
        using var reader = Open(path);
        var csv = new CsvRecordReader(reader, path);
        var header = Header(csv, path);
        var at = Index(header, path);
        int eventId = Require(at, "event_id", path), time = Require(at, "time", path), encounter = Require(at, "encounter", path),
            patient = Require(at, "patient", path), score = Require(at, "score", path);
        int model = columns.Model is null ? Require(at, "model", path) : Optional(at, "model");
        int version = columns.ModelVersion is null ? Require(at, "model_version", path) : Optional(at, "model_version");
        int alert = columns.Threshold is null ? Require(at, "alert", path) : Optional(at, "alert");
        int site = Optional(at, "site"), unit = Optional(at, "unit"), suggestion = Optional(at, "suggestion");
        var protectedAt = columns.Protected.Select(p => (Name: p, At: Require(at, p, path, "a protected attribute"))).ToArray();
        var featureAt = columns.Features.Select(f => (Name: f, At: Optional(at, f))).ToArray();
        foreach (var missing in featureAt.Where(f => f.At < 0)) note?.Invoke($"{path}: no column {missing.Name}: the watched feature is missing in every event");
        var known = new HashSet<string>(PredictionFixed.Concat(columns.Protected).Concat(columns.Features), StringComparer.Ordinal);
        var ignored = header.Where(h => !known.Contains(h)).ToList();
        if (ignored.Count > 0) note?.Invoke($"{path}: ignored columns not in the registration: {string.Join(", ", ignored)}");

        while (csv.Read() is { } row)
        {
            var line = csv.RecordLine;
            Width(row, header.Count, path, line);
            var s = Number(row[score], "score", path, line) ?? throw Field(path, line, "score", "is empty");
            var protectedValues = new Dictionary<string, string>(protectedAt.Length, StringComparer.Ordinal);
            foreach (var (name, i) in protectedAt)
            {
                var v = row[i].Trim();
                if (v.Length > 0 && v != "?") protectedValues[name] = v;
            }
            Dictionary<string, double?>? features = null;
            if (featureAt.Length > 0)
            {
                features = new Dictionary<string, double?>(featureAt.Length, StringComparer.Ordinal);
                foreach (var (name, i) in featureAt) features[name] = i < 0 ? null : Number(row[i], name, path, line);
            }
            yield return new PredictionEvent(
                Text(row, eventId, "event_id", path, line),
                model >= 0 && row[model].Trim().Length > 0 ? row[model].Trim() : columns.Model ?? throw Field(path, line, "model", "is empty"),
                version >= 0 && row[version].Trim().Length > 0 ? row[version].Trim() : columns.ModelVersion ?? throw Field(path, line, "model_version", "is empty"),
                Time(row[time], "time", path, line),
                Text(row, encounter, "encounter", path, line),
                Text(row, patient, "patient", path, line),
                OptionalText(row, site),
                OptionalText(row, unit),
                protectedValues,
                features,
                s,
                alert >= 0 && row[alert].Trim().Length > 0 ? Bool(row[alert], "alert", path, line) : s >= (columns.Threshold ?? throw Field(path, line, "alert", "is empty")),
                OptionalText(row, suggestion));
        }
    }

    private static IEnumerable<ActionEvent> ActionsCsv(string path, Action<string>? note)
    {
        using var reader = Open(path);
        var csv = new CsvRecordReader(reader, path);
        var header = Header(csv, path);
        var at = Index(header, path);
        int eventId = Require(at, "event_id", path), prediction = Require(at, "prediction_id", path), time = Require(at, "time", path),
            action = Require(at, "action", path), reason = Optional(at, "reason"), seconds = Optional(at, "seconds_to_action");
        NoteIgnored(header, ["event_id", "prediction_id", "time", "action", "reason", "seconds_to_action"], path, note);
        while (csv.Read() is { } row)
        {
            var line = csv.RecordLine;
            Width(row, header.Count, path, line);
            var a = row[action].Trim();
            if (!Enum.TryParse<ClinicianAction>(a, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || a.Any(char.IsDigit))
                throw Field(path, line, "action", $"'{a}': expected accepted, overridden or ignored");
            yield return new ActionEvent(
                Text(row, eventId, "event_id", path, line),
                Text(row, prediction, "prediction_id", path, line),
                Time(row[time], "time", path, line),
                parsed,
                OptionalText(row, reason),
                seconds >= 0 ? Number(row[seconds], "seconds_to_action", path, line) : null);
        }
    }

    private static IEnumerable<OutcomeEvent> OutcomesCsv(string path, Action<string>? note)
    {
        using var reader = Open(path);
        var csv = new CsvRecordReader(reader, path);
        var header = Header(csv, path);
        var at = Index(header, path);
        int eventId = Require(at, "event_id", path), encounter = Require(at, "encounter", path), kind = Require(at, "kind", path), time = Require(at, "time", path);
        NoteIgnored(header, ["event_id", "encounter", "kind", "time"], path, note);
        while (csv.Read() is { } row)
        {
            var line = csv.RecordLine;
            Width(row, header.Count, path, line);
            yield return new OutcomeEvent(
                Text(row, eventId, "event_id", path, line),
                Text(row, encounter, "encounter", path, line),
                Text(row, kind, "kind", path, line),
                Time(row[time], "time", path, line));
        }
    }

    // ---- field parsing ---------------------------------------------------------------------------------------

    private static StreamReader Open(string path)
    {
        try
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VigilException.Usage($"{path}: cannot read the file: {e.Message}");
        }
    }

    private static IReadOnlyList<string> Header(CsvRecordReader csv, string path) =>
        csv.ReadHeader() ?? throw VigilException.BadData($"{path}: the file is empty");

    private static Dictionary<string, int> Index(IReadOnlyList<string> header, string path)
    {
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (!at.TryAdd(header[i], i)) throw VigilException.BadData($"{path}: column {header[i]} appears twice");
        }
        return at;
    }

    private static int Require(Dictionary<string, int> at, string column, string path, string what = "a required column") =>
        at.TryGetValue(column, out var i) ? i : throw new VigilException(FailureKind.Data, $"{path}: no column {column} ({what}; docs/service.md lists the columns)") { Column = column };

    private static int Optional(Dictionary<string, int> at, string column) => at.TryGetValue(column, out var i) ? i : -1;

    private static void NoteIgnored(IReadOnlyList<string> header, string[] known, string path, Action<string>? note)
    {
        var ignored = header.Where(h => !known.Contains(h, StringComparer.Ordinal)).ToList();
        if (ignored.Count > 0) note?.Invoke($"{path}: ignored columns: {string.Join(", ", ignored)}");
    }

    private static void Width(List<string> row, int width, string path, long line)
    {
        if (row.Count != width) throw VigilException.BadData($"{path}: line {line}: {row.Count} fields, the header has {width}");
    }

    private static string Text(List<string> row, int i, string field, string path, long line)
    {
        var v = row[i].Trim();
        return v.Length > 0 ? v : throw Field(path, line, field, "is empty");
    }

    private static string? OptionalText(List<string> row, int i) => i >= 0 && row[i].Trim() is { Length: > 0 } v ? v : null;

    private static double? Number(string text, string field, string path, long line)
    {
        var v = text.Trim();
        if (v.Length == 0 || v == "?" || v.Equals("NA", StringComparison.OrdinalIgnoreCase)) return null;
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
            throw Field(path, line, field, $"'{v}': expected a number");
        return d;
    }

    private static bool Bool(string text, string field, string path, long line) => text.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" => true,
        "0" or "false" or "no" => false,
        var v => throw Field(path, line, field, $"'{v}': expected 1/0, true/false or yes/no"),
    };

    private static DateTimeOffset Time(string text, string field, string path, long line)
    {
        var v = text.Trim();
        return DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw Field(path, line, field, $"'{v}': expected an ISO 8601 time, e.g. 2026-03-01T14:00:00Z");
    }

    private static VigilException Field(string path, long line, string field, string message) =>
        new(FailureKind.Data, $"{path}: line {line}: {field} {message}") { Column = field };

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items) yield return item;
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
