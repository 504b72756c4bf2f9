namespace Vigil.Reporting.Risk;

/// <summary>
/// Interval for a difference of two independent proportions p₁ − p₂ from each proportion's own interval:
/// Newcombe's hybrid score method (Newcombe 1998, method 10), which with Wilson intervals [l₁, u₁] and
/// [l₂, u₂] gives
/// lower = d − √((p₁ − l₁)² + (u₂ − p₂)²), upper = d + √((u₁ − p₁)² + (p₂ − l₂)²), d = p₁ − p₂.
/// </summary>
public static class DifferenceInterval
{
    /// <summary>The difference p₁ − p₂ with Newcombe's interval.</summary>
    public static (double Difference, double Lower, double Upper) Newcombe(double p1, double l1, double u1, double p2, double l2, double u2)
    {
        var d = p1 - p2;
        var lower = d - Math.Sqrt(Square(p1 - l1) + Square(u2 - p2));
        var upper = d + Math.Sqrt(Square(u1 - p1) + Square(p2 - l2));
        return (d, lower, upper);
    }

    private static double Square(double x) => x * x;
}
