using System.Text.Json;

namespace Vigil.Service.Ingest;

/// <summary>
/// An ingest request's events, parsed from a JSON array or NDJSON (one object per line, blank lines skipped); event
/// i's fields are reported at path "[i]" in either form. Holds the parsed documents until disposed; the documents read
/// the body in place (no copy), so the body's buffer must outlive this batch.
/// </summary>
internal sealed class EventBatch : IDisposable
{
    private readonly List<JsonDocument> _documents = [];

    private EventBatch() { }

    public List<JsonElement> Items { get; } = [];

    /// <summary>Why the body could not be read as a batch (then <see cref="Items"/> is empty), with the path it concerns.</summary>
    public (string Path, string Message, bool TooMany)? Error { get; private set; }

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    /// <summary>Parses <paramref name="body"/>; more than <paramref name="maxEvents"/> events is an error.</summary>
    public static EventBatch Parse(ReadOnlyMemory<byte> body, bool ndjson, int maxEvents)
    {
        var batch = new EventBatch();
        if (Http.JsonText.Problem(body.Span) is { } text) batch.Error = ("$", text, false);
        else if (ndjson) batch.ParseLines(body, maxEvents);
        else batch.ParseArray(body, maxEvents);
        if (batch.Error is not null) batch.Items.Clear();
        return batch;
    }

    private void ParseArray(ReadOnlyMemory<byte> body, int maxEvents)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, Options);
        }
        catch (JsonException e)
        {
            Error = ("$", $"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}; expected a JSON array of events (or NDJSON with Content-Type application/x-ndjson)", false);
            return;
        }
        _documents.Add(doc);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            Error = ("$", $"expected a JSON array of events, found {EventFields.Kind(doc.RootElement.ValueKind)}", false);
            return;
        }
        var count = doc.RootElement.GetArrayLength();
        if (count > maxEvents)
        {
            Error = ("$", $"{count:N0} events; a request may carry at most {maxEvents:N0} (split the batch)", true);
            return;
        }
        foreach (var item in doc.RootElement.EnumerateArray()) Items.Add(item);
    }

    private void ParseLines(ReadOnlyMemory<byte> body, int maxEvents)
    {
        var memory = body;
        var start = 0;
        var line = 0;
        while (start < memory.Length)
        {
            var end = memory.Span[start..].IndexOf((byte)'\n');
            var length = end < 0 ? memory.Length - start : end;
            var slice = memory.Slice(start, length);
            start += length + 1;
            line++;
            if (IsBlank(slice.Span)) continue;
            if (Items.Count >= maxEvents)
            {
                Error = ("$", $"more than {maxEvents:N0} events; a request may carry at most {maxEvents:N0} (split the batch)", true);
                return;
            }
            try
            {
                var doc = JsonDocument.Parse(slice, Options);
                _documents.Add(doc);
                Items.Add(doc.RootElement);
            }
            catch (JsonException e)
            {
                Error = ($"[{Items.Count}]", $"line {line} is not valid JSON (byte {e.BytePositionInLine + 1}); expected one event object per line", false);
                return;
            }
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    public void Dispose()
    {
        foreach (var d in _documents) d.Dispose();
    }
}
