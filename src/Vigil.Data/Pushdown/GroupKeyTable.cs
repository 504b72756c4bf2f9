namespace Vigil.Data.Pushdown;

/// <summary>
/// Group numbers of packed group keys (non-negative longs) in an open-addressing table: the count loop looks a key up for
/// nearly every row, and a few hundred groups fit in cache, where <see cref="Dictionary{TKey, TValue}"/>'s buckets, entries
/// and modulo cost about twice as much per lookup.
/// </summary>
internal sealed class GroupKeyTable
{
    private long[] _keys = new long[64];
    private int[] _groupPlusOne = new int[64];
    private int _shift = 64 - 6;
    private int _count;

    /// <summary>The group of <paramref name="key"/>, or −1 when it has none yet.</summary>
    public int Find(long key)
    {
        var mask = _keys.Length - 1;
        for (var slot = Slot(key); ; slot = (slot + 1) & mask)
        {
            var g = _groupPlusOne[slot];
            if (g == 0) return -1;
            if (_keys[slot] == key) return g - 1;
        }
    }

    /// <summary>Gives <paramref name="key"/> (which has no group yet) the group <paramref name="group"/>.</summary>
    public void Add(long key, int group)
    {
        if (2 * (_count + 1) > _keys.Length) Grow();
        Insert(_keys, _groupPlusOne, key, group + 1);
        _count++;
    }

    private int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Insert(long[] keys, int[] groups, long key, int groupPlusOne)
    {
        var mask = keys.Length - 1;
        var slot = Slot(key);
        while (groups[slot] != 0) slot = (slot + 1) & mask;
        keys[slot] = key;
        groups[slot] = groupPlusOne;
    }

    private void Grow()
    {
        var (keys, groups) = (_keys, _groupPlusOne);
        _keys = new long[keys.Length * 2];
        _groupPlusOne = new int[keys.Length * 2];
        _shift--;
        for (var i = 0; i < keys.Length; i++)
            if (groups[i] != 0) Insert(_keys, _groupPlusOne, keys[i], groups[i]);
    }
}
