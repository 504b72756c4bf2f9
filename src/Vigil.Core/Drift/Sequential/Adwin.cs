namespace Vigil.Core.Drift.Sequential;

/// <summary>
/// ADWIN, adaptive windowing (Bifet and Gavaldà 2007): keeps a window W of recent values and drops its older part
/// W₀ whenever some split W = W₀·W₁ has |μ̂₀ − μ̂₁| ≥ ε_cut, with (the paper's Bernstein form)
/// ε_cut = √(2/m·σ²_W·ln(2/δ′)) + 2/(3m)·ln(2/δ′), m = 1/(1/n₀ + 1/n₁), δ′ = δ/n. A cut is an alarm.
/// Simplification: the window is a plain buffer capped at <c>maxWindow</c> values (oldest dropped) with splits
/// checked every <c>clock</c> updates at every <c>stride</c>-th position, instead of the exponential histogram;
/// cost O(maxWindow/stride) every clock updates. Values are expected in [0, 1] or standardised.
/// </summary>
public sealed class Adwin(double delta = 0.002, int maxWindow = 4096, int clock = 16, int stride = 4, int minSide = 16) : ISequentialDetector
{
    private readonly double[] _buffer = new double[maxWindow];
    private int _start;
    private int _count;
    private long _ticks;

    public string Name => $"adwin(delta={delta})";

    /// <summary>Current window length.</summary>
    public int Width => _count;

    public bool Update(double value)
    {
        if (_count == _buffer.Length)
        {
            _start = (_start + 1) % _buffer.Length;
            _count--;
        }
        _buffer[(_start + _count) % _buffer.Length] = value;
        _count++;
        _ticks++;
        if (_ticks % clock != 0 || _count < 2 * minSide) return false;
        return CheckAndCut();
    }

    public void Reset() => (_start, _count, _ticks) = (0, 0, 0);

    private bool CheckAndCut()
    {
        double total = 0, totalSq = 0;
        for (var i = 0; i < _count; i++)
        {
            var v = _buffer[(_start + i) % _buffer.Length];
            total += v;
            totalSq += v * v;
        }
        var n = (double)_count;
        var variance = Math.Max(totalSq / n - total / n * (total / n), 0);
        var logTerm = Math.Log(2 * n / delta);
        double head = 0;
        var cutAt = -1;
        for (var i = 0; i < _count - minSide; i++)
        {
            head += _buffer[(_start + i) % _buffer.Length];
            var n0 = i + 1;
            if (n0 < minSide || n0 % stride != 0) continue;
            var n1 = _count - n0;
            var m = 1.0 / (1.0 / n0 + 1.0 / n1);
            var eps = Math.Sqrt(2 / m * variance * logTerm) + 2 / (3 * m) * logTerm;
            if (Math.Abs(head / n0 - (total - head) / n1) >= eps) cutAt = n0;
        }
        if (cutAt < 0) return false;
        _start = (_start + cutAt) % _buffer.Length;
        _count -= cutAt;
        return true;
    }
}
