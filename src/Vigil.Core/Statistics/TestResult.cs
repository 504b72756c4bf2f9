namespace Vigil.Core.Statistics;

/// <summary>
/// The result of one hypothesis test, the one shape every test in Vigil returns (proportion tests, Fisher, the
/// drift sample tests, the scan's one-sided tests).
/// </summary>
/// <param name="Statistic">The test statistic: z for z-tests, the sample odds ratio for Fisher (may be infinite),
/// D for Kolmogorov–Smirnov, A² for Anderson–Darling, χ² or G for goodness of fit, U₁ for Mann–Whitney, t for
/// Student's t, the distance for the total-variation permutation test.</param>
/// <param name="PValue">The p-value (two- or one-sided as the test states).</param>
/// <param name="Method">Which test produced it: "z", "fisher", "exact", "asymp", ...; empty when the test has one method.</param>
public readonly record struct TestResult(double Statistic, double PValue, string Method = "");
