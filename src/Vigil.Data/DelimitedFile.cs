using System.Runtime.CompilerServices;
using System.IO.MemoryMappedFiles;
using System.Text.Unicode;

namespace Vigil.Data;

/// <summary>
/// A delimited text file memory-mapped for scans that read it from its bytes, one range of rows per core
/// (<see cref="Pushdown.DelimitedAuditScan"/>, <see cref="DelimitedColumnScan"/>). DuckDB's <c>read_csv</c> parses about
/// 150 MB a second per core here; a scan that needs a few columns and a count, or numbers and codes, does the same work
/// several times faster from the bytes, so long as it reads them exactly as the <c>read_csv</c> call of
/// <see cref="TabularSource"/> and <see cref="Pushdown.AuditFileQuery"/> does (header, no sniffing, '"' quotes doubled
/// inside, '?' and empty missing, quoted or not: DuckDB's <c>allow_quoted_nulls</c>).
/// <para>
/// Anything read otherwise is declined, so that DuckDB's reader (which names the row and column of a problem) takes
/// over: a .gz or Parquet file; text that is not UTF-8 or holds a NUL byte; a line over
/// <see cref="InputFileCheck.MaxLineBytes"/>; a quoted field holding a line end or followed by anything but a delimiter
/// or line end; a quote inside an unquoted field; a row with another number of fields (an empty line included); a lone
/// carriage return; a delimiter ending the file. What a sink makes of a field (a number, a text) it checks itself.
/// </para>
/// </summary>
internal sealed unsafe class DelimitedFile : IDisposable
{
    private const long MinBytesPerRange = 8L << 20;
    private const long ReleaseBytes = 64L << 20;
    private const int ArenaBytes = 2 * InputFileCheck.MaxLineBytes + 64;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _bytes;

    private DelimitedFile(MemoryMappedFile map, MemoryMappedViewAccessor view, byte* bytes, long length, CsvDialect dialect)
    {
        _map = map;
        _view = view;
        _bytes = bytes;
        Length = length;
        Dialect = dialect;
    }

    public long Length { get; }

    public CsvDialect Dialect { get; }

    /// <summary>The offset of the first row, after the header line.</summary>
    public long DataStart { get; private set; }

