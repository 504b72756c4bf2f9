namespace Vigil.Data;

/// <summary>
/// A column growing chunk by chunk while the file streams (its length is known only at the end): blocks that
/// start at 2^12 values and double up to 2^20, copied once into one array by <see cref="ToArray"/>, which frees the
/// blocks as it goes (or given as is, when the first block was sized to the expected length and the column has it). Growing blocks keep a column's memory proportional to its rows: with fixed 2^20-value blocks
/// every column of a wide file took 8 MB however short the file, and 400 columns of 2,000 rows took 2.6 GB.
/// </summary>
internal sealed class ColumnBlocks<T>
    where T : unmanaged
{
    private const int FirstBlockSize = 1 << 12;
    private const int MaxBlockSize = 1 << 20;
    private readonly List<T[]> _blocks = [];
    private readonly long _expected;
    private int _used;

    /// <param name="expected">The length the column will probably have (0: unknown). When the column ends at exactly that
    /// length, its first and only block is the array <see cref="ToArray"/> gives, with no copy.</param>
    public ColumnBlocks(long expected = 0) => _expected = expected > 0 && expected <= Array.MaxLength ? expected : 0;

    public long Count { get; private set; }

    public void Append(ReadOnlySpan<T> values)
    {
        while (values.Length > 0)
        {
            if (_blocks.Count == 0 || _used == _blocks[^1].Length)
            {
                var size = _blocks.Count > 0 ? Math.Min(MaxBlockSize, 2 * _blocks[^1].Length) : _expected > 0 ? (int)_expected : FirstBlockSize;
                // Uninitialized: every value is written before it is read (ToArray reads only what was appended).
                _blocks.Add(GC.AllocateUninitializedArray<T>(size));
                _used = 0;
            }
            var n = Math.Min(values.Length, _blocks[^1].Length - _used);
            values[..n].CopyTo(_blocks[^1].AsSpan(_used));
            _used += n;
            Count += n;
            values = values[n..];
        }
    }

    /// <summary>Appends <paramref name="count"/> copies of <paramref name="value"/>.</summary>
    public void AppendFill(T value, long count)
    {
        Span<T> run = stackalloc T[256];
        run.Fill(value);
        while (count > 0)
        {
            var n = (int)Math.Min(count, run.Length);
            Append(run[..n]);
            count -= n;
        }
    }

    public T[] ToArray()
    {
        if (_blocks.Count == 1 && _blocks[0].Length == Count)
        {
            var whole = _blocks[0];
            _blocks.Clear();
            return whole;
        }
        var result = GC.AllocateUninitializedArray<T>(checked((int)Count));
        var at = 0;
        for (var b = 0; b < _blocks.Count; b++)
        {
            var n = (int)Math.Min(_blocks[b].Length, Count - at);
            _blocks[b].AsSpan(0, n).CopyTo(result.AsSpan(at));
            _blocks[b] = [];
            at += n;
        }
        _blocks.Clear();
        return result;
    }
}
