using System.Globalization;
using Vigil.Reporting.Audit;

namespace Vigil.Reporting.Sections;

/// <summary>A run of consecutive grid thresholds [From, To] of a decision curve (From = To for a single threshold).</summary>
public sealed record ThresholdRange(double From, double To);

/// <summary>
/// Where a decision curve says the model is useful. A threshold t of the audit's grid is <b>useful</b> when the
/// model's net benefit is defined and strictly greater than both defaults: NB_model(t) &gt; max(NB_treat-all(t), 0)
/// (treat-none has net benefit 0; Vickers and Elkin 2006). The useful thresholds are reported as the maximal runs of
/// consecutive grid thresholds, in ascending order, and so are the gaps: the runs of grid thresholds where the model
/// is not better than a default (NB equal to or below one of them), and the thresholds where its net benefit is
/// undefined. No range is taken "first to last": a threshold inside a gap never counts as useful.
/// </summary>
public static class DecisionCurveRanges
{
    /// <summary>The three kinds of grid thresholds, each as ascending runs of consecutive grid points.</summary>
    public sealed record Split(IReadOnlyList<ThresholdRange> Useful, IReadOnlyList<ThresholdRange> NotBetter, IReadOnlyList<ThresholdRange> Undefined);

    private enum Kind { Useful, NotBetter, Undefined }

    /// <summary>Splits the thresholds of <paramref name="d"/> (any order; non-finite thresholds are ignored) into runs.</summary>
    public static Split Of(DecisionCurve d)
    {
        var order = new List<int>(d.Threshold.Length);
        for (var i = 0; i < d.Threshold.Length; i++)
            if (double.IsFinite(d.Threshold[i])) order.Add(i);
        order.Sort((a, b) => d.Threshold[a].CompareTo(d.Threshold[b]));
        var runs = new Dictionary<Kind, List<ThresholdRange>> { [Kind.Useful] = [], [Kind.NotBetter] = [], [Kind.Undefined] = [] };
        Kind? current = null;
        double from = 0, to = 0;
        foreach (var i in order)
        {
            var kind = KindAt(d, i);
            if (kind == current)
            {
                to = d.Threshold[i];
                continue;
            }
            if (current is { } done) runs[done].Add(new ThresholdRange(from, to));
            current = kind;
            from = to = d.Threshold[i];
        }
        if (current is { } last) runs[last].Add(new ThresholdRange(from, to));
        return new Split(runs[Kind.Useful], runs[Kind.NotBetter], runs[Kind.Undefined]);
    }

    private static Kind KindAt(DecisionCurve d, int i)
    {
        var model = d.NetBenefit[i];
        if (!double.IsFinite(model)) return Kind.Undefined;
        var all = d.TreatAll[i];
        var best = double.IsFinite(all) ? Math.Max(all, 0) : 0;
        return model > best ? Kind.Useful : Kind.NotBetter;
    }

    /// <summary>
    /// The useful range in words, exactly: e.g. "the model beats treat-all and treat-none at thresholds 0.04–0.97 of the
    /// 0.01–0.99 grid; not at 0.01–0.03 and 0.98–0.99 (net benefit at or below a default there)".
    /// </summary>
    public static string Describe(DecisionCurve d)
    {
        var split = Of(d);
        var all = split.Useful.Concat(split.NotBetter).Concat(split.Undefined).ToList();
        if (all.Count == 0) return "no decision-curve thresholds";
        var grid = Range(new ThresholdRange(all.Min(r => r.From), all.Max(r => r.To)));
        var text = split.Useful.Count == 0
            ? $"the model never beats both treat-all and treat-none on the {grid} grid"
            : $"the model beats treat-all and treat-none at thresholds {List(split.Useful)} of the {grid} grid";
        if (split.Useful.Count > 0 && split.NotBetter.Count > 0)
            text += $"; not at {List(split.NotBetter)} (net benefit at or below a default there)";
        if (split.Undefined.Count > 0)
            text += $"; net benefit undefined at {List(split.Undefined)}";
        return text;
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string List(IReadOnlyList<ThresholdRange> ranges)
    {
        var parts = ranges.Select(Range).ToList();
        return parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
    }

    private static string Range(ThresholdRange r) => r.From == r.To ? T(r.From) : $"{T(r.From)}–{T(r.To)}";

    /// <summary>A threshold with at least two decimals and as many as it has (the grid is rounded to 12 decimals).</summary>
    private static string T(double t) => t.ToString("0.00##########", CultureInfo.InvariantCulture);
}
