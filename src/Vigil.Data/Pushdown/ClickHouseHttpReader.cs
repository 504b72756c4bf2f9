using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Vigil.Data.Pushdown;

/// <summary>
/// The rows of a ClickHouse answer in <c>TabSeparatedWithNamesAndTypes</c> (names, types, then one line a row; <c>\N</c>
/// is NULL; tab, newline and backslash are escaped), read from the HTTP stream as it arrives. Lines are cut in one
/// reused buffer, and numbers are parsed from it in place, so a row costs no allocation beyond the strings asked for.
/// An error the server writes after the first rows (HTTP status already sent) shows as a line that does not have the
/// header's field count, and becomes a <see cref="ClickHouseException"/> with the server's message.
/// </summary>
internal sealed class ClickHouseHttpReader : DbDataReader
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _text;
    private readonly string[] _names;
    private readonly string[] _types;
    private readonly int[] _fieldStart;
    private readonly int[] _fieldEnd;
    private char[] _buffer = new char[1 << 16];
    private int _position;
    private int _filled;
    private bool _ended;
    private bool _closed;
    private bool _onRow;

    internal ClickHouseHttpReader(HttpResponseMessage response)
    {
        _response = response;
        try
        {
            _text = new StreamReader(response.Content.ReadAsStream(), new UTF8Encoding(false), false, 1 << 16);
            _names = HeaderLine("names");
            _types = HeaderLine("types");
        }
        catch
        {
            response.Dispose();
            throw;
        }
        if (_names.Length != _types.Length) throw Malformed($"{_names.Length} column names but {_types.Length} types");
        _fieldStart = new int[_names.Length];
        _fieldEnd = new int[_names.Length];
    }

    public override int FieldCount => _names.Length;

    public override int Depth => 0;

    public override bool HasRows => true;

    public override bool IsClosed => _closed;

    public override int RecordsAffected => -1;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        _onRow = false;
        if (!NextLine(out var start, out var end)) return false;
        var field = 0;
        _fieldStart[0] = start;
        for (var i = start; i < end; i++)
        {
            if (_buffer[i] != '\t') continue;
            if (field + 1 >= _names.Length) throw BadRow(start, end);
            _fieldEnd[field++] = i;
            _fieldStart[field] = i + 1;
        }
        _fieldEnd[field] = end;
        if (field != _names.Length - 1) throw BadRow(start, end);
        _onRow = true;
        return true;
    }

    public override bool NextResult() => false;

    public override bool IsDBNull(int ordinal)
    {
        var f = Field(ordinal);
        return f.Length == 2 && f[0] == '\\' && f[1] == 'N';
    }

    public override string GetString(int ordinal)
    {
        var f = Field(ordinal);
        return f.Contains('\\') ? Unescape(f) : new string(f);
    }

    public override long GetInt64(int ordinal)
    {
        var f = Field(ordinal);
        return long.TryParse(f, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidCastException($"column '{_names[ordinal]}': '{Unescape(f)}' is not a 64-bit integer");
    }

    public override double GetDouble(int ordinal)
    {
        var f = Field(ordinal);
        if (double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        return f switch
        {
            "inf" or "+inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            "nan" or "-nan" => double.NaN,
            _ => throw new InvalidCastException($"column '{_names[ordinal]}': '{Unescape(f)}' is not a number"),
        };
    }

    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));

    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    public override decimal GetDecimal(int ordinal) => decimal.Parse(Field(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);

    public override DateTime GetDateTime(int ordinal) => DateTime.Parse(GetString(ordinal), CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => Guid.Parse(Field(ordinal));

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("GetBytes");

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("GetChars");

    public override string GetName(int ordinal) => _names[ordinal];

    public override int GetOrdinal(string name)
    {
        var i = Array.IndexOf(_names, name);
        return i >= 0 ? i : throw new ArgumentException($"no column '{name}'");
    }

    /// <summary>ClickHouse's type name (e.g. Nullable(String), UInt64).</summary>
    public override string GetDataTypeName(int ordinal) => _types[ordinal];

    /// <summary>long for (U)Int types, double for Float types, string otherwise.</summary>
    public override Type GetFieldType(int ordinal)
    {
        var type = _types[ordinal];
        if (type.StartsWith("Nullable(", StringComparison.Ordinal)) type = type["Nullable(".Length..^1];
        return type.StartsWith("Int", StringComparison.Ordinal) || type.StartsWith("UInt", StringComparison.Ordinal) ? typeof(long)
            : type.StartsWith("Float", StringComparison.Ordinal) ? typeof(double)
            : typeof(string);
    }

    public override object GetValue(int ordinal)
    {
        if (IsDBNull(ordinal)) return DBNull.Value;
        var type = GetFieldType(ordinal);
        return type == typeof(long) ? GetInt64(ordinal) : type == typeof(double) ? GetDouble(ordinal) : GetString(ordinal);
    }

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    public override void Close()
    {
        if (_closed) return;
        _closed = true;
        _text.Dispose();
        _response.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

    private ReadOnlySpan<char> Field(int ordinal)
    {
        if (!_onRow) throw new InvalidOperationException("no current row: call Read first");
        return _buffer.AsSpan(_fieldStart[ordinal], _fieldEnd[ordinal] - _fieldStart[ordinal]);
    }

    /// <summary>The next line as a range of the buffer (without its newline); false at the end of the answer.</summary>
    private bool NextLine(out int start, out int end)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, '\n', _position, _filled - _position);
            if (newline >= 0)
            {
                (start, end) = (_position, newline);
                _position = newline + 1;
                return true;
            }
            if (_ended)
            {
                (start, end) = (_position, _filled);
                _position = _filled;
                return end > start;
            }
            // Keep the partial line, make room, read more.
            var kept = _filled - _position;
            if (kept == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            else if (_position > 0) Array.Copy(_buffer, _position, _buffer, 0, kept);
            (_position, _filled) = (0, kept);
            int read;
            try
            {
                read = _text.Read(_buffer, _filled, _buffer.Length - _filled);
            }
            catch (IOException e)
            {
                throw new ClickHouseException("the answer broke off: " + e.Message, e);
            }
            catch (HttpRequestException e)
            {
                throw new ClickHouseException("the answer broke off: " + e.Message, e);
            }
            if (read == 0) _ended = true;
            _filled += read;
        }
    }

    private string[] HeaderLine(string what)
    {
        if (!NextLine(out var start, out var end)) throw Malformed($"the answer has no line of column {what}");
        var line = _buffer.AsSpan(start, end - start);
        if (line.StartsWith("Code: ")) throw new ClickHouseException(ClickHouseHttpConnection.ServerMessage(line.ToString() + Rest()));
        var fields = new List<string>();
        foreach (var range in line.Split('\t')) fields.Add(Unescape(line[range]));
        return [.. fields];
    }

    private ClickHouseException BadRow(int start, int end)
    {
        var line = _buffer.AsSpan(start, end - start);
        if (line.StartsWith("Code: ")) return new ClickHouseException(ClickHouseHttpConnection.ServerMessage(line.ToString() + Rest()));
        return Malformed($"a row does not have the {_names.Length} columns of the header");
    }

    private string Rest()
    {
        var rest = new string(_buffer, _position, _filled - _position);
        return _ended ? rest : rest + _text.ReadToEnd();
    }

    private static ClickHouseException Malformed(string what) => new($"unexpected answer from ClickHouse: {what}");

    /// <summary>A TabSeparated value without its escapes (\t, \n, \r, \b, \f, \0, \\, \', and \ before any other character).</summary>
    private static string Unescape(ReadOnlySpan<char> field)
    {
        var sb = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            if (c != '\\' || i + 1 == field.Length)
            {
                sb.Append(c);
                continue;
            }
            c = field[++i];
            sb.Append(c switch
            {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                'b' => '\b',
                'f' => '\f',
                '0' => '\0',
                _ => c,
            });
        }
        return sb.ToString();
    }
}
