using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Monitors;

/// <summary>
/// One-sided sequential detectors of a rise in a Bernoulli rate (a group's FNR over its matured positives: x = 1 for a
/// missed case). Each reports a standardised statistic whose crossing of the threshold is the alarm, so that the same
/// run-length calibration (<see cref="SequentialThresholds"/>) serves both.
/// <list type="bullet">
/// <item>Bernoulli CUSUM (Reynolds &amp; Stoumbos 1999), the log-likelihood-ratio form of Page's CUSUM for an in-control
/// rate p₀ against p₁ &gt; p₀: Sₜ = max(0, Sₜ₋₁ + xₜ·ln(p₁/p₀) + (1 − xₜ)·ln((1 − p₁)/(1 − p₀))), S₀ = 0; alarm when
/// Sₜ &gt; h. It is the optimal detector of that shift (Moustakides 1986).</item>
/// <item>EWMA (Roberts 1959) with λ = <see cref="EwmaLambda"/>: Zₜ = λxₜ + (1 − λ)Zₜ₋₁, Z₀ = p₀, and the statistic
/// (Zₜ − p₀) / (σ√(λ/(2 − λ))) with σ = √(p₀(1 − p₀)) (the steady-state limits); alarm when it exceeds L. Only rises
/// alarm. Steady-state rather than exact time-varying limits: with 0/1 data the exact limits are so narrow at the start
/// that a single missed case among a group's first positives is a signal when p₀ is small (at t = 1 the statistic is
/// √((1 − p₀)/p₀), 4.4 for p₀ = 0.05).</item>
/// </list>
/// </summary>
public struct BernoulliDetector
{
    /// <summary>EWMA smoothing: small, to find small persistent rises (0.05 weighs about the last 40 observations).</summary>
    public const double EwmaLambda = 0.05;

    private readonly SequentialDetector _kind;
    private readonly double _up;
    private readonly double _down;
    private readonly double _p0;
    private readonly double _sigma;
    private readonly double _width;
    private double _state;

    /// <summary>A detector in its starting state (p₀ and p₁ are clamped to [0.001, 0.999]).</summary>
    public BernoulliDetector(SequentialDetector kind, double p0, double p1)
    {
        _kind = kind;
        p0 = Math.Clamp(p0, 0.001, 0.999);
        p1 = Math.Clamp(p1, 0.001, 0.999);
        _p0 = p0;
        _up = Math.Log(p1 / p0);
        _down = Math.Log((1 - p1) / (1 - p0));
        _sigma = Math.Sqrt(p0 * (1 - p0));
        _width = _sigma * Math.Sqrt(EwmaLambda / (2 - EwmaLambda));
        _state = kind == SequentialDetector.Cusum ? 0 : p0;
    }

    /// <summary>Adds one observation (true = a missed case) and returns the statistic to compare with the threshold.</summary>
    public double Update(bool miss)
    {
        var x = miss ? 1.0 : 0.0;
        if (_kind == SequentialDetector.Cusum)
        {
            _state = Math.Max(0, _state + (miss ? _up : _down));
            return _state;
        }
        _state = EwmaLambda * x + (1 - EwmaLambda) * _state;
        return (_state - _p0) / _width;
    }

    /// <summary>The EWMA's current smoothed rate (the CUSUM's statistic for a CUSUM).</summary>
    public readonly double State => _state;
}
