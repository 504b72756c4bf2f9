namespace Vigil.Mitigation.Evaluation;

/// <summary>One setting of a sweep, evaluated on the held-out rows.</summary>
public sealed record SweepPoint(string Parameter, double Value, string Label, double? Disparity, double Error, double? BalancedAccuracy)
{
    /// <summary>True when no other point has lower-or-equal disparity and error with one strictly lower.</summary>
    public bool ParetoOptimal { get; init; }
}

/// <summary>The Pareto-optimal subset of (disparity, error) points, both to be minimized.</summary>
public static class Pareto
{
    public static IReadOnlyList<SweepPoint> Mark(IReadOnlyList<SweepPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var result = new List<SweepPoint>(points.Count);
        foreach (var p in points)
        {
            var dominated = p.Disparity is not double d;
            if (!dominated)
            {
                foreach (var q in points)
                {
                    if (ReferenceEquals(p, q) || q.Disparity is not double dq) continue;
                    if (dq <= p.Disparity!.Value && q.Error <= p.Error && (dq < p.Disparity.Value || q.Error < p.Error))
                    {
                        dominated = true;
                        break;
                    }
                }
            }
            result.Add(p with { ParetoOptimal = !dominated });
        }
        return result;
    }
}
