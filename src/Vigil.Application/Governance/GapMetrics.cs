namespace Vigil.Application.Governance;

/// <summary>Which way a group metric is worse: the harm gap of a group against its reference follows from it.</summary>
public enum HarmDirection
{
    /// <summary>A higher rate harms the group (FNR: more missed patients): gap = group − reference.</summary>
    HigherIsWorse,

    /// <summary>A lower rate harms the group (sensitivity): gap = reference − group.</summary>
    LowerIsWorse,

    /// <summary>Either way is a disparity (selection rate): gap = |group − reference|.</summary>
    Either,
}

/// <summary>The audit metrics a policy may bound or require, with their harm direction (audit keys, docs/vocabulary.md).</summary>
public static class GapMetrics
{
    /// <summary>Metrics a max_gap rule can bound, and which way each harms a group.</summary>
    public static readonly IReadOnlyDictionary<string, HarmDirection> Directions = new Dictionary<string, HarmDirection>(StringComparer.Ordinal)
    {
        ["fnr"] = HarmDirection.HigherIsWorse,
        ["fpr"] = HarmDirection.HigherIsWorse,
        ["fdr"] = HarmDirection.HigherIsWorse,
        ["for"] = HarmDirection.HigherIsWorse,
        ["sensitivity"] = HarmDirection.LowerIsWorse,
        ["specificity"] = HarmDirection.LowerIsWorse,
        ["ppv"] = HarmDirection.LowerIsWorse,
        ["npv"] = HarmDirection.LowerIsWorse,
        ["accuracy"] = HarmDirection.LowerIsWorse,
        ["balanced_accuracy"] = HarmDirection.LowerIsWorse,
        ["selection_rate"] = HarmDirection.Either,
    };

    /// <summary>Metrics a breakdown rule can require (every group metric of vigil.audit/v2).</summary>
    public static readonly IReadOnlyList<string> Breakdown =
    [
        "prevalence", "selection_rate", "sensitivity", "specificity", "fpr", "fnr", "ppv", "npv", "fdr", "for",
        "accuracy", "balanced_accuracy", "f1", "auroc", "auprc", "brier", "ece",
    ];
}
