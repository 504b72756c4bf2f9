namespace Vigil.Monitoring.Estimation;

/// <summary>
/// A group's pending bins within a bucket's bins: runs (first index, length) of <see cref="Source"/>, in order. A
/// bucket's bins come cell by cell, and a group's bins are those of its cells, so a group is a few runs of the bucket's
/// list and the estimate reads them in place instead of from a copy per group.
/// </summary>
internal sealed class BinRuns(IReadOnlyList<PendingBin> source)
{
    private readonly List<(int Start, int Length)> _runs = [];

    /// <summary>The bucket's bins the runs index.</summary>
    public IReadOnlyList<PendingBin> Source { get; } = source;

    /// <summary>The runs, in order.</summary>
    public IReadOnlyList<(int Start, int Length)> Runs => _runs;

    /// <summary>Bins in all runs.</summary>
    public int Count { get; private set; }

    /// <summary>Every bin of <paramref name="source"/> as one run.</summary>
    public static BinRuns All(IReadOnlyList<PendingBin> source)
    {
        var all = new BinRuns(source);
        all.Add(0, source.Count);
        return all;
    }

    /// <summary>Adds the bins [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>), joined to the last run when they follow it.</summary>
    public void Add(int start, int length)
    {
        if (length <= 0) return;
        if (_runs.Count > 0 && _runs[^1].Start + _runs[^1].Length == start)
            _runs[^1] = (_runs[^1].Start, _runs[^1].Length + length);
        else
            _runs.Add((start, length));
        Count += length;
    }
}
