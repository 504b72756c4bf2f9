namespace Vigil.Core.Drift.Sequential;

/// <summary>
/// Two-sided tabular CUSUM (Page 1954) on standardised observations z = (x − μ₀)/σ:
/// S⁺ₜ = max(0, S⁺ₜ₋₁ + zₜ − k), S⁻ₜ = max(0, S⁻ₜ₋₁ − zₜ − k); alarm when either exceeds h.
/// k (allowance, in σ) is half the shift to detect quickly; h (decision interval, in σ) sets the false-alarm rate.
/// For a 0/1 stream use μ₀ = p₀ and σ = √(p₀(1 − p₀)).
/// </summary>
public sealed class Cusum(double mean, double sd, double k = 0.5, double h = 8.0) : ISequentialDetector
{
    private double _upper;
    private double _lower;

    public string Name => $"cusum(k={k}, h={h})";

    public bool Update(double value)
    {
        var z = (value - mean) / sd;
        _upper = Math.Max(0, _upper + z - k);
        _lower = Math.Max(0, _lower - z - k);
        return _upper > h || _lower > h;
    }

    public void Reset() => (_upper, _lower) = (0, 0);
}
