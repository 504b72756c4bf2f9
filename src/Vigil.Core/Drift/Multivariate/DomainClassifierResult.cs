namespace Vigil.Core.Drift.Multivariate;

/// <summary>How much one feature explains the classifier's ability to tell the files apart.</summary>
/// <param name="Feature">Column name.</param>
/// <param name="AurocDrop">Mean drop in out-of-fold AUROC when the feature's values are permuted.</param>
public sealed record FeatureImportance(string Feature, double AurocDrop);

/// <summary>
/// A domain classifier trained to tell reference rows (label 0) from current rows (label 1). An AUROC near 0.5
/// means the joint distribution of the features has not shifted; near 1 means rows can be told apart.
/// </summary>
/// <param name="Model">Learner and its settings.</param>
/// <param name="Folds">Cross-validation folds; the AUROC is computed on out-of-fold scores.</param>
/// <param name="Seed">Seed of the fold split, the learner and the permutations.</param>
/// <param name="Rows">Rows used (reference + current, after subsampling).</param>
/// <param name="Auroc">Out-of-fold AUROC, with its DeLong 95% interval.</param>
/// <param name="Features">Permutation importances, largest first.</param>
public sealed record DomainClassifierResult(string Model, int Folds, int Seed, long Rows, Metric Auroc, IReadOnlyList<FeatureImportance> Features);
