using Vigil.Mitigation;

namespace Vigil.Application.Mitigation;

/// <summary>One candidate of the recommendation: the method, its settings for the rule's metric, and what it means in words.</summary>
internal sealed record Candidate(string Method, MitigationSettings Settings, string Description, IReadOnlyDictionary<string, string> Options);

/// <summary>
/// The candidates `vigil mitigate --recommend` runs for a rule, every method of `vigil mitigate`, each set to close the
/// rule's gap: for fnr and sensitivity, true-positive-rate parity (threshold-optimizer and the reductions with
/// true_positive_rate_parity, calibrated-eq-odds with cost constraint fnr, reject-option with eod); for fpr and
/// specificity, false-positive-rate parity (fpr, aod); for selection_rate, demographic parity (weighted, spd); for any
/// other metric, equalized odds (weighted, aod). Reweighing is "re-training with data balanced on the attribute"; the
/// two repair methods repair fully (level and strength 1).
/// </summary>
internal static class RecommendationCandidates
{
    public static IReadOnlyList<Candidate> For(string metric, string attribute, MitigationSettings common)
    {
        var (parity, cost, reject) = metric switch
        {
            "fnr" or "sensitivity" => ("true_positive_rate_parity", "fnr", "eod"),
            "fpr" or "specificity" => ("false_positive_rate_parity", "fpr", "aod"),
            "selection_rate" => ("demographic_parity", "weighted", "spd"),
            _ => ("equalized_odds", "weighted", "aod"),
        };
        var balanced = $"re-training with {attribute}-balanced data: every {attribute} group × outcome cell weighted so that outcome and {attribute} are independent (Reweighing)";
        return
        [
            new(MitigationMethods.Reweighing, common with { Method = MitigationMethods.Reweighing }, balanced,
                new Dictionary<string, string> { ["learner"] = common.Learner }),
            new(MitigationMethods.ThresholdOptimizer,
                common with { Method = MitigationMethods.ThresholdOptimizer, Arguments = common.Arguments with { Constraint = parity, Objective = "balanced_accuracy_score" } },
                $"a decision threshold per {attribute} group, chosen on the training rows for {parity.Replace('_', ' ')} (Threshold Optimizer)",
                new Dictionary<string, string> { ["constraint"] = parity, ["objective"] = "balanced_accuracy_score" }),
            new(MitigationMethods.CalibratedEqOdds, common with { Method = MitigationMethods.CalibratedEqOdds, Arguments = common.Arguments with { CostConstraint = cost } },
                $"scores of some {attribute} groups mixed with their base rate to equalize the {cost} cost (calibrated equalized odds)",
                new Dictionary<string, string> { ["cost_constraint"] = cost }),
            new(MitigationMethods.RejectOption, common with { Method = MitigationMethods.RejectOption, Arguments = common.Arguments with { Constraint = reject } },
                $"decisions near the threshold flipped in favour of the disadvantaged {attribute} group (reject option classification, {reject})",
                new Dictionary<string, string> { ["constraint"] = reject }),
            new(MitigationMethods.ExponentiatedGradient, common with { Method = MitigationMethods.ExponentiatedGradient, Arguments = common.Arguments with { Constraint = parity } },
                $"re-training under a {parity.Replace('_', ' ')} constraint (Exponentiated Gradient, randomized)",
                new Dictionary<string, string> { ["constraint"] = parity, ["learner"] = common.Learner }),
            new(MitigationMethods.GridSearch, common with { Method = MitigationMethods.GridSearch, Arguments = common.Arguments with { Constraint = parity } },
                $"re-training under a {parity.Replace('_', ' ')} constraint (Grid Search, one deterministic model)",
                new Dictionary<string, string> { ["constraint"] = parity, ["learner"] = common.Learner }),
            new(MitigationMethods.DiRemover, common with { Method = MitigationMethods.DiRemover, Arguments = common.Arguments with { RepairLevel = 1.0 } },
                $"features repaired so that their distributions match across {attribute} groups, then re-training (disparate impact remover)",
                new Dictionary<string, string> { ["repair_level"] = "1", ["learner"] = common.Learner }),
            new(MitigationMethods.CorrelationRemover, common with { Method = MitigationMethods.CorrelationRemover, Arguments = common.Arguments with { RepairStrength = 1.0 } },
                $"features' linear correlation with {attribute} removed, then re-training (correlation remover)",
                new Dictionary<string, string> { ["repair_strength"] = "1", ["learner"] = common.Learner }),
        ];
    }
}
