using System.Runtime.CompilerServices;
using System.Globalization;

namespace Vigil.Data;

/// <summary>
/// Numbers in a delimited file's bytes as DuckDB's cast to DOUBLE reads them, for the scans that read files from their
/// bytes (<see cref="DelimitedFile"/>): only the form <c>-?digits[.digits][(e|E)[+-]digits]</c>, which every cast reads
/// alike; any other form is left to DuckDB.
/// </summary>
internal static class DelimitedNumber
{
    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// A number written <c>-?digits[.digits][(e|E)[+-]digits]</c>, correctly rounded as DuckDB's cast (fast_float) rounds it:
    /// up to 15 significant digits and a power of ten within ±22 the quotient or product of two exact doubles (Clinger's
    /// fast path, one rounding), otherwise .NET's parser, which is also correctly rounded. False for any other form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe bool TryParse(byte* s, int n, out double value)
    {
        var negative = s[0] == (byte)'-';
        var start = negative ? 1 : 0;
        if (n - start <= 16)
        {
            // The usual cell (0.25675, -1.0032, 4): at most 15 digits and no exponent, in one loop.
            long digits = 0; // signed: one conversion instruction to double, where ulong takes several
            var count = 0;
            var point = -1;
            var i = start;
            for (; i < n; i++)
            {
                var d = (uint)(s[i] - '0');
                if (d <= 9)
                {
                    digits = digits * 10 + d;
                    count++;
                }
                else if (s[i] == (byte)'.' && point < 0)
                {
                    point = i;
                }
                else
                {
                    break;
                }
            }
            if (i == n && count > 0 && count <= 15 && point != start && point != n - 1)
            {
                value = point < 0 ? digits : digits / Pow10[n - 1 - point];
                if (negative) value = -value;
                return true;
            }
        }
        return TryParseGeneral(s, n, negative, out value);
    }

    private static unsafe bool TryParseGeneral(byte* s, int n, bool negative, out double value)
    {
        value = 0;
        var i = negative ? 1 : 0;
        ulong mantissa = 0;
        var significant = 0;
        var exponent = 0;
        var integerDigits = 0;
        for (; i < n && (uint)(s[i] - '0') <= 9; i++, integerDigits++)
        {
            if (mantissa == 0 && s[i] == (byte)'0') continue;
            if (++significant <= 19) mantissa = mantissa * 10 + (uint)(s[i] - '0');
        }
        if (integerDigits == 0) return false;
        if (i < n && s[i] == (byte)'.')
        {
            i++;
            var fractionDigits = 0;
            for (; i < n && (uint)(s[i] - '0') <= 9; i++, fractionDigits++)
            {
                exponent--;
                if (mantissa == 0 && s[i] == (byte)'0') continue;
                if (++significant <= 19) mantissa = mantissa * 10 + (uint)(s[i] - '0');
            }
            if (fractionDigits == 0) return false;
        }
        if (i < n && (s[i] == (byte)'e' || s[i] == (byte)'E'))
        {
            i++;
            if (i < n && (s[i] == (byte)'+' || s[i] == (byte)'-')) i++;
            var exponentDigits = 0;
            for (; i < n && (uint)(s[i] - '0') <= 9; i++) exponentDigits++;
            if (exponentDigits == 0) return false;
            return i == n && Parse(s, n, out value);
        }
        if (i != n) return false;
        if (significant > 15 || exponent < -22) return Parse(s, n, out value);
        value = (double)mantissa / Pow10[-exponent];
        if (negative) value = -value;
        return true;
    }

    /// <summary><see cref="TryParse(byte*, int, out double)"/> of a span.</summary>
    public static unsafe bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        fixed (byte* s = text) return TryParse(s, text.Length, out value);
    }

    private static unsafe bool Parse(byte* s, int n, out double value) =>
        double.TryParse(new ReadOnlySpan<byte>(s, n), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
