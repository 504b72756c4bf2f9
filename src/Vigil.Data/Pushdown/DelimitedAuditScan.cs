using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Vigil.Data.Pushdown;

/// <summary>
/// The audit's columns of a delimited text file counted straight from its bytes, one range of rows per core
/// (docs/push-down.md, "--data through DuckDB"). DuckDB's CSV reader parses a 10M-row file in about 1.4 s on these two
/// cores before a value is counted; an audit needs four of the file's columns and a histogram, so this scan memory-maps
/// the file, splits it at line ends, and fills the same vectors DuckDB would hand over (16-byte <c>duckdb_string_t</c>
/// texts, DOUBLE scores and bands, validity masks) for <see cref="AuditHistogram"/> to count, one histogram per range,
/// merged at the end.
/// <para>
/// It reads only what it reads exactly as <see cref="AuditFileQuery"/>'s <c>read_csv</c> does and declines everything else,
/// so that the DuckDB path (which names the row and column of a problem) takes over: a .gz file; text that is not UTF-8
/// or holds a NUL byte; a line over <see cref="InputFileCheck.MaxLineBytes"/>; a quoted field holding a line end or not
/// followed by a delimiter; a row with another number of fields; an empty line; a lone carriage return; a number in any
/// form but <c>-?digits[.digits][e[+-]digits]</c>; a needed text with a space or tab at either end. Missing is
/// <c>?</c> or empty, quoted or not (DuckDB's <c>allow_quoted_nulls</c>).
/// </para>
/// </summary>
internal static class DelimitedAuditScan
{
    private const int ChunkRows = 2048;
    private const long MinBytesPerRange = 8L << 20;
    private const int ArenaBytes = 2 * InputFileCheck.MaxLineBytes + 64;
    private const long ReleaseBytes = 64L << 20; // a range's passed pages are given back every 64 MiB (MappedPages)

    /// <summary>
    /// The counts of <paramref name="path"/>'s columns <paramref name="columns"/> (header names, in the vector order of
    /// <see cref="AuditHistogram.Add"/>), <paramref name="isNumber"/> marking those read as DOUBLE; null when the file is
    /// not one this scan reads (see the class remarks) or a counter gave up (too many levels or groups).
    /// </summary>
    /// <remarks><paramref name="rangeCount"/>: ranges to split the rows into (tests); 0: one per core, at least <see cref="MinBytesPerRange"/> each.</remarks>
    public static AuditHistogram? TryCount(string path, IReadOnlyList<string> columns, bool[] isNumber, Func<AuditHistogram> newCounter,
        int rangeCount = 0)
    {
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || AuditFileQuery.IsParquet(path)) return null;
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
        var slotOfField = new int[dialect.Columns.Count];
        Array.Fill(slotOfField, -1);
        for (var slot = 0; slot < columns.Count; slot++)
        {
            var field = FieldOf(dialect.Columns, columns[slot]);
            if (field < 0 || slotOfField[field] >= 0) return null; // the DuckDB path names the missing column
            slotOfField[field] = slot;
        }
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        unsafe
        {
            byte* bytes = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref bytes);
            try
            {
                bytes += view.PointerOffset;
                var file = new Mapped(bytes, length);
                var dataStart = HeaderEnd(file);
                if (dataStart < 0 || !ValidText(file, 0, dataStart)) return null;
                var ranges = Ranges(file, dataStart, rangeCount);
                var counters = new AuditHistogram?[ranges.Length - 1];
                var declined = 0;
                var layout = new RowLayout((byte)dialect.Delimiter, dialect.Columns.Count, slotOfField, isNumber);
                Parallel.For(0, counters.Length, new ParallelOptions { MaxDegreeOfParallelism = counters.Length }, r =>
                {
                    var counter = newCounter();
                    var ok = new RangeReader(file, layout, counter).Read(ranges[r], ranges[r + 1], ref declined);
                    if (ok) counters[r] = counter;
                    else Interlocked.Exchange(ref declined, 1);
                });
                if (declined != 0) return null;
                var merged = counters[0]!;
                for (var r = 1; r < counters.Length; r++)
                    if (!merged.Merge(counters[r]!)) return null;
                return merged;
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
    }

