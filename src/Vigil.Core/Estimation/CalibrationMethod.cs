namespace Vigil.Core.Estimation;

/// <summary>How scores become probabilities on the reference data.</summary>
public enum CalibrationMethod
{
    /// <summary>Isotonic regression by pool-adjacent-violators: a monotone step function, no shape assumed.</summary>
    Isotonic,

    /// <summary>Platt scaling: P(y = 1 | s) = σ(a + b·logit(s)), two parameters.</summary>
    Platt,
}
