using Vigil.Core;
using Vigil.Core.Thresholds;
using Vigil.Models.Training;

namespace Vigil.Application.Models;

/// <summary>
/// What train and validate share: the label, the features (and which of them are categorical codes), the learner,
/// the cross-validation folds, the seed and the threshold rule. <see cref="Check"/> refuses what cannot be trained.
/// </summary>
public sealed record LearnerOptions(
    string Label, string? PositiveLabel, IReadOnlyList<string> Features, IReadOnlyList<string> Categorical, string Learner,
    int Folds, int Seed, string Threshold)
{
    /// <summary>The learner named by <see cref="Learner"/>.</summary>
    public ModelKind Kind => Learners.Parse(Learner);

    /// <summary>The parsed threshold rule.</summary>
    public ThresholdRule Rule => ThresholdRule.Parse(Threshold);

    /// <summary>Folds in [2, 100], features named once and not the label, categorical features among them.</summary>
    public void Check()
    {
        _ = Kind;
        if (Folds is < 2 or > 100) throw VigilException.Option("folds", $"{Folds}: expected 2 to 100");
        if (string.IsNullOrWhiteSpace(Label)) throw VigilException.Option("label", "needs a column");
        if (Features.Count == 0) throw VigilException.Option("features", "needs at least one column");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Features)
            if (!seen.Add(f)) throw VigilException.Option("features", $"names '{f}' twice");
        if (seen.Contains(Label)) throw VigilException.Option("features", $"includes the label '{Label}'");
        foreach (var c in Categorical)
            if (!seen.Contains(c)) throw VigilException.Option("categorical", $"'{c}' is not among the features");
    }
}

/// <summary>The learners by name: "logistic" (L-BFGS logistic regression) and "lightgbm".</summary>
public static class Learners
{
    public static ModelKind Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "logistic" or "lr" => ModelKind.Logistic,
        "lightgbm" or "lgbm" => ModelKind.LightGbm,
        _ => throw VigilException.Option("learner", $"'{name}': expected logistic or lightgbm"),
    };

    public static string Name(ModelKind kind) => kind == ModelKind.Logistic ? "logistic" : "lightgbm";
}
