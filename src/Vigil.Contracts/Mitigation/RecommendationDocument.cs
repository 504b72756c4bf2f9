using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Vigil.Contracts.Common;

namespace Vigil.Contracts.Mitigation;

/// <summary>
/// vigil.mitigation-recommendation/v1 (`vigil mitigate --recommend`, docs/governance.md): for one failing rule (a
/// group's gap to its reference), the candidate mitigations run through `vigil mitigate`'s runner on one stratified
/// train/held-out split, ranked by their measured effect on the held-out rows, with their costs. Group values from
/// fewer than min-cell held-out patients with or without the condition are null with the reason "suppressed ...".
/// </summary>
/// <param name="Tool">The program.</param>
/// <param name="Inputs">The data, and the gate or audit the rule came from.</param>
/// <param name="Settings">The run's settings under their catalogue keys.</param>
/// <param name="Rule">The failing rule the candidates address.</param>
/// <param name="Split">The split every candidate shares.</param>
/// <param name="Baseline">The model before mitigation on the held-out rows (the same for every candidate).</param>
/// <param name="Candidates">Every candidate, best first (rank 1).</param>
/// <param name="Ranking">The ranking rule, in words.</param>
/// <param name="Notes">What the reader must know (small held-out groups, candidates not run).</param>
public sealed record RecommendationDocument(
    ToolBlock Tool,
    IReadOnlyList<InputRef> Inputs,
    RecommendationSettings Settings,
    RecommendationRule Rule,
    RecommendationSplit Split,
    RecommendationOutcome Baseline,
    IReadOnlyList<RecommendationCandidate> Candidates,
    string Ranking,
    IReadOnlyList<string> Notes) : IContractDocument
{
    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = RecommendationContract.Schema;
}

/// <summary>The settings of the run (vigil mitigate's keys).</summary>
public sealed record RecommendationSettings(
    string Label, string PositiveLabel, IReadOnlyList<string> Protected, IReadOnlyList<string> Bands, string ReferenceGroup, string? Score,
    IReadOnlyList<string> Features, string Learner, int Seed, double TestFraction, double Threshold, int Bootstrap, double LevellingTolerance, int MinCell);

/// <summary>
/// The rule: where it came from (<c>gate</c>: a failing max_gap check of a vigil.gate/v1 file; <c>audit</c>: the group with
/// the largest upper bound of the FNR gap's interval; <c>group</c>: named with --group), the rule's id (gate only), the
/// attribute, group and reference, the metric whose gap is closed, the policy's bound (gate only) and the evidence.
/// </summary>
public sealed record RecommendationRule(string Source, string? RuleId, string Attribute, string Group, string Reference, string Metric, double? Bound, string Evidence);

/// <summary>The split: rows for training and held out, stratified by group × label, and the model before mitigation.</summary>
public sealed record RecommendationSplit(int TrainRows, int TestRows, string Stratified, int Seed, string ModelBefore);

/// <summary>
/// Held-out results of one set of predictions: the group's and the reference's sensitivity, the harm gap of the rule's
/// metric (FNR gap = reference sensitivity − group sensitivity, Newcombe interval from the Wilson intervals), and overall
/// AUROC, sensitivity and selection rate (alert burden).
/// </summary>
public sealed record RecommendationOutcome(
    MetricValue GroupSensitivity, MetricValue ReferenceSensitivity, MetricValue Gap,
    MetricValue Auroc, MetricValue Sensitivity, MetricValue SelectionRate);

/// <summary>
/// One candidate: its rank, method, what it means for the committee, its settings, the held-out outcome after it, the
/// measured effect (gap before − after: positive closes the gap) and its costs (changes after − before of the alert
/// burden, AUROC and overall sensitivity), safety flags and warnings; <paramref name="NotRun"/> says why a candidate
/// could not run (it is ranked last, with null results).
/// </summary>
public sealed record RecommendationCandidate(
    int Rank, string Method, string Stage, string Description, IReadOnlyDictionary<string, string> Options,
    RecommendationOutcome? After, MetricValue Effect, RecommendationCosts Costs,
    bool LevellingDown, bool NeedsProtectedAttributeAtPrediction, bool Randomized, IReadOnlyList<string> Warnings, string? NotRun, string? File);

/// <summary>The costs of a candidate: alert burden change (selection rate after − before), AUROC change and overall sensitivity change.</summary>
public sealed record RecommendationCosts(MetricValue AlertBurdenChange, MetricValue AurocChange, MetricValue SensitivityChange);

/// <summary>The one writer and reader of vigil.mitigation-recommendation/v1 (recommendation.json).</summary>
public static class RecommendationContract
{
    public const string Schema = "vigil.mitigation-recommendation/v1";

    public static JsonTypeInfo<RecommendationDocument> TypeInfo => RecommendationJsonContext.Default.RecommendationDocument;

    /// <summary>The JSON Schema of the format (docs/schemas/).</summary>
    public static string JsonSchema() => ContractSchema.Generate(TypeInfo, Schema);

    public static string Write(RecommendationDocument document) => ContractFile.Write(document, TypeInfo);

    public static RecommendationDocument Read(string path) => ContractFile.Read(path, Schema, "vigil mitigate --recommend", TypeInfo);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RecommendationDocument))]
internal sealed partial class RecommendationJsonContext : JsonSerializerContext;
