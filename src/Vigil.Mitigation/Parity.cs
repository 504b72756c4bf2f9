namespace Vigil.Mitigation;

/// <summary>
/// Which parity a mitigation targets and which group disparity Vigil reports for it (Fairlearn's unsigned max − min
/// over groups). The one "parity" concept of the mitigations: each method keeps its peer library's own vocabulary for
/// its option (Fairlearn's <c>constraints</c>, AIF360's <c>metric_name</c> and <c>cost_constraint</c>) and maps it onto
/// this at its edge (<see cref="IMitigationMethod.TargetParity"/>).
/// </summary>
public enum Parity
{
    /// <summary>max − min of the selection rate (Fairlearn demographic_parity_difference).</summary>
    DemographicParity,

    /// <summary>max of the TPR and FPR differences (Fairlearn equalized_odds_difference, worst case); the defined one alone when the other is undefined.</summary>
    EqualizedOdds,

    /// <summary>max − min of the TPR (Fairlearn equal_opportunity_difference).</summary>
    TruePositiveRate,

    /// <summary>max − min of the FPR.</summary>
    FalsePositiveRate,

    /// <summary>max − min of the error rate (FP + FN)/n (the disparity error_rate_parity targets).</summary>
    ErrorRate,
}
