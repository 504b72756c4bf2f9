namespace Vigil.Core.Drift;

/// <summary>A score, or the reason there is none.</summary>
public readonly record struct TestScore(double? Value, string? Reason)
{
    public static TestScore Of(double value) =>
        double.IsFinite(value) ? new TestScore(value, null) : new TestScore(null, "not finite");

    public static TestScore Undefined(string reason) => new(null, reason);
}

/// <summary>
/// One of Evidently's statistical tests: its name (as Evidently names it), what its score is, its default
/// threshold, how the threshold decides drift, and which column types it applies to.
/// </summary>
public sealed class StatTest
{
    private readonly Func<ColumnSamples, TestScore> _compute;

    public StatTest(string name, string displayName, ScoreKind kind, double defaultThreshold, DriftRule rule,
        bool numerical, bool categorical, Func<ColumnSamples, TestScore> compute)
    {
        Name = name;
        DisplayName = displayName;
        Kind = kind;
        DefaultThreshold = defaultThreshold;
        Rule = rule;
        AppliesToNumerical = numerical;
        AppliesToCategorical = categorical;
        _compute = compute;
    }

    public string Name { get; }

    public string DisplayName { get; }

    public ScoreKind Kind { get; }

    public double DefaultThreshold { get; }

    public DriftRule Rule { get; }

    public bool AppliesToNumerical { get; }

    public bool AppliesToCategorical { get; }

    public bool AppliesTo(ColumnType type) => type == ColumnType.Numerical ? AppliesToNumerical : AppliesToCategorical;

    /// <summary>Runs the test; an undefined score gives an undefined verdict with the reason.</summary>
    public TestOutcome Run(ColumnSamples samples, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var t = threshold ?? DefaultThreshold;
        TestScore score;
        if (samples.ReferenceCount == 0 || samples.CurrentCount == 0)
            score = TestScore.Undefined(samples.ReferenceCount == 0 ? "no reference values" : "no current values");
        else
            score = _compute(samples);
        bool? drift = score.Value is { } v ? IsDrift(v, t) : null;
        return new TestOutcome(Name, score.Value, Kind, t, drift, score.Reason);
    }

    public bool IsDrift(double score, double threshold) => Rule switch
    {
        DriftRule.PBelow => score < threshold,
        DriftRule.PAtOrBelow => score <= threshold,
        DriftRule.DistanceAtOrAbove => score >= threshold,
        DriftRule.DistanceAbove => score > threshold,
        _ => throw new InvalidOperationException(Rule.ToString()),
    };
}

/// <summary>The result of one test on one column. Score and Drift are null when the test is undefined (Reason says why).</summary>
public sealed record TestOutcome(string Test, double? Score, ScoreKind Kind, double Threshold, bool? Drift, string? Reason);
