using System.Runtime.CompilerServices;
using System.Text;

namespace Vigil.Data;

/// <summary>
/// Whole columns of a delimited file read from its bytes, one range of rows per core (<see cref="DelimitedFile"/>), each
/// settled as numbers or as codes the way <see cref="TabularSource.ReadSettled"/> settles it through DuckDB: numbers
/// while every present cell is a number (NaN where missing), else the sorted levels of its texts and a code per row (−1
/// where missing), with the first text's row. Drift reads 50 columns of two 1M-row files this way in a fraction of
/// DuckDB's parse (docs/drift.md, "Reading files").
/// <para>
/// It settles only columns it can settle without DuckDB's <c>TRY_CAST</c>: a cell is a number in the one form
/// <see cref="DelimitedNumber"/> reads, or text that no cast reads as a number (its first byte not a digit, sign, point or
/// blank, and not <c>inf</c>, <c>infinity</c> or <c>nan</c>). A cell that might be either, a needed text with a blank at
/// either end, a column holding both numbers and texts, or one with more levels than asked declines the scan, and
/// DuckDB's reader reads the file instead, as before.
/// </para>
/// </summary>
internal static class DelimitedColumnScan
{
    /// <summary>
    /// The columns <paramref name="names"/> of <paramref name="file"/> as <see cref="LoadedColumn"/>s (codes with at most
    /// <paramref name="capacity"/> levels) and the row count, or null when the scan declines (see the class remarks).
    /// <paramref name="rangeCount"/>: ranges read at once (0: one per core).
    /// </summary>
    public static (long Rows, LoadedColumn[] Columns)? TryRead(DelimitedFile file, IReadOnlyList<string> names, int[] capacity, int rangeCount)
    {
        var slotOfField = new int[file.Dialect.Columns.Count];
        Array.Fill(slotOfField, -1);
        for (var slot = 0; slot < names.Count; slot++)
        {
            var field = -1;
            for (var f = 0; f < file.Dialect.Columns.Count; f++)
                if (file.Dialect.Columns[f] == names[slot]) field = f;
            if (field < 0 || slotOfField[field] >= 0) return null;
            slotOfField[field] = slot;
        }
        var ranges = file.Ranges(rangeCount);
        // Each range's first row, from its line ends (a row per line: the parse declines a line end inside quotes), so
        // that every range writes its values straight into the column's one array.
        var firstRow = new long[ranges.Length];
        for (var r = 0; r + 1 < ranges.Length; r++) firstRow[r + 1] = firstRow[r] + file.Lines(ranges[r], ranges[r + 1]);
        var rows = firstRow[^1];
        if (rows > Array.MaxLength) return null;
        var shared = new SharedColumns(names.Count, (int)rows);
        var parts = new RangeColumns?[ranges.Length - 1];
        var declined = 0;
        Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = parts.Length }, r =>
        {
            var part = new RangeColumns(names.Count, capacity, (int)firstRow[r], (int)(firstRow[r + 1] - firstRow[r]));
            var sink = new ColumnSink(part, shared, slotOfField);
            if (file.Parse(ranges[r], ranges[r + 1], ref sink, ref declined) && sink.Rows == part.Count) parts[r] = part;
            else Interlocked.Exchange(ref declined, 1);
        });
        if (declined != 0) return null;
        var columns = new LoadedColumn[names.Count];
        for (var slot = 0; slot < names.Count; slot++)
        {
            var column = Combine(names[slot], slot, parts!, shared, capacity[slot]);
            if (column is null) return null;
            columns[slot] = column;
        }
        return (rows, columns);
    }

    /// <summary>One column from every range, or null when ranges disagree (numbers in one, texts in another) or it has too many levels.</summary>
    private static LoadedColumn? Combine(string name, int slot, RangeColumns[] parts, SharedColumns shared, int capacity)
    {
        long missing = 0;
        foreach (var p in parts) missing += p.Missing[slot];
        var numbers = shared.Numbers[slot];
        var codes = shared.Codes[slot];
        if (numbers is not null && codes is not null) return null;
        if (codes is null)
        {
            numbers ??= new double[shared.Rows];
            // A range that met only missing cells wrote nothing.
            foreach (var p in parts)
                if (p.Kind[slot] == CellKind.Unknown) numbers.AsSpan(p.First, p.Count).Fill(double.NaN);
            return new LoadedColumn { Name = name, Missing = checked((int)missing), NumbersTried = true, Numbers = numbers };
        }
        var union = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in parts)
            foreach (var level in p.Tables[slot].Levels)
                if (seen.Add(level)) union.Add(level);
        if (union.Count > capacity) return null;
        var levels = TabularSource.SortLevels(union);
        var rank = new Dictionary<string, int>(levels.Length, StringComparer.Ordinal);
        for (var i = 0; i < levels.Length; i++) rank[levels[i]] = i;
        (int Row, string Value)? first = null;
        foreach (var p in parts)
        {
            var segment = codes.AsSpan(p.First, p.Count);
            if (p.Kind[slot] != CellKind.Text)
            {
                segment.Fill(-1);
                continue;
            }
            var local = p.Tables[slot].Levels;
            var map = new int[local.Count];
            for (var c = 0; c < map.Length; c++) map[c] = rank[local[c]];
            for (var i = 0; i < segment.Length; i++)
                if (segment[i] >= 0) segment[i] = map[segment[i]];
            first ??= (p.First + p.FirstText[slot].Row, p.FirstText[slot].Value!);
        }
        return new LoadedColumn
        {
            Name = name, Missing = checked((int)missing), NumbersTried = true, FirstNonNumber = first,
            CodesTried = true, LevelCapacity = capacity, Codes = codes, Levels = levels,
        };
    }

    private enum CellKind : byte
    {
        Unknown,
        Number,
        Text,
    }

    /// <summary>Each column's one array of numbers or codes, made by the first range that needs it.</summary>
    private sealed class SharedColumns(int slots, int rows)
    {
        public int Rows { get; } = rows;

        public double[]?[] Numbers { get; } = new double[slots][];

        public int[]?[] Codes { get; } = new int[slots][];

        public double[] NumbersOf(int slot)
        {
            if (Numbers[slot] is { } made) return made;
            Interlocked.CompareExchange(ref Numbers[slot], new double[Rows], null);
            return Numbers[slot]!;
        }

        public int[] CodesOf(int slot)
        {
            if (Codes[slot] is { } made) return made;
            Interlocked.CompareExchange(ref Codes[slot], new int[Rows], null);
            return Codes[slot]!;
        }
    }

    /// <summary>What one range learned of each column: its kind, missing cells, levels (codes local to the range) and first text.</summary>
    private sealed class RangeColumns
    {
        public RangeColumns(int slots, int[] capacity, int first, int count)
        {
            First = first;
            Count = count;
            Kind = new CellKind[slots];
            Missing = new long[slots];
            Tables = new LevelTable[slots];
            FirstText = new (int, string?)[slots];
            for (var s = 0; s < slots; s++) Tables[s] = new LevelTable(capacity[s]);
        }

        /// <summary>The range's first row in the file, and its rows.</summary>
        public int First { get; }

        public int Count { get; }

        public CellKind[] Kind { get; }

        public long[] Missing { get; }

        public LevelTable[] Tables { get; }

        public (int Row, string? Value)[] FirstText { get; }
    }

    private unsafe struct ColumnSink(RangeColumns part, SharedColumns shared, int[] slotOfField) : IDelimitedSink
    {
        private readonly CellKind[] _kind = part.Kind;
        private readonly double[]?[] _numbers = new double[part.Kind.Length][];
        private readonly int[]?[] _codes = new int[part.Kind.Length][];
        private readonly int _first = part.First;
        private int _row;

        public readonly int Rows => _row;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Field(int field, byte* value, int length)
        {
            var slot = slotOfField[field];
            if (slot < 0) return true;
            if (_row >= part.Count) return false; // more rows than line ends: never for a file the parse reads
            var at = _first + _row;
            if (DelimitedFile.IsMissing(value, length))
            {
                part.Missing[slot]++;
                if (_numbers[slot] is { } n) n[at] = double.NaN;
                else if (_codes[slot] is { } c) c[at] = -1;
                return true;
            }
            if (DelimitedNumber.TryParse(value, length, out var number))
            {
                var numbers = _numbers[slot];
                if (numbers is null)
                {
                    if (_kind[slot] == CellKind.Text) return false;
                    _kind[slot] = CellKind.Number;
                    numbers = _numbers[slot] = shared.NumbersOf(slot);
                    numbers.AsSpan(_first, _row).Fill(double.NaN); // the range's leading missing cells
                }
                numbers[at] = number;
                return true;
            }
            if (_kind[slot] == CellKind.Number || !SurelyText(value, length)) return false;
            var table = part.Tables[slot];
            var code = table.CodeOfBytes(value, length); // a long text is decoded during the look-up, so the pointer need not outlive it
            if (code < 0) return false;
            var codes = _codes[slot];
            if (codes is null)
            {
                _kind[slot] = CellKind.Text;
                codes = _codes[slot] = shared.CodesOf(slot);
                codes.AsSpan(_first, _row).Fill(-1);
                part.FirstText[slot] = (_row, table.Levels[code]);
            }
            codes[at] = code;
            return true;
        }

        public RowEnd EndRow()
        {
            _row++;
            return RowEnd.LetGo; // texts are looked up (and long ones decoded) as they are read
        }

        public readonly bool End() => true;

        /// <summary>A text no cast to DOUBLE reads as a number: see the class remarks.</summary>
        private static bool SurelyText(byte* value, int length)
        {
            if (DelimitedFile.IsPadded(value, length)) return false;
            var first = value[0];
            if ((uint)(first - '0') <= 9 || first is (byte)'+' or (byte)'-' or (byte)'.') return false;
            if (first is not ((byte)'i' or (byte)'I' or (byte)'n' or (byte)'N')) return true;
            var text = new ReadOnlySpan<byte>(value, length);
            return !(text.Length <= 8 && (Ascii.EqualsIgnoreCase(text, "inf"u8) || Ascii.EqualsIgnoreCase(text, "infinity"u8)
                                          || Ascii.EqualsIgnoreCase(text, "nan"u8)));
        }
    }
}
