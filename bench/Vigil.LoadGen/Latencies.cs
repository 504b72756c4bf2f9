namespace Vigil.LoadGen;

/// <summary>Latency samples in milliseconds and their nearest-rank percentiles.</summary>
public sealed class Latencies
{
    private readonly List<double> _ms = [];

    public int Count
    {
        get
        {
            lock (_ms) return _ms.Count;
        }
    }

    public void Add(double ms)
    {
        lock (_ms) _ms.Add(ms);
    }

    /// <summary>The p-th percentile (0 &lt; p ≤ 100) by nearest rank: the smallest sample with at least p% of samples at or below it.</summary>
    public double Percentile(double p)
    {
        lock (_ms)
        {
            if (_ms.Count == 0) return double.NaN;
            var sorted = _ms.Order().ToArray();
            var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
            return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
        }
    }

    public double Max()
    {
        lock (_ms) return _ms.Count == 0 ? double.NaN : _ms.Max();
    }
}
