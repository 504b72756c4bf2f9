namespace Vigil.Examples.HeartDisease;

/// <summary>
/// The model's preprocessing, fitted on a training fold only and then applied to that fold and
/// to its held-out fold:
/// <list type="bullet">
/// <item>missing <c>ca</c>/<c>thal</c> are imputed with the training fold's mode (ties go to
/// the smaller code);</item>
/// <item>age, trestbps, chol, thalach and oldpeak are standardized with the training fold's mean
/// and sample standard deviation;</item>
/// <item>sex (1 = M), fbs and exang stay 0/1;</item>
/// <item>cp, restecg, slope, ca and thal are one-hot encoded over every level that
/// <c>heart-disease.names</c> documents (no reference level is dropped; the L2 penalty keeps
/// the fit identified).</item>
/// </list>
/// </summary>
internal sealed class FeatureEncoder
{
    private static readonly int[] CpLevels = [1, 2, 3, 4];
    private static readonly int[] RestecgLevels = [0, 1, 2];
    private static readonly int[] SlopeLevels = [1, 2, 3];
    private static readonly int[] CaLevels = [0, 1, 2, 3];
    private static readonly int[] ThalLevels = [3, 6, 7];

    private static readonly Func<HeartPatient, double>[] NumericGetters =
    [
        p => p.Age, p => p.Trestbps, p => p.Chol, p => p.Thalach, p => p.Oldpeak,
    ];

    /// <summary>Names of the encoded features, in vector order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "age_z", "trestbps_z", "chol_z", "thalach_z", "oldpeak_z",
        "sex_M", "fbs", "exang",
        .. CpLevels.Select(l => $"cp_{l}"),
        .. RestecgLevels.Select(l => $"restecg_{l}"),
        .. SlopeLevels.Select(l => $"slope_{l}"),
        .. CaLevels.Select(l => $"ca_{l}"),
        .. ThalLevels.Select(l => $"thal_{l}"),
    ];

    /// <summary>Length of the encoded feature vector.</summary>
    public static int Width => FeatureNames.Count;

    private readonly double[] _means;
    private readonly double[] _sds;

    private FeatureEncoder(double[] means, double[] sds, int caMode, int thalMode)
    {
        _means = means;
        _sds = sds;
        CaMode = caMode;
        ThalMode = thalMode;
    }

    /// <summary>The training fold's most frequent ca, used for missing ca.</summary>
    public int CaMode { get; }

    /// <summary>The training fold's most frequent thal, used for missing thal.</summary>
    public int ThalMode { get; }

    /// <summary>Fits imputation modes and standardization on the training rows only.</summary>
    public static FeatureEncoder Fit(IReadOnlyList<HeartPatient> training)
    {
        if (training.Count < 2)
        {
            throw new ArgumentException("need at least two training rows", nameof(training));
        }

        var means = new double[NumericGetters.Length];
        var sds = new double[NumericGetters.Length];
        for (var j = 0; j < NumericGetters.Length; j++)
        {
            var mean = 0.0;
            foreach (var p in training)
            {
                mean += NumericGetters[j](p);
            }

            mean /= training.Count;
            var ss = 0.0;
            foreach (var p in training)
            {
                var d = NumericGetters[j](p) - mean;
                ss += d * d;
            }

            var sd = Math.Sqrt(ss / (training.Count - 1));
            means[j] = mean;
            sds[j] = sd > 0 ? sd : 1.0;
        }

        return new FeatureEncoder(
            means,
            sds,
            Mode(training.Select(p => p.Ca), CaLevels),
            Mode(training.Select(p => p.Thal), ThalLevels));
    }

    /// <summary>The encoded feature vector of one patient.</summary>
    public float[] Encode(HeartPatient p)
    {
        var v = new float[Width];
        var k = 0;
        for (var j = 0; j < NumericGetters.Length; j++)
        {
            v[k++] = (float)((NumericGetters[j](p) - _means[j]) / _sds[j]);
        }

        v[k++] = p.Sex;
        v[k++] = p.Fbs;
        v[k++] = p.Exang;
        k = OneHot(v, k, CpLevels, p.Cp);
        k = OneHot(v, k, RestecgLevels, p.Restecg);
        k = OneHot(v, k, SlopeLevels, p.Slope);
        k = OneHot(v, k, CaLevels, p.Ca ?? CaMode);
        k = OneHot(v, k, ThalLevels, p.Thal ?? ThalMode);
        if (k != Width)
        {
            throw new InvalidOperationException("feature vector width mismatch");
        }

        return v;
    }

    private static int OneHot(float[] v, int start, int[] levels, int value)
    {
        var i = Array.IndexOf(levels, value);
        if (i < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "level not documented");
        }

        v[start + i] = 1f;
        return start + levels.Length;
    }

    private static int Mode(IEnumerable<int?> values, int[] levels)
    {
        var counts = new int[levels.Length];
        foreach (var x in values)
        {
            if (x is { } code)
            {
                counts[Array.IndexOf(levels, code)]++;
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return levels[best];
    }
}
