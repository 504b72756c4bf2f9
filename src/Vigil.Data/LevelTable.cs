using System.Runtime.CompilerServices;
using System.Text;

namespace Vigil.Data;

/// <summary>
/// Dictionary encoding of one column's values straight from DuckDB's vectors, with no .NET string per cell.
/// A DuckDB string (<c>duckdb_string_t</c>, 16 bytes) of at most 12 bytes is stored inline: its 16 bytes (length
/// and text, the unused tail masked to zero) are the key, looked up in an open-addressing table of two
/// <see cref="ulong"/>s. Longer strings are decoded once per cell and looked up by text. Numbers (typed Parquet
/// columns) are keyed by their bits, integers (integer-typed columns) by their value. Codes are given in order of first appearance; the caller sorts the levels.
/// Past <see cref="Capacity"/> levels the table stops (<see cref="Overflowed"/>): the column is not categorical.
/// </summary>
internal sealed class LevelTable
{
    private const int Slots = 1 << 12;
    private readonly int _capacity;
    private ulong[] _lo = new ulong[Slots];
    private ulong[] _hi = new ulong[Slots];
    private int[] _codePlusOne = new int[Slots];
    private int _mask = Slots - 1;
    private int _shift = 64 - 12;
    private readonly Dictionary<string, int> _long = new(StringComparer.Ordinal);
    private ulong _lastLo = ulong.MaxValue;
    private ulong _lastHi = ulong.MaxValue;
    private int _lastCode = -1;

    public LevelTable(int capacity) => _capacity = capacity;

    /// <summary>Most levels kept; one more and the table overflows.</summary>
    public int Capacity => _capacity;

    /// <summary>Texts of the levels in code order (for number keys: filled by the caller after the scan).</summary>
    public List<string> Levels { get; } = [];

    /// <summary>For number keys: the value of each level, in code order.</summary>
    public List<double> Numbers { get; } = [];

    public bool Overflowed { get; private set; }

    /// <summary>The code of the DuckDB string at <paramref name="s"/>, or -1 once the table has overflowed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe int CodeOfString(byte* s)
    {
        var length = *(uint*)s;
        if (length > 12)
        {
            var text = Encoding.UTF8.GetString(*(byte**)(s + 8), checked((int)length));
            if (_long.TryGetValue(text, out var code)) return code;
            if (!Room()) return -1;
            code = Levels.Count;
            Levels.Add(text);
            _long.Add(text, code);
            return code;
        }
        var lo = *(ulong*)s;
        var hi = *(ulong*)(s + 8);
        // Bytes past the string's end are not part of the value: mask them (4 + length bytes are used).
        if (length < 4) lo &= (1UL << (int)(8 * (4 + length))) - 1;
        hi = length <= 4 ? 0 : length < 12 ? hi & ((1UL << (int)(8 * (length - 4))) - 1) : hi;
        return Code(lo, hi, s, double.NaN, 0);
    }

    /// <summary>The code of a level's text (from another table), as <see cref="CodeOfString"/> would give it; -1 once the table has overflowed.</summary>
    public unsafe int CodeOfText(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* b = bytes) return CodeOfBytes(b, bytes.Length);
    }

    /// <summary>The code of UTF-8 text at <paramref name="value"/> (read during the call only); -1 once the table has overflowed.</summary>
    public unsafe int CodeOfBytes(byte* value, int length)
    {
        var s = stackalloc byte[16];
        WriteString(s, value, length);
        return CodeOfString(s);
    }

    /// <summary>
    /// Writes the UTF-8 text at <paramref name="value"/> as a <c>duckdb_string_t</c> at <paramref name="target"/>: up to 12
    /// bytes inline after the length, zero-padded; longer, the length, the first 4 bytes and a pointer to the text.
    /// </summary>
    public static unsafe void WriteString(byte* target, byte* value, int length)
    {
        *(ulong*)target = 0;
        *(ulong*)(target + 8) = 0;
        *(uint*)target = (uint)length;
        if (length <= 12)
        {
            for (var i = 0; i < length; i++) target[4 + i] = value[i];
        }
        else
        {
            *(uint*)(target + 4) = *(uint*)value;
            *(byte**)(target + 8) = value;
        }
    }

    /// <summary>The code of a number (typed column), or -1 once the table has overflowed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe int CodeOfNumber(double value) =>
        Code((ulong)BitConverter.DoubleToInt64Bits(value), 1, null, value, 0);

    /// <summary>
    /// The code of an integer (an integer-typed column read as BIGINT), its level text the decimal digits DuckDB's
    /// <c>CAST(… AS VARCHAR)</c> writes; -1 once the table has overflowed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe int CodeOfInteger(long value) => Code((ulong)value, 2, null, double.NaN, value);

    /// <summary>For integer keys: the value of each level, in code order.</summary>
    public List<long> Integers { get; } = [];

    private unsafe int Code(ulong lo, ulong hi, byte* inline, double number, long integer)
    {
        if (lo == _lastLo && hi == _lastHi) return _lastCode;
        var slot = Slot(lo, hi);
        while (true)
        {
            var c = _codePlusOne[slot];
            if (c == 0) break;
            if (_lo[slot] == lo && _hi[slot] == hi)
            {
                (_lastLo, _lastHi, _lastCode) = (lo, hi, c - 1);
                return c - 1;
            }
            slot = (slot + 1) & _mask;
        }
        if (!Room()) return -1;
        var code = Levels.Count;
        if (inline != null)
        {
            Levels.Add(Encoding.UTF8.GetString(inline + 4, (int)*(uint*)inline));
        }
        else if (hi == 2)
        {
            Levels.Add(integer.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Integers.Add(integer);
        }
        else
        {
            Levels.Add("");
            Numbers.Add(number);
        }
        _lo[slot] = lo;
        _hi[slot] = hi;
        _codePlusOne[slot] = code + 1;
        if (2 * (code + 1) > _lo.Length) Grow();
        (_lastLo, _lastHi, _lastCode) = (lo, hi, code);
        return code;
    }

    private bool Room()
    {
        if (Levels.Count < _capacity) return true;
        Overflowed = true;
        return false;
    }

    // The high bits of a multiply depend on every bit of the key (the low bits of lo are mostly the length).
    private int Slot(ulong lo, ulong hi) => (int)(((lo ^ (hi * 0xC2B2AE3D27D4EB4FUL)) * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        var (lo, hi, codes) = (_lo, _hi, _codePlusOne);
        _lo = new ulong[lo.Length * 2];
        _hi = new ulong[lo.Length * 2];
        _codePlusOne = new int[lo.Length * 2];
        _mask = _lo.Length - 1;
        _shift--;
        for (var i = 0; i < lo.Length; i++)
        {
            if (codes[i] == 0) continue;
            var slot = Slot(lo[i], hi[i]);
            while (_codePlusOne[slot] != 0) slot = (slot + 1) & _mask;
            _lo[slot] = lo[i];
            _hi[slot] = hi[i];
            _codePlusOne[slot] = codes[i];
        }
    }
}
