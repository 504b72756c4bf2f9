using Vigil.Core;

namespace Vigil.Mitigation.Reductions;

/// <summary>The fairness constraints of the reductions (Agarwal et al. 2018; Fairlearn's moments of the same names).</summary>
public enum ReductionConstraint
{
    /// <summary>P[h(X)=1 | A=a] = P[h(X)=1] for every group a (selection rate parity).</summary>
    DemographicParity,

    /// <summary>P[h(X)=1 | A=a, Y=y] = P[h(X)=1 | Y=y] for every group a and y ∈ {0, 1} (TPR and FPR parity).</summary>
    EqualizedOdds,

    /// <summary>P[h(X)=1 | A=a, Y=1] = P[h(X)=1 | Y=1] (equal opportunity).</summary>
    TruePositiveRateParity,

    /// <summary>P[h(X)=1 | A=a, Y=0] = P[h(X)=1 | Y=0].</summary>
    FalsePositiveRateParity,

    /// <summary>P[h(X)≠Y | A=a] = P[h(X)≠Y].</summary>
    ErrorRateParity,
}

/// <summary>Names of the constraints on the command line and in JSON.</summary>
public static class ReductionConstraints
{
    /// <summary>The snake_case names, in <see cref="ReductionConstraint"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["demographic_parity", "equalized_odds", "true_positive_rate_parity", "false_positive_rate_parity", "error_rate_parity"];

    /// <summary>snake_case name of a constraint (e.g. <c>equalized_odds</c>).</summary>
    public static string Name(ReductionConstraint constraint) => Names[(int)constraint];

    /// <summary>
    /// Parses a snake_case name or Fairlearn's class name (<c>EqualizedOdds</c>), case-insensitively; an unknown name is
    /// a usage error listing the accepted ones.
    /// </summary>
    public static ReductionConstraint Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (var value in Enum.GetValues<ReductionConstraint>())
            if (string.Equals(value.ToString(), key, StringComparison.OrdinalIgnoreCase)) return value;
        throw VigilException.Usage($"unknown constraint '{name}': expected one of {string.Join(", ", Names)}");
    }
}

/// <summary>
/// A difference-bound parity moment over groups, exactly as Fairlearn 0.12's <c>UtilityParity</c> with
/// <c>difference_bound = ε</c> (ratio 1): for every event e and group a present in the data there are two constraints
/// <c>γ₊(e,a) = E[g | A=a, E=e] − E[g | E=e] ≤ ε</c> and <c>γ₋(e,a) = E[g | E=e] − E[g | A=a, E=e] ≤ ε</c>,
/// where the utility g is h(X) (or |h(X) − Y| for error rate parity) and the events are:
/// "all" rows (demographic and error rate parity), Y=1 rows (TPR parity), Y=0 rows (FPR parity), or Y=0 and Y=1
/// (equalized odds). Note the comparison is each group against the whole event population, so two groups may differ by
/// up to 2ε.
/// </summary>
/// <remarks>
/// Constraint k is laid out as <c>k = sign · Cells + cell</c> (sign 0 = "+", 1 = "−"), cells being the present
/// (event, group) pairs in event-major, group-minor order (Fairlearn's MultiIndex order, groups sorted).
/// </remarks>
internal sealed class ParityConstraint
{
    private readonly int[] _rowCell; // cell of each row, -1 if the row belongs to no event
    private readonly bool[] _y;
    private readonly bool _errorUtility;
    private readonly int[] _cellEvent;
    private readonly double[] _cellProbability; // P(E=e, A=a)
    private readonly double[] _eventProbability; // P(E=e)
    private readonly int[] _cellCount;
    private readonly int[] _eventCount;

