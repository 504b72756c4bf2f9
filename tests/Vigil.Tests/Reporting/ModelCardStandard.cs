namespace Vigil.Tests.Reporting;

/// <summary>
/// Sections and prompts of a Model Card (Mitchell et al. 2019, arXiv:1810.03993), copied from the project's
/// standards notes (section 4a) so the test does not depend on the generator's own list.
/// </summary>
internal static class ModelCardStandard
{
    public static readonly string[] Sections =
    [
        "Model details", "Intended use", "Factors", "Metrics", "Evaluation data", "Training data",
        "Quantitative analyses", "Ethical considerations", "Caveats and recommendations",
    ];

    /// <summary>Prompt labels inside the sections, as the card writes them.</summary>
    public static readonly string[] Prompts =
    [
        "Person or organization developing the model", "Model date", "Model version", "Model type",
        "Training algorithms, parameters, fairness constraints, features", "Paper or other resource", "Citation", "License",
        "Where to send questions or comments",
        "Primary intended uses", "Primary intended users", "Out-of-scope use cases",
        "Relevant factors", "Evaluation factors",
        "Model performance measures", "Decision threshold", "Approaches to uncertainty and variability",
        "Datasets", "Motivation", "Preprocessing",
        "Unitary results", "Intersectional results",
        "Data", "Human life", "Mitigations", "Risks and harms", "Use cases",
    ];
}
