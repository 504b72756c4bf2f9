using MathNet.Numerics;

namespace Vigil.Core.Drift.Numeric;

/// <summary>
/// Survival function of the one-sample two-sided Kolmogorov statistic D_n (scipy.stats.kstwo.sf,
/// Simard and L'Ecuyer 2011 as in scipy/stats/_ksstats.py). Regions: Ruben-Gambino closed forms near
/// 0 and 1; 2·smirnov(n, x) (the exact one-sided Birnbaum-Tingey sum) when n·x² ≥ 2.2 or x ≥ 0.5;
/// otherwise the Pelz-Good asymptotic series. Where scipy would use the Durbin matrix (n ≤ 140, or
/// n ≤ 100,000 with n·x^1.5 ≤ 1.4; p close to 1 there) this uses Pelz-Good too, which agrees to about 1e-5.
/// </summary>
public static class KolmogorovDistribution
{
    private const double PiSquared = Math.PI * Math.PI;

    /// <summary>P(D_n ≥ x).</summary>
    public static double Sf(long n, double x)
    {
        if (n <= 0 || double.IsNaN(x)) return double.NaN;
        if (x >= 1.0) return 0.0;
        if (x <= 0.0) return 1.0;
        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5) return 1.0;
            // CDF = n!/n^n · (2t − 1)^n
            var logCdf = SpecialFunctions.FactorialLn((int)Math.Min(n, int.MaxValue)) - n * Math.Log(n) + n * Math.Log(2 * t - 1);
            return Math.Clamp(1.0 - Math.Exp(logCdf), 0, 1);
        }
        if (t >= n - 1) return Math.Clamp(2 * Math.Pow(1.0 - x, n), 0, 1);
        if (x >= 0.5) return Math.Clamp(2 * SmirnovSf(n, x), 0, 1);
        var nxSquared = t * x;
        if (nxSquared >= 370.0) return 0.0;
        if (nxSquared >= 2.2) return Math.Clamp(2 * SmirnovSf(n, x), 0, 1);
        return Math.Clamp(PelzGoodSf(n, x), 0, 1);
    }

    /// <summary>
    /// One-sided Smirnov survival P(D_n⁺ ≥ x) = x·Σ_{j=0}^{⌊n(1−x)⌋} C(n,j)(x + j/n)^{j−1}(1 − x − j/n)^{n−j}
    /// (scipy.special.smirnov), summed in log space.
    /// </summary>
    public static double SmirnovSf(long n, double x)
    {
        if (x >= 1.0) return 0.0;
        if (x <= 0.0) return 1.0;
        var last = (long)Math.Floor(n * (1.0 - x));
        var logX = Math.Log(x);
        var logChoose = 0.0; // log C(n, 0)
        var sum = 0.0;
        for (long j = 0; j <= last; j++)
        {
            if (j > 0) logChoose += Math.Log((double)(n - j + 1)) - Math.Log(j);
            var rest = 1.0 - x - (double)j / n;
            if (rest <= 0 && n - j > 0) continue;
            var logTerm = logChoose + logX + (j - 1) * Math.Log(x + (double)j / n) + (n - j) * Math.Log(Math.Max(rest, double.Epsilon));
            if (j == 0) logTerm = n * Math.Log(1.0 - x);
            sum += Math.Exp(logTerm);
        }
        return sum;
    }

    /// <summary>Pelz-Good (1976) approximation of P(D_n ≥ x), as scipy's _kolmogn_PelzGood.</summary>
    public static double PelzGoodSf(long n, double x)
    {
        var z = Math.Sqrt(n) * x;
        double zsq = z * z, zthree = zsq * z, zfour = zsq * zsq, zsix = zfour * zsq;
        var qlog = -PiSquared / 8 / zsq;
        if (qlog < -708.3964185322641) return 1.0;
        var q = Math.Exp(qlog);
        const double pi4 = PiSquared * PiSquared, pi6 = pi4 * PiSquared;
        var sqrt2Pi = Math.Sqrt(2 * Math.PI);

        var k1a = -zsq;
        var k1b = PiSquared / 4;
        var k2a = 6 * zsix + 2 * zfour;
        var k2b = (2 * zfour - 5 * zsq) * PiSquared / 4;
        var k2c = pi4 * (1 - 2 * zsq) / 16;
        var k3d = pi6 * (5 - 30 * zsq) / 64;
        var k3c = pi4 * (-60 * zsq + 212 * zfour) / 16;
        var k3b = PiSquared * (135 * zfour - 96 * zsix) / 4;
        var k3a = -30 * zsix - 90 * zfour * zfour;

        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            double m = 2 * k - 1, msq = m * m, mfour = msq * msq, msix = mfour * msq;
            var qpower = Math.Pow(q, 8 * k);
            s0 = s0 * qpower + 1.0;
            s1 = s1 * qpower + (k1a + k1b * msq);
            s2 = s2 * qpower + (k2a + k2b * msq + k2c * mfour);
            s3 = s3 * qpower + (k3a + k3b * msq + k3c * mfour + k3d * msix);
        }
        var scale = q * sqrt2Pi;
        s0 *= scale / z;
        s1 *= scale / (6 * zfour);
        s2 *= scale / (72 * zfour * zthree);
        s3 *= scale / (6480 * zfour * zsix);

        var q2 = Math.Exp(-PiSquared / 2 / zsq);
        double k2extra = 0, k3extra = 0;
        var sqrt3z = Math.Sqrt(3) * z;
        for (var k = maxk; k > 0; k--)
        {
            double ksq = (double)k * k;
            var qp = Math.Pow(q2, ksq);
            var kspi = Math.PI * k;
            k2extra += ksq * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }
        s2 += k2extra * PiSquared * sqrt2Pi / (-36 * zthree);
        s3 += k3extra * PiSquared * sqrt2Pi / (216 * zsix);

        var sqrtN = Math.Sqrt(n);
        var cdf = s0 + s1 / sqrtN + s2 / n + s3 / (n * sqrtN);
        return 1.0 - cdf;
    }
}
