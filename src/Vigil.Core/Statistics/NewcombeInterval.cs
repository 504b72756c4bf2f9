namespace Vigil.Core.Statistics;

/// <summary>
/// Newcombe's (1998, method 10) hybrid score interval for the difference of two independent proportions
/// p1 − p2: with (l1, u1) and (l2, u2) the Wilson intervals of each,
/// <c>[d − sqrt((p1 − l1)² + (u2 − p2)²), d + sqrt((u1 − p1)² + (p2 − l2)²)]</c>. It stays inside [−1, 1] and is
/// well behaved at 0 and 1 where the Wald interval is not.
/// </summary>
public static class NewcombeInterval
{
    /// <summary>The interval of x1/n1 − x2/n2; null when a sample is empty.</summary>
    public static Interval? Compute(long x1, long n1, long x2, long n2, double confidence = 0.95)
    {
        if (n1 <= 0 || n2 <= 0) return null;
        if (WilsonInterval.Compute(x1, n1, confidence) is not { } w1 || WilsonInterval.Compute(x2, n2, confidence) is not { } w2) return null;
        var p1 = (double)x1 / n1;
        var p2 = (double)x2 / n2;
        var d = p1 - p2;
        var low = d - Math.Sqrt((p1 - w1.Low) * (p1 - w1.Low) + (w2.High - p2) * (w2.High - p2));
        var high = d + Math.Sqrt((w1.High - p1) * (w1.High - p1) + (p2 - w2.Low) * (p2 - w2.Low));
        return new Interval(Math.Max(-1, low), Math.Min(1, high));
    }
}