    /// <summary>The header's index of <paramref name="wanted"/>: the exact name, else the one name equal ignoring case (as <see cref="PushdownQuery.Resolve"/>).</summary>
    private static int FieldOf(IReadOnlyList<string> names, string wanted)
    {
        var similar = -1;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == wanted) return i;
            if (string.Equals(names[i], wanted, StringComparison.OrdinalIgnoreCase)) similar = similar == -1 ? i : -2;
        }
        return similar >= 0 ? similar : -1;
    }

    /// <summary>The offset after the header line (quotes may hold delimiters but not line ends), or −1.</summary>
    private static unsafe long HeaderEnd(Mapped file)
    {
        var quoted = false;
        var limit = Math.Min(file.Length, InputFileCheck.MaxLineBytes);
        for (long i = 0; i < limit; i++)
        {
            var b = file.Bytes[i];
            if (b == (byte)'"') quoted = !quoted;
            else if (b == (byte)'\n') return quoted ? -1 : i + 1;
        }
        return limit == file.Length && !quoted ? file.Length : -1;
    }

    /// <summary>Range starts at line starts, one range per core and at least <see cref="MinBytesPerRange"/> each; the last entry is the file's end.</summary>
    private static unsafe long[] Ranges(Mapped file, long dataStart, int count)
    {
        if (count <= 0) count = (int)Math.Clamp((file.Length - dataStart) / MinBytesPerRange, 1, Environment.ProcessorCount);
        var ranges = new List<long> { dataStart };
        for (var k = 1; k < count; k++)
        {
            var at = dataStart + (file.Length - dataStart) * k / count;
            at = Math.Max(at, ranges[^1]);
            while (at < file.Length && file.Bytes[at - 1] != (byte)'\n') at++;
            if (at < file.Length && at > ranges[^1]) ranges.Add(at);
        }
        ranges.Add(file.Length);
        return [.. ranges];
    }

    /// <summary>UTF-8 with no NUL byte, checked in blocks cut at line ends (which never split a UTF-8 sequence).</summary>
    private static unsafe bool ValidText(Mapped file, long start, long end)
    {
        while (start < end)
        {
            var checkedTo = ValidBlock(file, start, end);
            if (checkedTo < 0) return false;
            start = checkedTo;
        }
        return true;
    }

    /// <summary>
    /// Checks the next block of at most 16 MiB from <paramref name="start"/>, cut after its last line end unless it reaches
    /// <paramref name="end"/>; the offset checked up to, or −1 when the text is not UTF-8, holds a NUL byte, or has a line
    /// longer than a block (longer than any line accepted).
    /// </summary>
    private static unsafe long ValidBlock(Mapped file, long start, long end)
    {
        const int Block = 1 << 24;
        var span = new ReadOnlySpan<byte>(file.Bytes + start, (int)Math.Min(Block, end - start));
        if (start + span.Length < end)
        {
            var cut = span.LastIndexOf((byte)'\n');
            if (cut < 0) return -1;
            span = span[..(cut + 1)];
        }
        return span.IndexOf((byte)0) >= 0 || !Utf8.IsValid(span) ? -1 : start + span.Length;
    }

    internal readonly unsafe struct Mapped(byte* bytes, long length)
    {
        public byte* Bytes { get; } = bytes;

        public long Length { get; } = length;
    }

    internal sealed class RowLayout(byte delimiter, int fields, int[] slotOfField, bool[] isNumber)
    {
        public byte Delimiter { get; } = delimiter;

        public int Fields { get; } = fields;

        public int[] SlotOfField { get; } = slotOfField;

        public bool[] IsNumber { get; } = isNumber;
    }

    /// <summary>Parses one range of rows into chunk vectors and counts each chunk.</summary>
    private sealed unsafe class RangeReader
    {
        private readonly Mapped _file;
        private readonly RowLayout _layout;
        private readonly AuditHistogram _counter;
        private readonly nint[] _data;
        private readonly nint[] _validity;
        private readonly byte[][] _texts;
        private readonly double[][] _numbers;
        private readonly ulong[][] _valid;
        private byte[]? _arena;
        private int _arenaUsed;

        public RangeReader(Mapped file, RowLayout layout, AuditHistogram counter)
        {
            _file = file;
            _layout = layout;
            _counter = counter;
            var slots = layout.IsNumber.Length;
            _data = new nint[slots];
            _validity = new nint[slots];
            _texts = new byte[slots][];
            _numbers = new double[slots][];
            _valid = new ulong[slots][];
            for (var s = 0; s < slots; s++)
            {
                // Pinned so that the vectors' addresses stay put while the counter reads them.
                _valid[s] = GC.AllocateArray<ulong>(ChunkRows / 64, pinned: true);
                _validity[s] = (nint)Unsafe.AsPointer(ref _valid[s][0]);
                if (layout.IsNumber[s])
                {
                    _numbers[s] = GC.AllocateArray<double>(ChunkRows, pinned: true);
                    _data[s] = (nint)Unsafe.AsPointer(ref _numbers[s][0]);
                    _texts[s] = [];
                }
                else
                {
                    _texts[s] = GC.AllocateArray<byte>(ChunkRows * 16, pinned: true);
                    _data[s] = (nint)Unsafe.AsPointer(ref _texts[s][0]);
                    _numbers[s] = [];
                }
            }
        }

        /// <summary>Counts the rows in [<paramref name="start"/>, <paramref name="end"/>); false when it declines.</summary>
        public bool Read(long start, long end, ref int declined)
        {
            var bytes = _file.Bytes;
            var fileEnd = _file.Length;
            var delimiter = _layout.Delimiter;
            var fields = _layout.Fields;
            var slotOfField = _layout.SlotOfField;
            var row = 0;
            ResetValidity();
            var at = start;
            var released = start;
            var validated = start; // the text is checked a block ahead of the rows parsed, so that each page is read while cached
            while (at < end)
            {
                if (at >= validated)
                {
                    validated = ValidBlock(_file, at, end);
                    if (validated < 0) return false;
                }
                if (at - released >= ReleaseBytes)
                {
                    MappedPages.Release(bytes + released, bytes + at);
                    released = at;
                }
                var lineStart = at;
                var field = 0;
                while (true)
                {
                    // One field from `at`: its value is [valueStart, valueEnd) unless unescaped into the arena.
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
                        value = escapes == 0 ? bytes + open : Unescape(bytes + open, (int)(p - open));
                        if (value == null) return false;
                    }
                    else
                    {
                        var p = at;
                        byte b = (byte)'\n';
                        while (p < fileEnd)
                        {
                            b = bytes[p];
                            if (b == delimiter || b == (byte)'\n' || b == (byte)'\r') break;
                            if (b == (byte)'"') return false;
                            p++;
                        }
                        next = p < fileEnd ? b : (byte)'\n';
                        value = bytes + at;
                        valueLength = (int)(p - at);
                        at = p;
                    }
                    var slot = field < fields ? slotOfField[field] : -1;
                    if (slot >= 0 && !Store(slot, row, value, valueLength)) return false;
                    field++;
                    if (next == delimiter)
                    {
                        at++;
                        if (at >= fileEnd) return false; // a delimiter ending the file: one more, empty, field in DuckDB
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
                // An audit reads at least two columns, so an empty line is a row with too few fields here too.
                if (field != fields || at - lineStart > InputFileCheck.MaxLineBytes) return false;
                row++;
                if (row == ChunkRows)
                {
                    if (!Flush(row) || Volatile.Read(ref declined) != 0) return false;
                    row = 0;
                }
            }
            return row == 0 || Flush(row);
        }

        /// <summary>Writes field value into slot's vector at row; false for a number this scan does not read.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool Store(int slot, int row, byte* value, int length)
        {
            if (length == 0 || (length == 1 && value[0] == (byte)'?'))
            {
                _valid[slot][row >> 6] &= ~(1UL << (row & 63));
                return true;
            }
            if (_layout.IsNumber[slot])
            {
                if (!TryParseNumber(value, length, out var number)) return false;
                _numbers[slot][row] = number;
                return true;
            }
            if (IsBlank(value[0]) || IsBlank(value[length - 1])) return false;
            var s = (byte*)_data[slot] + 16L * row;
            if (length > 12)
            {
                *(uint*)s = (uint)length;
                *(uint*)(s + 4) = *(uint*)value;
                *(byte**)(s + 8) = value;
            }
            else if (value + 12 <= _file.Bytes + _file.Length)
            {
                // duckdb_string_t inlined: the length, then the text zero-padded to 12 bytes, from two unaligned loads.
                var head = *(ulong*)value;
                var tail = (ulong)*(uint*)(value + 8);
                if (length < 8) (head, tail) = (head & ((1UL << (8 * length)) - 1), 0);
                else tail &= (1UL << (8 * (length - 8))) - 1;
                *(ulong*)s = (uint)length | (head << 32);
                *(ulong*)(s + 8) = (head >> 32) | (tail << 32);
            }
            else
            {
                *(ulong*)s = 0;
                *(ulong*)(s + 8) = 0;
                *(uint*)s = (uint)length;
                new ReadOnlySpan<byte>(value, length).CopyTo(new Span<byte>(s + 4, 12));
            }
            return true;
        }

        private static bool IsBlank(byte b) => b == (byte)' ' || b == (byte)'\t';

        /// <summary>A quoted value with doubled quotes, unescaped into the arena, which the chunk's vectors point into until counted; null when the chunk's arena is full (the scan declines).</summary>
        private byte* Unescape(byte* text, int length)
        {
            _arena ??= GC.AllocateArray<byte>(ArenaBytes, pinned: true);
            if (_arenaUsed + length > _arena.Length) return null;
            var target = (byte*)Unsafe.AsPointer(ref _arena[_arenaUsed]);
            var n = 0;
            for (var i = 0; i < length; i++)
            {
                target[n++] = text[i];
                if (text[i] == (byte)'"') i++;
            }
            _arenaUsed += n;
            return target;
        }

        private bool Flush(int rows)
        {
            var ok = _counter.Add(_data, _validity, rows);
            _arenaUsed = 0;
            ResetValidity();
            return ok;
        }

        private void ResetValidity()
        {
            foreach (var v in _valid) Array.Fill(v, ulong.MaxValue);
        }
    }

    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// A number written <c>-?digits[.digits][(e|E)[+-]digits]</c>, correctly rounded as DuckDB's cast (fast_float) rounds it:
    /// up to 15 significant digits and a power of ten within ±22 the quotient or product of two exact doubles (Clinger's
    /// fast path, one rounding), otherwise .NET's parser, which is also correctly rounded. False for any other form.
    /// </summary>
    internal static unsafe bool TryParseNumber(byte* s, int n, out double value)
    {
        value = 0;
        var i = 0;
        var negative = s[0] == (byte)'-';
        if (negative) i++;
        ulong mantissa = 0;
        var significant = 0;
        var exponent = 0;
        var integerDigits = 0;
        for (; i < n && (uint)(s[i] - '0') <= 9; i++, integerDigits++)
        {
            if (mantissa == 0 && s[i] == (byte)'0') continue;
            if (++significant <= 19) mantissa = mantissa * 10 + (uint)(s[i] - '0');
        }
        if (integerDigits == 0) return false;
        if (i < n && s[i] == (byte)'.')
        {
            i++;
            var fractionDigits = 0;
            for (; i < n && (uint)(s[i] - '0') <= 9; i++, fractionDigits++)
            {
                exponent--;
                if (mantissa == 0 && s[i] == (byte)'0') continue;
                if (++significant <= 19) mantissa = mantissa * 10 + (uint)(s[i] - '0');
            }
            if (fractionDigits == 0) return false;
        }
        if (i < n && (s[i] == (byte)'e' || s[i] == (byte)'E'))
        {
            i++;
            if (i < n && (s[i] == (byte)'+' || s[i] == (byte)'-')) i++;
            var exponentDigits = 0;
            for (; i < n && (uint)(s[i] - '0') <= 9; i++) exponentDigits++;
            if (exponentDigits == 0) return false;
            return i == n && Parse(s, n, out value);
        }
        if (i != n) return false;
        if (significant > 15 || exponent < -22) return Parse(s, n, out value);
        value = (double)mantissa / Pow10[-exponent];
        if (negative) value = -value;
        return true;
    }

    /// <summary><see cref="TryParseNumber(byte*, int, out double)"/> of a span (tests).</summary>
    internal static unsafe bool TryParseNumber(ReadOnlySpan<byte> text, out double value)
    {
        fixed (byte* s = text) return TryParseNumber(s, text.Length, out value);
    }

    private static unsafe bool Parse(byte* s, int n, out double value) =>
        double.TryParse(new ReadOnlySpan<byte>(s, n), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
