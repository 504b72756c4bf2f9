using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.Store;

/// <summary>
/// Label maturity: the one rule both store engines apply, a pure function of the prediction, its model's outcome
/// definition, ALL outcomes of its encounter and "now". Because it reads every outcome (not only the newest) and no
/// previous state, events replayed in any order and with duplicates end in the same state.
/// </summary>
/// <remarks>
/// For a prediction at t with window end W and maturity time M:
/// <list type="number">
/// <item>a positive-kind outcome before t → <see cref="LabelState.Censored"/> (the condition was already present);</item>
/// <item>P = earliest positive-kind outcome in [t, W]; C = earliest censor-kind outcome in [t, W);</item>
/// <item>P exists and (no C or P ≤ C) → <see cref="LabelState.MaturedPositive"/> (an outcome at the same instant as a
/// transfer still counts: the case was not missed);</item>
/// <item>else C exists → <see cref="LabelState.Censored"/> (follow-up ended before the outcome could be seen);</item>
/// <item>else now ≥ M → <see cref="LabelState.MaturedNegative"/>; else <see cref="LabelState.Pending"/>.</item>
/// </list>
/// Outcomes after W, and censoring at or after W, do not change the label.
/// </remarks>
public static class LabelRule
{
    /// <summary>The state of a prediction given its encounter's outcomes (any order, duplicates allowed).</summary>
    /// <param name="timeMs">Prediction time t.</param>
    /// <param name="windowEndMs">Window end W (t + window).</param>
    /// <param name="matureAtMs">When it matures negative without a positive outcome (W + label delay).</param>
    /// <param name="definition">The model's outcome definition (positive kind, censoring kinds).</param>
    /// <param name="outcomes">Every outcome of the encounter.</param>
    /// <param name="nowMs">The present, for maturing as negative.</param>
    public static LabelState Evaluate(long timeMs, long windowEndMs, long matureAtMs, OutcomeDefinition definition,
        IReadOnlyList<StoredOutcome> outcomes, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(outcomes);
        long? positive = null;
        long? censor = null;
        for (var i = 0; i < outcomes.Count; i++)
        {
            var o = outcomes[i];
            if (string.Equals(o.Kind, definition.PositiveKind, StringComparison.Ordinal))
            {
                if (o.TimeMs < timeMs)
                    return LabelState.Censored;
                if (o.TimeMs <= windowEndMs && (positive is null || o.TimeMs < positive))
                    positive = o.TimeMs;
            }
            else if (IsCensor(o.Kind, definition) && o.TimeMs >= timeMs && o.TimeMs < windowEndMs && (censor is null || o.TimeMs < censor))
            {
                censor = o.TimeMs;
            }
        }
        if (positive is { } p && (censor is null || p <= censor))
            return LabelState.MaturedPositive;
        if (censor is not null)
            return LabelState.Censored;
        return nowMs >= matureAtMs ? LabelState.MaturedNegative : LabelState.Pending;
    }

    /// <summary>The label a state carries: 1 matured positive, 0 matured negative, null otherwise.</summary>
    public static int? LabelOf(LabelState state) => state switch
    {
        LabelState.MaturedPositive => 1,
        LabelState.MaturedNegative => 0,
        _ => null,
    };

    private static bool IsCensor(string kind, OutcomeDefinition definition)
    {
        var kinds = definition.CensorKinds;
        if (kinds is null)
            return false;
        for (var i = 0; i < kinds.Count; i++)
        {
            if (string.Equals(kinds[i], kind, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
