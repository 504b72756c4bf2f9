using System.Runtime.CompilerServices;

namespace Vigil.Data.Pushdown;

/// <summary>
/// The audit's columns of a delimited text file counted straight from its bytes, one range of rows per core
/// (docs/push-down.md, "--data through DuckDB"). DuckDB's CSV reader parses a 10M-row file in about 1.4 s on these two
/// cores before a value is counted; an audit needs four of the file's columns and a histogram, so this scan parses the
/// mapped file (<see cref="DelimitedFile"/>, which declines what DuckDB would read otherwise) and fills the same vectors
/// DuckDB would hand over (16-byte <c>duckdb_string_t</c> texts, DOUBLE scores and bands, validity masks) for
/// <see cref="AuditHistogram"/> to count, one histogram per range, merged at the end. A number in any form but
/// <c>-?digits[.digits][e[+-]digits]</c> and a needed text with a space or tab at either end are declined too.
/// </summary>
internal static class DelimitedAuditScan
{
    private const int ChunkRows = 2048;

    /// <summary>
    /// The counts of <paramref name="path"/>'s columns <paramref name="columns"/> (header names, in the vector order of
    /// <see cref="AuditHistogram.Add"/>), <paramref name="isNumber"/> marking those read as DOUBLE; null when the file is
    /// not one this scan reads (see the class remarks) or a counter gave up (too many levels or groups).
    /// </summary>
    /// <remarks><paramref name="rangeCount"/>: ranges to split the rows into (tests); 0: one per core, at least 8 MiB each.</remarks>
    public static AuditHistogram? TryCount(string path, IReadOnlyList<string> columns, bool[] isNumber, Func<AuditHistogram> newCounter,
        int rangeCount = 0)
    {
        using var file = DelimitedFile.TryOpen(path);
        if (file is null) return null;
        var slotOfField = new int[file.Dialect.Columns.Count];
        Array.Fill(slotOfField, -1);
        for (var slot = 0; slot < columns.Count; slot++)
        {
            var field = file.FieldOf(columns[slot]);
            if (field < 0 || slotOfField[field] >= 0) return null; // the DuckDB path names the missing column
            slotOfField[field] = slot;
        }
        var ranges = file.Ranges(rangeCount);
        var counters = new AuditHistogram?[ranges.Length - 1];
        var declined = 0;
        Parallel.For(0, counters.Length, new ParallelOptions { MaxDegreeOfParallelism = counters.Length }, r =>
        {
            var counter = newCounter();
            var sink = new ChunkSink(counter, slotOfField, isNumber);
            if (file.Parse(ranges[r], ranges[r + 1], ref sink, ref declined)) counters[r] = counter;
            else Interlocked.Exchange(ref declined, 1);
        });
        if (declined != 0) return null;
        var merged = counters[0]!;
        for (var r = 1; r < counters.Length; r++)
            if (!merged.Merge(counters[r]!)) return null;
        return merged;
    }

    /// <summary>Fills chunk vectors from the fields and counts each full chunk.</summary>
    private unsafe struct ChunkSink : IDelimitedSink
    {
        private readonly AuditHistogram _counter;
        private readonly int[] _slotOfField;
        private readonly bool[] _isNumber;
        private readonly nint[] _data;
        private readonly nint[] _validity;
        private readonly double[][] _numbers;
        private readonly byte[][] _texts;
        private readonly ulong[][] _valid;
        private int _row;

        public ChunkSink(AuditHistogram counter, int[] slotOfField, bool[] isNumber)
        {
            _counter = counter;
            _slotOfField = slotOfField;
            _isNumber = isNumber;
            var slots = isNumber.Length;
            _data = new nint[slots];
            _validity = new nint[slots];
            _numbers = new double[slots][];
            _texts = new byte[slots][];
            _valid = new ulong[slots][];
            for (var s = 0; s < slots; s++)
            {
                // Pinned so that the vectors' addresses stay put while the counter reads them, and each held in a field: a pinned
                // array that nothing references is collected like any other, and its memory handed to the next allocation.
                _valid[s] = GC.AllocateArray<ulong>(ChunkRows / 64, pinned: true);
                Array.Fill(_valid[s], ulong.MaxValue);
                _validity[s] = (nint)Unsafe.AsPointer(ref _valid[s][0]);
                if (isNumber[s])
                {
                    _numbers[s] = GC.AllocateArray<double>(ChunkRows, pinned: true);
                    _data[s] = (nint)Unsafe.AsPointer(ref _numbers[s][0]);
                    _texts[s] = [];
                }
                else
                {
                    _numbers[s] = [];
                    _texts[s] = GC.AllocateArray<byte>(ChunkRows * 16, pinned: true);
                    _data[s] = (nint)Unsafe.AsPointer(ref _texts[s][0]);
                }
            }
            _row = 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Field(int field, byte* value, int length)
        {
            var slot = _slotOfField[field];
            if (slot < 0) return true;
            var row = _row;
            if (DelimitedFile.IsMissing(value, length))
            {
                _valid[slot][row >> 6] &= ~(1UL << (row & 63));
                return true;
            }
            if (_isNumber[slot])
            {
                if (!DelimitedNumber.TryParse(value, length, out var number)) return false;
                _numbers[slot][row] = number;
                return true;
            }
            if (DelimitedFile.IsPadded(value, length)) return false;
            LevelTable.WriteString((byte*)_data[slot] + 16L * row, value, length);
            return true;
        }

        public RowEnd EndRow()
        {
            if (++_row < ChunkRows) return RowEnd.Keep;
            return Flush() ? RowEnd.LetGo : RowEnd.Decline;
        }

        public bool End() => _row == 0 || Flush();

        private bool Flush()
        {
            var ok = _counter.Add(_data, _validity, _row);
            _row = 0;
            foreach (var v in _valid) Array.Fill(v, ulong.MaxValue);
            return ok;
        }
    }
}
