using System.Collections;

namespace Vigil.Monitoring.Estimation;

/// <summary>A read-only view of <paramref name="count"/> items of a list from <paramref name="start"/> (a series' bucket of the period's bins), without copying them.</summary>
internal sealed class ListRange<T>(List<T> list, int start, int count) : IReadOnlyList<T>
{
    public T this[int index] => (uint)index < (uint)count ? list[start + index] : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count => count;

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < count; i++) yield return list[start + i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
