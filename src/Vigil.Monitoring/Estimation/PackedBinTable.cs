namespace Vigil.Monitoring.Estimation;

/// <summary>
/// Count and fixed-point score sum per packed 64-bit bin key (<see cref="PendingBinCounter"/>): an open-addressing table
/// with linear probing and a multiplicative (Fibonacci) hash of the whole key. The packed keys differ mostly in their low
/// bits (score bin) and high bits (bucket), which a <see cref="Dictionary{TKey,TValue}"/> of <see cref="long"/> folds
/// together (its hash is the low word XOR the high word), so the bucket and the score bin collided there; here every key
/// bit reaches the slot index. Counts are signed (a day's bin less the bins of its hours outside the period), so a slot's
/// use is kept apart from its count. Grows at half full; memory is linear in the distinct keys, whatever their range.
/// </summary>
internal sealed class PackedBinTable
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    private long[] _keys = new long[1024];
    private long[] _counts = new long[1024];
    private long[] _sums = new long[1024];
    private bool[] _used = new bool[1024];
    private int _shift = 64 - 10;

    /// <summary>Distinct keys held.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="count"/> predictions with score sum <paramref name="sumNano"/> under <paramref name="key"/>.</summary>
    public void Add(long key, long count, long sumNano)
    {
        var mask = _keys.Length - 1;
        var slot = (int)(((ulong)key * Golden) >> _shift);
        while (true)
        {
            if (!_used[slot])
            {
                _used[slot] = true;
                _keys[slot] = key;
                _counts[slot] = count;
                _sums[slot] = sumNano;
                if (++Count * 2 > _keys.Length) Grow();
                return;
            }
            if (_keys[slot] == key)
            {
                _counts[slot] += count;
                _sums[slot] += sumNano;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>The keys with their (count, score sum), in slot order; the table is left as it was.</summary>
    public (long[] Keys, (long Count, long SumNano)[] Sums) Entries()
    {
        var keys = new long[Count];
        var sums = new (long, long)[Count];
        var k = 0;
        for (var slot = 0; slot < _keys.Length; slot++)
        {
            if (!_used[slot]) continue;
            keys[k] = _keys[slot];
            sums[k++] = (_counts[slot], _sums[slot]);
        }
        return (keys, sums);
    }

    private void Grow()
    {
        var (keys, counts, sums, used) = (_keys, _counts, _sums, _used);
        _keys = new long[keys.Length * 2];
        _counts = new long[keys.Length * 2];
        _sums = new long[keys.Length * 2];
        _used = new bool[keys.Length * 2];
        _shift--;
        var mask = _keys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (!used[i]) continue;
            var slot = (int)(((ulong)keys[i] * Golden) >> _shift);
            while (_used[slot]) slot = (slot + 1) & mask;
            _used[slot] = true;
            _keys[slot] = keys[i];
            _counts[slot] = counts[i];
            _sums[slot] = sums[i];
        }
    }
}