    public ParityConstraint(ReductionConstraint kind, bool[] y, int[] group, string[] groupNames, double bound)
    {
        Kind = kind;
        Bound = bound;
        _y = y;
        _errorUtility = kind == ReductionConstraint.ErrorRateParity;
        var n = y.Length;
        var groups = groupNames.Length;
        string[] eventNames = kind switch
        {
            ReductionConstraint.DemographicParity or ReductionConstraint.ErrorRateParity => ["all"],
            ReductionConstraint.TruePositiveRateParity => ["label=1"],
            ReductionConstraint.FalsePositiveRateParity => ["label=0"],
            ReductionConstraint.EqualizedOdds => ["label=0", "label=1"],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var events = eventNames.Length;
        var rowEvent = new int[n];
        var counts = new int[events * groups];
        for (var i = 0; i < n; i++)
        {
            var e = kind switch
            {
                ReductionConstraint.TruePositiveRateParity => y[i] ? 0 : -1,
                ReductionConstraint.FalsePositiveRateParity => y[i] ? -1 : 0,
                ReductionConstraint.EqualizedOdds => y[i] ? 1 : 0,
                _ => 0,
            };
            rowEvent[i] = e;
            if (e >= 0) counts[e * groups + group[i]]++;
        }
        var needsLabels = kind is ReductionConstraint.EqualizedOdds or ReductionConstraint.TruePositiveRateParity or ReductionConstraint.FalsePositiveRateParity;
        var cellOf = new int[events * groups];
        var cells = 0;
        var cellEvent = new List<int>();
        var cellGroup = new List<int>();
        for (var e = 0; e < events; e++)
        for (var a = 0; a < groups; a++)
        {
            if (counts[e * groups + a] == 0)
            {
                if (needsLabels)
                    throw VigilException.BadData(
                        $"group '{groupNames[a]}' has no rows with {eventNames[e]}: {kind} compares rates within each label, so every group needs both classes");
                cellOf[e * groups + a] = -1;
                continue;
            }
            cellOf[e * groups + a] = cells++;
            cellEvent.Add(e);
            cellGroup.Add(a);
        }
        Cells = cells;
        _cellEvent = [.. cellEvent];
        CellGroup = [.. cellGroup];
        _cellCount = new int[cells];
        _cellProbability = new double[cells];
        _eventCount = new int[events];
        _eventProbability = new double[events];
        _rowCell = new int[n];
        for (var i = 0; i < n; i++)
        {
            var e = rowEvent[i];
            _rowCell[i] = e < 0 ? -1 : cellOf[e * groups + group[i]];
        }
        for (var c = 0; c < cells; c++)
        {
            _cellCount[c] = counts[_cellEvent[c] * groups + CellGroup[c]];
            _eventCount[_cellEvent[c]] += _cellCount[c];
        }
        for (var c = 0; c < cells; c++) _cellProbability[c] = (double)_cellCount[c] / n;
        for (var e = 0; e < events; e++) _eventProbability[e] = (double)_eventCount[e] / n;
        Events = eventNames;
        var labels = new string[2 * cells];
        for (var s = 0; s < 2; s++)
        for (var c = 0; c < cells; c++)
            labels[s * cells + c] = $"{(s == 0 ? '+' : '-')},{eventNames[_cellEvent[c]]},{groupNames[CellGroup[c]]}";
        Labels = labels;
        // Fairlearn's GridSearch basis: per event, every group but the last in order of first appearance.
        var firstSeen = new List<int>();
        var seen = new bool[groups];
        foreach (var g in group)
        {
            if (seen[g]) continue;
            seen[g] = true;
            firstSeen.Add(g);
        }
        var basis = new List<int>();
        var eventOrder = new List<int>();
        var eventSeen = new bool[events];
        foreach (var e in rowEvent)
        {
            if (e < 0 || eventSeen[e]) continue;
            eventSeen[e] = true;
            eventOrder.Add(e);
        }
        foreach (var e in eventOrder)
            for (var j = 0; j < firstSeen.Count - 1; j++)
            {
                var cell = cellOf[e * groups + firstSeen[j]];
                if (cell >= 0) basis.Add(cell);
            }
        BasisCells = [.. basis];
    }

    public ReductionConstraint Kind { get; }

    /// <summary>The difference bound ε of every constraint.</summary>
    public double Bound { get; }

    /// <summary>Number of (event, group) cells; there are 2 · Cells constraints.</summary>
    public int Cells { get; }

    public int Count => 2 * Cells;

    public IReadOnlyList<string> Events { get; }

    public int[] CellGroup { get; }

    /// <summary>"sign,event,group" of each constraint.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The cells spanning the grid of Grid Search (Fairlearn's <c>pos_basis</c>/<c>neg_basis</c>).</summary>
    public int[] BasisCells { get; }

    /// <summary>
    /// Training error <c>Σ|yᵢ − hᵢ| / n</c> (Fairlearn's ErrorRate with unit costs) and the constraint values γ (length
    /// <see cref="Count"/>, not yet minus the bound) of the 0/1 predictions <paramref name="h"/>.
    /// </summary>
    public double Evaluate(ReadOnlySpan<byte> h, Span<double> gamma)
    {
        var n = _y.Length;
        Span<double> cellSum = Cells <= 256 ? stackalloc double[Cells] : new double[Cells];
        cellSum.Clear();
        long errors = 0;
        for (var i = 0; i < n; i++)
        {
            var wrong = (h[i] != 0) != _y[i];
            if (wrong) errors++;
            var c = _rowCell[i];
            if (c < 0) continue;
            var g = _errorUtility ? (wrong ? 1.0 : 0.0) : h[i];
            cellSum[c] += g;
        }
        Span<double> eventSum = stackalloc double[Events.Count];
        eventSum.Clear();
        for (var c = 0; c < Cells; c++) eventSum[_cellEvent[c]] += cellSum[c];
        for (var c = 0; c < Cells; c++)
        {
            var e = _cellEvent[c];
            var cellMean = cellSum[c] / _cellCount[c];
            var eventMean = eventSum[e] / _eventCount[e];
            gamma[c] = cellMean - eventMean;
            gamma[Cells + c] = eventMean - cellMean;
        }
        return (double)errors / n;
    }

    /// <summary>
    /// Fairlearn's <c>project_lambda</c> for ratio 1: λ₊' = max(λ₊ − λ₋, 0), λ₋' = max(λ₋ − λ₊, 0) per cell.
    /// </summary>
    public void Project(ReadOnlySpan<double> lambda, Span<double> projected)
    {
        for (var c = 0; c < Cells; c++)
        {
            var d = lambda[c] - lambda[Cells + c];
            projected[c] = Math.Max(d, 0);
            projected[Cells + c] = Math.Max(-d, 0);
        }
    }

    /// <summary>
    /// The signed cost-sensitive weights of the best response (Agarwal et al. 2018, §3.2; Fairlearn's
    /// <c>ErrorRate.signed_weights() + UtilityParity.signed_weights(λ)</c>):
    /// <c>wᵢ = (2yᵢ − 1) + Δuᵢ · (Λ(e) − (λ₊(e,a) − λ₋(e,a)) / P(e,a))</c> with
    /// <c>Λ(e) = Σₐ (λ₊(e,a) − λ₋(e,a)) / P(e)</c>, for row i in event e and group a (0 when in no event), and
    /// Δu = 1 (or 1 − 2y for error rate parity). When <paramref name="includeObjective"/> is false the error term is
    /// left out.
    /// </summary>
    public void SignedWeights(ReadOnlySpan<double> lambda, Span<double> weights, bool includeObjective = true)
    {
        Span<double> eventLambda = stackalloc double[Events.Count];
        eventLambda.Clear();
        for (var c = 0; c < Cells; c++) eventLambda[_cellEvent[c]] += lambda[c] - lambda[Cells + c];
        for (var e = 0; e < eventLambda.Length; e++) eventLambda[e] /= _eventProbability[e];
        Span<double> adjust = Cells <= 256 ? stackalloc double[Cells] : new double[Cells];
        for (var c = 0; c < Cells; c++)
            adjust[c] = eventLambda[_cellEvent[c]] - (lambda[c] - lambda[Cells + c]) / _cellProbability[c];
        for (var i = 0; i < _y.Length; i++)
        {
            var w = includeObjective ? (_y[i] ? 1.0 : -1.0) : 0.0;
            var c = _rowCell[i];
            if (c >= 0)
            {
                var utilityDiff = _errorUtility ? (_y[i] ? -1.0 : 1.0) : 1.0;
                w += utilityDiff * adjust[c];
            }
            weights[i] = w;
        }
    }
}
