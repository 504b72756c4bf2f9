namespace Vigil.Monitoring.Estimation;

/// <summary>
/// Count and score sum per packed 64-bit bin key (<see cref="PendingBinCounter"/>): an open-addressing table with linear
/// probing and a multiplicative (Fibonacci) hash of the whole key. The packed keys differ mostly in their low bits (score
/// bin) and high bits (bucket), which a <see cref="Dictionary{TKey,TValue}"/> of <see cref="long"/> folds together
/// (its hash is the low word XOR the high word), so the bucket and the score bin collided there; here every key bit
/// reaches the slot index. Grows at half full; memory is linear in the distinct keys, whatever their range.
/// </summary>
internal sealed class PackedBinTable
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    private long[] _keys = new long[1024];
    private long[] _counts = new long[1024];
    private double[] _sums = new double[1024];
    private int _shift = 64 - 10;

    /// <summary>Distinct keys held.</summary>
    public int Count { get; private set; }

    /// <summary>Counts one value of <paramref name="score"/> under <paramref name="key"/>.</summary>
    public void Add(long key, double score)
    {
        var mask = _keys.Length - 1;
        var slot = (int)(((ulong)key * Golden) >> _shift);
        while (true)
        {
            var count = _counts[slot];
            if (count == 0)
            {
                _keys[slot] = key;
                _counts[slot] = 1;
                _sums[slot] = score;
                if (++Count * 2 > _keys.Length) Grow();
                return;
            }
            if (_keys[slot] == key)
            {
                _counts[slot] = count + 1;
                _sums[slot] += score;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>The keys with their (count, score sum), in slot order; the table is left as it was.</summary>
    public (long[] Keys, (long Count, double Score)[] Sums) Entries()
    {
        var keys = new long[Count];
        var sums = new (long, double)[Count];
        var k = 0;
        for (var slot = 0; slot < _keys.Length; slot++)
        {
            if (_counts[slot] == 0) continue;
            keys[k] = _keys[slot];
            sums[k++] = (_counts[slot], _sums[slot]);
        }
        return (keys, sums);
    }

    private void Grow()
    {
        var (keys, counts, sums) = (_keys, _counts, _sums);
        _keys = new long[keys.Length * 2];
        _counts = new long[keys.Length * 2];
        _sums = new double[keys.Length * 2];
        _shift--;
        var mask = _keys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (counts[i] == 0) continue;
            var slot = (int)(((ulong)keys[i] * Golden) >> _shift);
            while (_counts[slot] != 0) slot = (slot + 1) & mask;
            _keys[slot] = keys[i];
            _counts[slot] = counts[i];
            _sums[slot] = sums[i];
        }
    }
}
