namespace Vigil.Data;

/// <summary>
/// A column growing chunk by chunk while the file streams (its length is known only at the end): blocks of
/// 2^20 values, copied once into one array by <see cref="ToArray"/>, which frees the blocks as it goes.
/// </summary>
internal sealed class ColumnBlocks<T>
    where T : unmanaged
{
    private const int BlockSize = 1 << 20;
    private readonly List<T[]> _blocks = [];
    private int _used = BlockSize;

    public long Count { get; private set; }

    public void Append(ReadOnlySpan<T> values)
    {
        while (values.Length > 0)
        {
            if (_used == BlockSize)
            {
                _blocks.Add(new T[BlockSize]);
                _used = 0;
            }
            var n = Math.Min(values.Length, BlockSize - _used);
            values[..n].CopyTo(_blocks[^1].AsSpan(_used));
            _used += n;
            Count += n;
            values = values[n..];
        }
    }

    public T[] ToArray()
    {
        var result = new T[checked((int)Count)];
        var at = 0;
        for (var b = 0; b < _blocks.Count; b++)
        {
            var n = (int)Math.Min(BlockSize, Count - at);
            _blocks[b].AsSpan(0, n).CopyTo(result.AsSpan(at));
            _blocks[b] = [];
            at += n;
        }
        _blocks.Clear();
        return result;
    }
}