    /// <summary>The file mapped, or null when it is not one these scans read (see the class remarks).</summary>
    public static DelimitedFile? TryOpen(string path)
    {
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || Pushdown.AuditFileQuery.IsParquet(path)) return null;
        var length = new FileInfo(path).Length;
        if (length == 0) return null;
        CsvDialect dialect;
        try
        {
            dialect = CsvDialect.Read(path);
        }
        catch (Core.VigilException)
        {
            return null;
        }
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* bytes = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref bytes);
            var file = new DelimitedFile(map, view, bytes + view.PointerOffset, length, dialect);
            file.DataStart = file.HeaderEnd();
            if (file.DataStart < 0 || file.ValidBlock(0, file.DataStart) != file.DataStart)
            {
                file.Dispose();
                return null;
            }
            return file;
        }
        catch
        {
            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    /// <summary>A missing cell as <c>read_csv</c>'s <c>nullstr = ['?', '']</c> reads it (quoted or not: <c>allow_quoted_nulls</c>).</summary>
    public static unsafe bool IsMissing(byte* value, int length) => length == 0 || (length == 1 && value[0] == (byte)'?');

    /// <summary>A (present) text with a space or tab at either end: the scans decline it rather than guess whether DuckDB trims.</summary>
    public static unsafe bool IsPadded(byte* value, int length) =>
        value[0] is (byte)' ' or (byte)'\t' || value[length - 1] is (byte)' ' or (byte)'\t';

    /// <summary>The header's index of <paramref name="wanted"/>: the exact name, else the one name equal ignoring case; −1 when none.</summary>
    public int FieldOf(string wanted)
    {
        var names = Dialect.Columns;
        var similar = -1;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == wanted) return i;
            if (string.Equals(names[i], wanted, StringComparison.OrdinalIgnoreCase)) similar = similar == -1 ? i : -2;
        }
        return similar >= 0 ? similar : -1;
    }

    /// <summary>
    /// Range starts at line starts (the last entry is the file's end): <paramref name="count"/> ranges, or with 0 one per
    /// core and at least 8 MiB each.
    /// </summary>
    public long[] Ranges(int count)
    {
        if (count <= 0) count = (int)Math.Clamp((Length - DataStart) / MinBytesPerRange, 1, Environment.ProcessorCount);
        var ranges = new List<long> { DataStart };
        for (var k = 1; k < count; k++)
        {
            var at = Math.Max(DataStart + (Length - DataStart) * k / count, ranges[^1]);
            while (at < Length && _bytes[at - 1] != (byte)'\n') at++;
            if (at < Length && at > ranges[^1]) ranges.Add(at);
        }
        ranges.Add(Length);
        return [.. ranges];
    }

    /// <summary>The lines in [<paramref name="start"/>, <paramref name="end"/>): its line ends, and a last line without one.</summary>
    public long Lines(long start, long end)
    {
        long lines = 0;
        for (var at = start; at < end;)
        {
            var n = (int)Math.Min(1 << 30, end - at);
            lines += new ReadOnlySpan<byte>(_bytes + at, n).Count((byte)'\n');
            at += n;
        }
        return end > start && _bytes[end - 1] != (byte)'\n' ? lines + 1 : lines;
    }

    /// <summary>
    /// Parses the rows in [<paramref name="start"/>, <paramref name="end"/>) into <paramref name="sink"/>, checking the text a
    /// 16 MiB block ahead and giving passed pages back every 64 MiB (<see cref="Pushdown.MappedPages"/>); false when the
    /// file or the sink declines, or <paramref name="declined"/> was set by another range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Parse<TSink>(long start, long end, ref TSink sink, ref int declined) where TSink : struct, IDelimitedSink
    {
        var bytes = _bytes;
        var fileEnd = Length;
        var delimiter = (byte)Dialect.Delimiter;
        var fields = Dialect.Columns.Count;
        // The bytes that end an unquoted field (or, a quote, make the scan decline): one load per byte, not four compares.
        var stops = stackalloc byte[256];
        new Span<byte>(stops, 256).Clear();
        stops[delimiter] = stops['\n'] = stops['\r'] = stops['"'] = 1;
        byte[]? arena = null;
        var arenaUsed = 0;
        var at = start;
        var released = start;
        var validated = start; // checked a block ahead of the rows parsed, so that each page is read while cached
        var rows = 0;
        while (at < end)
        {
            if (at >= validated)
            {
                validated = ValidBlock(at, end);
                if (validated < 0) return false;
            }
            if (at - released >= ReleaseBytes)
            {
                Pushdown.MappedPages.Release(bytes + released, bytes + at);
                released = at;
            }
            var lineStart = at;
            var field = 0;
            while (true)
            {
                byte* value;
                int valueLength;
                byte next;
                if (bytes[at] == (byte)'"')
                {
                    var open = at + 1;
                    var p = open;
                    var escapes = 0;
                    while (true)
                    {
                        if (p >= fileEnd) return false;
                        var b = bytes[p];
                        if (b == (byte)'\n' || b == (byte)'\r') return false; // a line end inside quotes: DuckDB's rows are not lines
                        if (b == (byte)'"')
                        {
                            if (p + 1 < fileEnd && bytes[p + 1] == (byte)'"')
                            {
                                escapes++;
                                p += 2;
                                continue;
                            }
                            break;
                        }
                        p++;
                    }
                    at = p + 1;
                    next = at < fileEnd ? bytes[at] : (byte)'\n';
                    if (next != delimiter && next != (byte)'\n' && next != (byte)'\r') return false;
                    valueLength = (int)(p - open) - escapes;
                    if (escapes == 0)
                    {
                        value = bytes + open;
                    }
                    else
                    {
                        // Unescaped into the arena, which the sink may point into until it says it has let go (EndRow).
                        arena ??= GC.AllocateArray<byte>(ArenaBytes, pinned: true);
                        if (arenaUsed + valueLength > arena.Length) return false;
                        fixed (byte* a = &arena[arenaUsed])
                        {
                            var n = 0;
                            for (var i = open; i < p; i++)
                            {
                                a[n++] = bytes[i];
                                if (bytes[i] == (byte)'"') i++;
                            }
                            value = a;
                        }
                        arenaUsed += valueLength;
                    }
                }
                else
                {
                    var p = at;
                    var b = (byte)'\n';
                    while (p < fileEnd)
                    {
                        b = bytes[p];
                        if (stops[b] != 0)
                        {
                            if (b == (byte)'"') return false;
                            break;
                        }
                        p++;
                    }
                    next = p < fileEnd ? b : (byte)'\n';
                    value = bytes + at;
                    valueLength = (int)(p - at);
                    at = p;
                }
                if (field < fields && !sink.Field(field, value, valueLength)) return false;
                field++;
                if (next == delimiter)
                {
                    if (++at >= fileEnd) return false; // a delimiter ending the file: one more, empty, field in DuckDB
                    continue;
                }
                if (next == (byte)'\r')
                {
                    if (at + 1 >= fileEnd || bytes[at + 1] != (byte)'\n') return false; // a lone carriage return
                    at++;
                }
                at++; // past the line end, or past the file's end
                break;
            }
            if (field != fields || at - lineStart > InputFileCheck.MaxLineBytes) return false;
            switch (sink.EndRow())
            {
                case RowEnd.Decline:
                    return false;
                case RowEnd.LetGo:
                    arenaUsed = 0;
                    break;
            }
            if ((++rows & 4095) == 0 && Volatile.Read(ref declined) != 0) return false;
        }
        var counted = sink.End();
        GC.KeepAlive(arena); // the sink's last chunk may still point into it
        return counted;
    }

    /// <summary>The offset after the header line (quotes may hold delimiters but not line ends), or −1.</summary>
    private long HeaderEnd()
    {
        var quoted = false;
        var limit = Math.Min(Length, InputFileCheck.MaxLineBytes);
        for (long i = 0; i < limit; i++)
        {
            var b = _bytes[i];
            if (b == (byte)'"') quoted = !quoted;
            else if (b == (byte)'\n') return quoted ? -1 : i + 1;
        }
        return limit == Length && !quoted ? Length : -1;
    }

    /// <summary>
    /// Checks the next block of at most 16 MiB from <paramref name="start"/>, cut after its last line end unless it reaches
    /// <paramref name="end"/>; the offset checked up to, or −1 when the text is not UTF-8, holds a NUL byte, or has a line
    /// longer than a block (longer than any line accepted).
    /// </summary>
    private long ValidBlock(long start, long end)
    {
        const int Block = 1 << 24;
        var span = new ReadOnlySpan<byte>(_bytes + start, (int)Math.Min(Block, end - start));
        if (start + span.Length < end)
        {
            var cut = span.LastIndexOf((byte)'\n');
            if (cut < 0) return -1;
            span = span[..(cut + 1)];
        }
        return span.IndexOf((byte)0) >= 0 || !Utf8.IsValid(span) ? -1 : start + span.Length;
    }
}

/// <summary>What a sink says at the end of a row.</summary>
internal enum RowEnd
{
    /// <summary>Go on; the sink may still point into unescaped values of earlier rows.</summary>
    Keep,

    /// <summary>Go on; the sink no longer points into any unescaped value (the arena may be reused).</summary>
    LetGo,

    /// <summary>The row holds something the sink does not read exactly: the scan declines.</summary>
    Decline,
}

/// <summary>Receives the fields of the rows of one range of a <see cref="DelimitedFile"/>.</summary>
internal unsafe interface IDelimitedSink
{
    /// <summary>Field <paramref name="field"/> of the current row (unquoted, doubled quotes undone); false declines the scan.</summary>
    bool Field(int field, byte* value, int length);

    RowEnd EndRow();

    /// <summary>The range's last row was parsed; false declines the scan.</summary>
    bool End();
}
