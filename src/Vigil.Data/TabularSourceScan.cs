using System.Globalization;
using DuckDB.NET.Native;
using Vigil.Core;

namespace Vigil.Data;

/// <summary>
/// Read once, column-wise: one streaming scan of the file fills every column it is asked for, straight from
/// DuckDB's result vectors (no per-cell reader call, no .NET string per cell), and keeps what it learned in
/// <see cref="LoadedColumn"/>s: later questions (numeric? which levels? how many missing? which row is bad?)
/// are answered from memory, not by parsing the file again.
/// </summary>
public sealed partial class TabularSource
{
    private readonly Dictionary<string, LoadedColumn> _loaded = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _types;

    [Flags]
    private enum Want
    {
        Numbers = 1,
        Codes = 2,
        Both = Numbers | Codes,

        /// <summary>Numbers while every present cell is a number, else codes: one representation per column (see <see cref="ReadSettled"/>).</summary>
        Settle = 4,
    }

    /// <summary>
    /// Reads the named columns in one scan and settles each one's type as the scan goes: a column is read as numbers
    /// while every present cell is a number; its first present cell that is not a number makes it categorical (read
    /// as codes from there, at most <paramref name="maxLevels"/> levels), so no column is kept both as numbers and
    /// as codes. A column whose first non-number follows numbers is read again as categories after the scan (the
    /// earlier cells' texts were not kept). Each result is a <see cref="NumericColumn"/> or a
    /// <see cref="CategoricalColumn"/>, in request order; a categorical column with more than
    /// <paramref name="maxLevels"/> levels fails like <see cref="ReadCategorical"/> (with <paramref name="strict"/> false
    /// its result is that <see cref="VigilException"/> instead, for the caller to decide). The caller owns the arrays.
    /// </summary>
    public IReadOnlyList<object> ReadSettled(IReadOnlyList<string> columns, string role, int maxLevels = MaxCategoricalLevels,
        string? hint = null, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var c in columns) RequireColumn(c, role);
        var wanted = new Dictionary<string, (Want, int)>(StringComparer.Ordinal);
        foreach (var c in columns)
            if (!_loaded.TryGetValue(c, out var known) || !known.NumbersTried)
                wanted[c] = (Want.Settle, maxLevels);
        Load(wanted);
        var result = new object[columns.Count];
        for (var k = 0; k < columns.Count; k++)
        {
            var column = Loaded(columns[k], Want.Numbers, 0);
            if (column.FirstNonNumber is null)
            {
                result[k] = TakeNumbers(columns[k], role);
                continue;
            }
            try
            {
                result[k] = TakeCodes(new ColumnRequest(columns[k], role, ColumnKind.Categorical, maxLevels, hint));
            }
            catch (VigilException e) when (!strict && e.Message.Contains("distinct values", StringComparison.Ordinal))
            {
                result[k] = e;
            }
        }
        return result;
    }

    /// <summary>
    /// Reads the named columns (default: every column not read yet) in one scan, each both as numbers and as
    /// categories (at most <paramref name="levelCapacity"/> levels), so that later reads and checks of them do not
    /// touch the file. Callers that go column by column (drift, model tables) call this first.
    /// </summary>
    public void Prefetch(IEnumerable<string>? columns = null, int levelCapacity = MaxCategoricalLevels)
    {
        var wanted = new Dictionary<string, (Want, int)>(StringComparer.Ordinal);
        foreach (var c in columns ?? Columns)
        {
            RequireColumn(c, "a column");
            if (!_loaded.TryGetValue(c, out var known) || !Covers(known, Want.Both, levelCapacity))
                wanted[c] = (Want.Both, levelCapacity);
        }
        Load(wanted);
    }

    /// <summary>The cached scan result of a column, loading it (alone or with every unread column) if needed.</summary>
    private LoadedColumn Loaded(string column, Want want, int capacity)
    {
        if (_loaded.TryGetValue(column, out var known) && Covers(known, want, capacity)) return known;
        Load(new Dictionary<string, (Want, int)>(StringComparer.Ordinal) { [column] = (want, capacity) });
        return _loaded[column];
    }

    /// <summary>True when the cache can answer: arrays not yet given away (a caller may change what it gets), or a settled refusal.</summary>
    private static bool Covers(LoadedColumn known, Want want, int capacity) =>
        (!want.HasFlag(Want.Numbers) || (known.NumbersTried && (known.Numbers is not null || known.FirstNonNumber is not null))) &&
        (!want.HasFlag(Want.Codes) || (known.CodesTried && (known.TooManyLevels ? known.LevelCapacity >= capacity : known.Codes is not null)));

    private Dictionary<string, string> Types()
    {
        if (_types is not null) return _types;
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT column_name, column_type FROM (DESCRIBE src)";
            using var r = cmd.ExecuteReader();
            while (r.Read()) types[r.GetString(0)] = r.GetString(1);
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw Translate(Path, e);
        }
        return _types = types;
    }

    /// <summary>One column's state while the scan runs.</summary>
    private sealed class ColumnBuilder
    {
        public required string Name { get; init; }
        public required bool Typed { get; init; }
        public required int Capacity { get; init; }
        public bool WantNumbers { get; set; }
        public bool WantCodes { get; set; }
        public bool NumbersTried { get; init; }
        public bool CodesTried { get; set; }
        public bool Settle { get; init; }
        public int TextField { get; set; } = -1;
        public int NumberField { get; set; } = -1;
        public ColumnBlocks<double>? Numbers { get; set; }
        public ColumnBlocks<int>? Codes { get; set; }
        public LevelTable? Table { get; set; }
        public long Missing { get; set; }
        public long FirstBad { get; set; } = -1;
        public string? FirstBadText { get; set; }
    }

    private void Load(Dictionary<string, (Want Want, int Capacity)> wanted)
    {
        if (wanted.Count == 0) return;
        if (LoadFromBytes(wanted)) return;
        var types = Types();
        var (leads, numeric) = Leads(wanted, types);
        // The column length, if known, sizes each column's array once (no growing blocks copied together at the end).
        var expected = _rowCount ?? (Format == FileFormat.Parquet ? RowCount : _rowHint);
        var builders = new List<ColumnBuilder>();
        long rows = -1;
        if (numeric is not null && CsvReadTyped(numeric) is { } typedRead)
        {
            // Columns whose first present cell is a number are parsed as DOUBLE by the CSV reader itself (a fifth less
            // DuckDB time than text cast afterwards, and one vector instead of two). The reader stops at a cell that is
            // not a number; the columns are then read as before, as text and TRY_CAST, which finds and names the cell.
            try
            {
                var select = Builders(wanted, types, leads, numeric, expected, builders);
                rows = Scan($"SELECT {string.Join(", ", select)} FROM {typedRead}", builders);
            }
            catch (VigilException)
            {
                Core.Diagnostics.PhaseTrace.Mark($"scan of {Path} with DOUBLE columns stopped; reading them as text");
                builders.Clear();
            }
        }
        if (rows < 0)
        {
            var select = Builders(wanted, types, leads, null, expected, builders);
            rows = Scan($"SELECT {string.Join(", ", select)} FROM src", builders);
        }
        Core.Diagnostics.PhaseTrace.Mark($"scan of {Path} ({builders.Count} columns)");
        if (_rowCount is { } known2 && known2 != rows)
            throw VigilException.BadData($"{Path}: read {rows} rows, expected {known2} (did the file change while it was read?)");
        _rowCount = rows;
        foreach (var b in builders) _loaded[b.Name] = Finish(b, rows);
        Core.Diagnostics.PhaseTrace.Mark($"columns of {Path} finished");
    }

    /// <summary>
    /// Columns to settle read from the file's bytes instead of DuckDB's reader (<see cref="DelimitedColumnScan"/>): for a
    /// delimited file with a header, not materialized, when none of the columns was read before; false when that scan
    /// declines (or does not apply), and DuckDB reads them.
    /// </summary>
    private bool LoadFromBytes(Dictionary<string, (Want Want, int Capacity)> wanted)
    {
        if (!ReadsBytes || Format != FileFormat.Csv || Headerless || _materialized || _csv is null) return false;
        var names = new List<string>(wanted.Count);
        var capacity = new int[wanted.Count];
        foreach (var (name, (want, levels)) in wanted)
        {
            if (want != Want.Settle || _loaded.ContainsKey(name)) return false;
            capacity[names.Count] = levels;
            names.Add(name);
        }
        using var file = DelimitedFile.TryOpen(Path);
        if (file is null || !file.Dialect.Columns.SequenceEqual(_csv.Columns)) return false;
        var read = DelimitedColumnScan.TryRead(file, names, capacity, _threadLimit);
        if (read is not { } result)
        {
            Core.Diagnostics.PhaseTrace.Mark($"{Path}: declined by the byte scan; DuckDB reads it");
            return false;
        }
        if (_rowCount is { } known && known != result.Rows)
            throw VigilException.BadData($"{Path}: read {result.Rows} rows, expected {known} (did the file change while it was read?)");
        _rowCount = result.Rows;
        foreach (var column in result.Columns) _loaded[column.Name] = column;
        Core.Diagnostics.PhaseTrace.Mark($"{Path}: {names.Count} columns read from its bytes");
        return true;
    }

    /// <summary>
    /// One builder per wanted column (added to <paramref name="builders"/>) and the select list that feeds them. Columns in
    /// <paramref name="asDouble"/> come out of the reader as DOUBLE already and are read like typed columns.
    /// </summary>
    private static List<string> Builders(Dictionary<string, (Want Want, int Capacity)> wanted, Dictionary<string, string> types,
        Dictionary<string, (long Row, string Text)>? leads, HashSet<string>? asDouble, long expected, List<ColumnBuilder> builders)
    {
        var select = new List<string>();
        foreach (var (name, (want, capacity)) in wanted)
        {
            // What an earlier scan learned and this one does not ask is kept by Finish.
            var parsed = asDouble?.Contains(name) == true;
            var b = new ColumnBuilder
            {
                Name = name,
                Typed = parsed || IsNumericType(types.GetValueOrDefault(name)),
                Capacity = capacity,
                WantNumbers = want.HasFlag(Want.Numbers) || want.HasFlag(Want.Settle),
                WantCodes = want.HasFlag(Want.Codes),
                NumbersTried = want.HasFlag(Want.Numbers) || want.HasFlag(Want.Settle),
                CodesTried = want.HasFlag(Want.Codes),
                Settle = want.HasFlag(Want.Settle),
            };
            var q = Quote(name);
            if (!b.Typed && b.Settle && leads is not null && leads.TryGetValue(name, out var lead))
            {
                // The first present cell is text: the column is settled before the scan (as StartCodes would at that
                // row), so DuckDB is not asked to cast each of its cells to a number and fail.
                b.WantNumbers = false;
                b.FirstBad = lead.Row;
                b.FirstBadText = lead.Text;
                b.WantCodes = true;
                b.CodesTried = true;
            }
            if (parsed)
            {
                b.NumberField = select.Count;
                select.Add(q);
            }
            else if (b.Typed)
            {
                b.NumberField = select.Count;
                select.Add($"TRY_CAST({q} AS DOUBLE)");
            }
            else
            {
                b.TextField = select.Count;
                select.Add($"CAST({q} AS VARCHAR)");
                if (b.WantNumbers)
                {
                    b.NumberField = select.Count;
                    select.Add($"TRY_CAST({q} AS DOUBLE)");
                }
            }
            if (b.WantNumbers) b.Numbers = new ColumnBlocks<double>(expected);
            if (b.WantCodes)
            {
                b.Codes = new ColumnBlocks<int>(expected);
                b.Table = new LevelTable(capacity);
            }
            builders.Add(b);
        }
        return select;
    }

    /// <summary>Rows read ahead of a settling scan to find each text column's first present cell.</summary>
    private const int LeadRows = 2048;

    /// <summary>
    /// For the text columns a scan settles, what their first present cell within the first <see cref="LeadRows"/> rows is
    /// (by DuckDB's TRY_CAST, as the scan decides): text (with its row and text) or a number. A failed cast costs DuckDB
    /// ~100 ns per cell, most of a categorical column's scan, so columns led by text are read as text only; columns led
    /// by a number may be parsed as DOUBLE by the CSV reader (<see cref="CsvReadTyped"/>). Columns with no present cell in
    /// those rows are settled by the scan itself. Each part is null when empty.
    /// </summary>
    private (Dictionary<string, (long Row, string Text)>? Texts, HashSet<string>? Numbers) Leads(
        Dictionary<string, (Want Want, int Capacity)> wanted, Dictionary<string, string> types)
    {
        var names = new List<string>();
        foreach (var (name, (want, _)) in wanted)
            if (want.HasFlag(Want.Settle) && !IsNumericType(types.GetValueOrDefault(name)))
                names.Add(name);
        if (names.Count == 0) return (null, null);
        var select = string.Join(", ", names.Select(n => $"CAST({Quote(n)} AS VARCHAR), TRY_CAST({Quote(n)} AS DOUBLE) IS NOT NULL"));
        var leads = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        var settled = new bool[names.Count];
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"SELECT {select} FROM src LIMIT {LeadRows}";
            using var r = cmd.ExecuteReader();
            for (long row = 0; r.Read(); row++)
            {
                for (var k = 0; k < names.Count; k++)
                {
                    if (settled[k] || r.IsDBNull(2 * k)) continue;
                    settled[k] = true;
                    if (r.GetBoolean(2 * k + 1)) numbers.Add(names[k]);
                    else leads[names[k]] = (row, r.GetString(2 * k));
                }
            }
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw Translate(Path, e);
        }
        return (leads.Count == 0 ? null : leads, numbers.Count == 0 ? null : numbers);
    }

    private unsafe long Scan(string sql, List<ColumnBuilder> builders)
    {
        var state = NativeMethods.PreparedStatements.DuckDBPrepare(_connection.NativeConnection, sql, out var prepared);
        using (prepared)
        {
            if (state == DuckDBState.Error) throw Translate(Path, NativeMethods.PreparedStatements.DuckDBPrepareError(prepared) ?? "cannot prepare the query");
            if (NativeMethods.PreparedStatements.DuckDBExecutePreparedStreaming(prepared, out var result) == DuckDBState.Error)
            {
                var error = NativeMethods.Query.DuckDBResultError(ref result);
                NativeMethods.Query.DuckDBDestroyResult(ref result);
                throw Translate(Path, error ?? "the query failed");
            }
            try
            {
                var numbers = new double[4096];
                var codes = new int[4096];
                long row = 0;
                long fetchTicks = 0, fillTicks = 0; // for VIGIL_TRACE: time in DuckDB's fetch vs copying its vectors out
                while (true)
                {
                    var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    using var chunk = NativeMethods.Query.DuckDBFetchChunk(result);
                    fetchTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
                    if (chunk.IsInvalid) break;
                    var size = (int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk);
                    if (size == 0) break;
                    if (size > numbers.Length)
                    {
                        numbers = new double[size];
                        codes = new int[size];
                    }
                    var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
                    foreach (var b in builders) Fill(b, chunk, size, row, numbers, codes);
                    fillTicks += System.Diagnostics.Stopwatch.GetTimestamp() - t1;
                    row += size;
                }
                Core.Diagnostics.PhaseTrace.Mark($"{Path}: DuckDB {fetchTicks * 1000 / System.Diagnostics.Stopwatch.Frequency} ms, copying out {fillTicks * 1000 / System.Diagnostics.Stopwatch.Frequency} ms");
                var failure = NativeMethods.Query.DuckDBResultError(ref result);
                if (!string.IsNullOrEmpty(failure)) throw Translate(Path, failure);
                return row;
            }
            finally
            {
                NativeMethods.Query.DuckDBDestroyResult(ref result);
            }
        }
    }

    private static unsafe bool Valid(ulong* validity, int i) => validity == null || ((validity[i >> 6] >> (i & 63)) & 1UL) != 0;

    private static unsafe void Fill(ColumnBuilder b, DuckDBDataChunk chunk, int size, long firstRow, double[] numbers, int[] codes)
    {
        double* values = null;
        ulong* valueValid = null;
        if (b.NumberField >= 0)
        {
            var v = NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, b.NumberField);
            values = (double*)NativeMethods.Vectors.DuckDBVectorGetData(v);
            valueValid = NativeMethods.Vectors.DuckDBVectorGetValidity(v);
        }
        if (b.Typed)
        {
            if (!b.WantCodes)
            {
                if (valueValid == null)
                {
                    b.Numbers?.Append(new ReadOnlySpan<double>(values, size));
                    return;
                }
                if (b.WantNumbers)
                {
                    b.Missing += CopyNumbers(values, valueValid, size, numbers);
                    b.Numbers!.Append(numbers.AsSpan(0, size));
                    return;
                }
            }
            for (var i = 0; i < size; i++)
            {
                if (!Valid(valueValid, i))
                {
                    b.Missing++;
                    numbers[i] = double.NaN;
                    codes[i] = -1;
                    continue;
                }
                numbers[i] = values[i];
                if (b.WantCodes && (codes[i] = b.Table!.CodeOfNumber(values[i])) < 0) DropCodes(b);
            }
        }
        else
        {
            var t = NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, b.TextField);
            var text = (byte*)NativeMethods.Vectors.DuckDBVectorGetData(t);
            var textValid = NativeMethods.Vectors.DuckDBVectorGetValidity(t);
            if (b.WantNumbers && !b.WantCodes && AllNumbers(textValid, valueValid, size))
            {
                // The common case of a numeric column: every present cell of the chunk is a number.
                b.Missing += CopyNumbers(values, valueValid, size, numbers);
                b.Numbers!.Append(numbers.AsSpan(0, size));
                return;
            }
            for (var i = 0; i < size; i++)
            {
                if (!Valid(textValid, i))
                {
                    b.Missing++;
                    numbers[i] = double.NaN;
                    codes[i] = -1;
                    continue;
                }
                if (b.WantNumbers)
                {
                    if (Valid(valueValid, i))
                    {
                        numbers[i] = values[i];
                    }
                    else
                    {
                        // The first present cell that is not a number settles the column: not numeric.
                        b.FirstBad = firstRow + i;
                        b.FirstBadText = StringAt(text + 16L * i);
                        b.WantNumbers = false;
                        b.Numbers = null;
                        if (b.Settle) StartCodes(b, firstRow, i);
                    }
                }
                if (b.WantCodes && (codes[i] = b.Table!.CodeOfString(text + 16L * i)) < 0) DropCodes(b);
            }
        }
        if (b.WantNumbers) b.Numbers!.Append(numbers.AsSpan(0, size));
        if (b.WantCodes) b.Codes!.Append(codes.AsSpan(0, size));
    }

    /// <summary>True when every cell present as text (valid in <paramref name="textValid"/>) is also a number (valid in <paramref name="valueValid"/>); 64 rows a step.</summary>
    private static unsafe bool AllNumbers(ulong* textValid, ulong* valueValid, int size)
    {
        if (valueValid == null) return true;
        var words = (size + 63) >> 6;
        for (var w = 0; w < words; w++)
        {
            var text = textValid == null ? ulong.MaxValue : textValid[w];
            var rows = w == words - 1 && (size & 63) != 0 ? (1UL << (size & 63)) - 1 : ulong.MaxValue;
            if ((text & ~valueValid[w] & rows) != 0) return false;
        }
        return true;
    }

    /// <summary>
    /// Copies a chunk's numbers to <paramref name="numbers"/>, NaN where <paramref name="valid"/> has no value (DuckDB leaves
    /// those slots undefined), and returns how many those are; whole 64-row words of values are copied at once.
    /// </summary>
    private static unsafe long CopyNumbers(double* values, ulong* valid, int size, double[] numbers)
    {
        new ReadOnlySpan<double>(values, size).CopyTo(numbers);
        if (valid == null) return 0;
        long missing = 0;
        var words = (size + 63) >> 6;
        for (var w = 0; w < words; w++)
        {
            var rows = w == words - 1 && (size & 63) != 0 ? (1UL << (size & 63)) - 1 : ulong.MaxValue;
            var absent = ~valid[w] & rows;
            missing += System.Numerics.BitOperations.PopCount(absent);
            while (absent != 0)
            {
                numbers[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(absent)] = double.NaN;
                absent &= absent - 1;
            }
        }
        return missing;
    }

    /// <summary>
    /// Settle mode, at the first non-number (row <paramref name="firstRow"/> + <paramref name="i"/>): the column is
    /// categorical. When every earlier cell was missing its codes start here (-1 for the rows before, whose scratch
    /// codes of this chunk are already -1); otherwise the earlier cells' texts are gone and the column is read again
    /// as categories after the scan (<see cref="ReadSettled"/>).
    /// </summary>
    private static void StartCodes(ColumnBuilder b, long firstRow, int i)
    {
        if (firstRow + i - b.Missing > 0) return;
        b.WantCodes = true;
        b.CodesTried = true;
        b.Table = new LevelTable(b.Capacity);
        b.Codes = new ColumnBlocks<int>();
        b.Codes.AppendFill(-1, firstRow);
    }

    private static void DropCodes(ColumnBuilder b)
    {
        b.WantCodes = false;
        b.Codes = null;
    }

    private static unsafe string StringAt(byte* s)
    {
        var length = (int)*(uint*)s;
        return length <= 12
            ? System.Text.Encoding.UTF8.GetString(s + 4, length)
            : System.Text.Encoding.UTF8.GetString(*(byte**)(s + 8), length);
    }

    private LoadedColumn Finish(ColumnBuilder b, long rows)
    {
        _loaded.TryGetValue(b.Name, out var before);
        int[]? codes = null;
        string[]? levels = null;
        if (b.CodesTried && !b.Table!.Overflowed)
        {
            var table = b.Table;
            if (b.Typed) LevelTexts(b.Name, table);
            levels = SortLevels(table.Levels);
            var rank = new Dictionary<string, int>(levels.Length, StringComparer.Ordinal);
            for (var i = 0; i < levels.Length; i++) rank[levels[i]] = i;
            var map = new int[table.Levels.Count];
            for (var i = 0; i < map.Length; i++) map[i] = rank[table.Levels[i]];
            codes = b.Codes!.ToArray();
            for (var i = 0; i < codes.Length; i++)
                if (codes[i] >= 0) codes[i] = map[codes[i]];
        }
        var numbersTried = b.NumbersTried || before?.NumbersTried == true;
        return new LoadedColumn
        {
            Name = b.Name,
            Missing = checked((int)b.Missing),
            NumbersTried = numbersTried,
            FirstNonNumber = b.NumbersTried
                ? (b.FirstBad >= 0 ? (checked((int)b.FirstBad), b.FirstBadText!) : null)
                : before?.FirstNonNumber,
            Numbers = b.NumbersTried ? b.Numbers?.ToArray() : before?.Numbers,
            CodesTried = b.CodesTried || before?.CodesTried == true,
            LevelCapacity = b.CodesTried ? b.Capacity : before?.LevelCapacity ?? 0,
            TooManyLevels = b.CodesTried ? b.Table!.Overflowed : before?.TooManyLevels == true,
            Codes = b.CodesTried ? codes : before?.Codes,
            Levels = b.CodesTried ? levels : before?.Levels,
        };
    }

    /// <summary>The text of each level of a typed (numeric) column, as DuckDB writes the value (e.g. 1 for BIGINT 1, 0.5 for DOUBLE 0.5).</summary>
    private void LevelTexts(string column, LevelTable table)
    {
        if (table.Numbers.Count == 0) return;
        var type = Types()[column];
        var values = string.Join(", ", table.Numbers.Select((v, i) =>
            $"({i}, '{v.ToString("R", CultureInfo.InvariantCulture)}'::DOUBLE)"));
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"SELECT CAST(TRY_CAST(x AS {type}) AS VARCHAR) FROM (VALUES {values}) t(i, x) ORDER BY i";
            using var r = cmd.ExecuteReader();
            var k = 0;
            while (r.Read())
            {
                table.Levels[k] = r.IsDBNull(0) ? table.Numbers[k].ToString("R", CultureInfo.InvariantCulture) : r.GetString(0);
                k++;
            }
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw Translate(Path, e);
        }
    }

    /// <summary>
    /// A column's numbers for a caller, who owns the array from then on (the cache lets go of it; a later request
    /// reads the column again), or the error naming its first non-number.
    /// </summary>
    private NumericColumn TakeNumbers(string name, string role)
    {
        var column = Loaded(name, Want.Numbers, 0);
        if (column.FirstNonNumber is { } bad)
            throw VigilException.BadData($"{Path}: {RowName(bad.Row)}, column '{column.Name}' ({role}): '{bad.Value}' is not a number");
        var values = column.Numbers!;
        column.Numbers = null;
        return new NumericColumn(column.Name, values, column.Missing);
    }

    /// <summary>A column's codes for a caller (who then owns them), refused when it has more levels than the request allows.</summary>
    private CategoricalColumn TakeCodes(ColumnRequest request)
    {
        var column = Loaded(request.Column, Want.Codes, request.MaxLevels);
        if (column.TooManyLevels || column.Levels!.Length > request.MaxLevels)
            throw VigilException.BadData(
                $"{Path}: column '{request.Column}' ({request.Role}) has more than {request.MaxLevels} distinct values; " +
                $"expected a categorical column ({request.Hint ?? ColumnRequest.DefaultHint})");
        var codes = column.Codes!;
        column.Codes = null;
        return new CategoricalColumn(column.Name, codes, (string[])column.Levels.Clone(), column.Missing);
    }
}
