using System.Globalization;
using Vigil.Reporting.Audit;

namespace Vigil.Reporting.Document;

/// <summary>How numbers are written in every report (invariant culture, fixed decimals).</summary>
public static class Numbers
{
    /// <summary>A proportion as a percentage with one decimal, e.g. 0.28 → "28.0%".</summary>
    public static string Percent(double p) => (p * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// Appended inside the parentheses of an interval that does not contain its own point estimate (a percentile
    /// bootstrap of a biased statistic can do that): every reported estimate lies inside its interval or says so.
    /// </summary>
    public const string OutsideNote = "estimate outside its interval";

    /// <summary>True when <paramref name="value"/> lies outside [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    public static bool Outside(double value, double lower, double upper) => value < lower || value > upper;

    /// <summary>"value (lower–upper)" in <paramref name="format"/>, with <see cref="OutsideNote"/> when the value lies outside.</summary>
    public static string WithInterval(double value, double lower, double upper, Func<double, string> format) =>
        $"{format(value)} ({format(lower)}–{format(upper)}{(Outside(value, lower, upper) ? "; " + OutsideNote : "")})";

    /// <summary>A metric as a percentage with its interval, or "n/a (reason)" when undefined.</summary>
    public static string PercentWithCi(MetricValue m) =>
        m.Value is not double v ? Undefined(m)
        : m.HasInterval ? WithInterval(v, m.Lower!.Value, m.Upper!.Value, Percent)
        : Percent(v);

    /// <summary>A metric with three decimals and its interval, or "n/a (reason)" when undefined.</summary>
    public static string DecimalWithCi(MetricValue m) =>
        m.Value is not double v ? Undefined(m)
        : m.HasInterval ? WithInterval(v, m.Lower!.Value, m.Upper!.Value, x => Fixed(x, 3))
        : Fixed(v, 3);

    /// <summary>"n/a", with the reason when there is one.</summary>
    public static string Undefined(MetricValue m) => m.Reason is null ? "n/a" : $"n/a ({m.Reason})";

    /// <summary>Fixed decimals, with a true minus sign for negatives.</summary>
    public static string Fixed(double x, int decimals) =>
        x.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).Replace("-", "−", StringComparison.Ordinal);

    /// <summary>A signed number with fixed decimals, e.g. "+9.6" or "−6.0".</summary>
    public static string WithSign(double x, int decimals) => (x > 0 ? "+" : "") + Fixed(x, decimals);

    /// <summary>A whole number with thousands separators, e.g. "10,000".</summary>
    public static string Thousands(double x) => x.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A whole count.</summary>
    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A p-value with three significant decimals ("&lt; 0.001" below that).</summary>
    public static string PValue(double p) => p < 0.001 ? "< 0.001" : Fixed(p, 3);

    /// <summary>The interval level, e.g. "95%".</summary>
    public static string Level(AuditReportModel audit) => audit.ConfidencePercent.ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
