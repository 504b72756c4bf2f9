namespace Vigil.Core.Drift.Sequential;

/// <summary>
/// EWMA control chart (Roberts 1959): Zₜ = λxₜ + (1 − λ)Zₜ₋₁ with Z₀ = μ₀; alarm when
/// |Zₜ − μ₀| &gt; L·σ·√(λ/(2 − λ)·(1 − (1 − λ)^{2t})) (exact, time-varying limits).
/// Small λ detects small persistent shifts; L sets the false-alarm rate.
/// </summary>
public sealed class EwmaChart(double mean, double sd, double lambda = 0.2, double limit = 3.5) : ISequentialDetector
{
    private double _offset; // Zₜ − μ₀
    private double _decaySquared = 1; // (1 − λ)^{2t}

    public string Name => $"ewma(lambda={lambda}, L={limit})";

    public bool Update(double value)
    {
        _offset = lambda * (value - mean) + (1 - lambda) * _offset;
        _decaySquared *= (1 - lambda) * (1 - lambda);
        var width = limit * sd * Math.Sqrt(lambda / (2 - lambda) * (1 - _decaySquared));
        return Math.Abs(_offset) > width;
    }

    public void Reset()
    {
        _offset = 0;
        _decaySquared = 1;
    }
}
