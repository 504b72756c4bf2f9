namespace Vigil.Core.Estimation;

/// <summary>Solves A·x = b for a small symmetric positive-definite A (row-major p×p) by the Cholesky factorisation A = L·Lᵀ.</summary>
internal static class Cholesky
{
    /// <summary>False when A is not positive definite (a pivot ≤ 0); <paramref name="a"/> is overwritten by L.</summary>
    public static bool Solve(double[] a, double[] b, double[] x, int p)
    {
        for (var j = 0; j < p; j++)
        {
            var s = a[j * p + j];
            for (var k = 0; k < j; k++) s -= a[j * p + k] * a[j * p + k];
            if (!(s > 0)) return false;
            var l = Math.Sqrt(s);
            a[j * p + j] = l;
            for (var i = j + 1; i < p; i++)
            {
                var t = a[i * p + j];
                for (var k = 0; k < j; k++) t -= a[i * p + k] * a[j * p + k];
                a[i * p + j] = t / l;
            }
        }
        for (var i = 0; i < p; i++)
        {
            var t = b[i];
            for (var k = 0; k < i; k++) t -= a[i * p + k] * x[k];
            x[i] = t / a[i * p + i];
        }
        for (var i = p - 1; i >= 0; i--)
        {
            var t = x[i];
            for (var k = i + 1; k < p; k++) t -= a[k * p + i] * x[k];
            x[i] = t / a[i * p + i];
        }
        return true;
    }
}
