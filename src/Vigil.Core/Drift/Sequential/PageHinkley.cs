namespace Vigil.Core.Drift.Sequential;

/// <summary>
/// Two-sided Page-Hinkley test (Page 1954; Hinkley 1971; as in river's PageHinkley). With x̄ₜ the running mean,
/// mₜ = Σ(xᵢ − x̄ᵢ − δ) alarms an increase when mₜ − min mₜ &gt; λ, and m'ₜ = Σ(xᵢ − x̄ᵢ + δ) a decrease when
/// max m'ₜ − m'ₜ &gt; λ. δ is the magnitude of change tolerated, λ the threshold (both in the data's units).
/// Needs no in-control mean: it learns it from the stream.
/// </summary>
public sealed class PageHinkley(double delta = 0.1, double lambda = 25) : ISequentialDetector
{
    private long _n;
    private double _mean;
    private double _up;
    private double _upMin;
    private double _down;
    private double _downMax;

    public string Name => $"page_hinkley(delta={delta}, lambda={lambda})";

    public bool Update(double value)
    {
        _n++;
        _mean += (value - _mean) / _n;
        _up += value - _mean - delta;
        _upMin = Math.Min(_upMin, _up);
        _down += value - _mean + delta;
        _downMax = Math.Max(_downMax, _down);
        return _up - _upMin > lambda || _downMax - _down > lambda;
    }

    public void Reset() => (_n, _mean, _up, _upMin, _down, _downMax) = (0, 0, 0, 0, 0, 0);
}
