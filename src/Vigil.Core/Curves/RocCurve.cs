namespace Vigil.Core.Curves;

/// <summary>ROC points from (0, 0) to (1, 1); Threshold[k] is the score at or above which rows are predicted positive.</summary>
public sealed record RocCurve(double[] Fpr, double[] Tpr, double[] Threshold)
{
    public int Points => Fpr.Length;
}

/// <summary>
/// The ROC curve as scikit-learn's roc_curve (1.2, drop_intermediate=False): one point per distinct score,
/// high to low, so tied scores make one (possibly diagonal) step; the first point (0, 0) has threshold
/// max score + 1 (scikit-learn 1.2's convention; 1.3 and later write +∞, which JSON cannot hold).
/// The trapezoid area under all points equals the Mann–Whitney AUROC with ties counted ½, i.e. the audit's
/// exact auroc. For reports the curve is thinned to at most <see cref="DefaultMaxPoints"/> points
/// (<see cref="Downsample"/>).
/// </summary>
public static class Roc
{
    public const int DefaultMaxPoints = 201;

    /// <summary>Every point of the curve of rows in any order; null when a class is missing.</summary>
    public static RocCurve? Compute(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels)
    {
        if (scores.Length != labels.Length) throw new ArgumentException("scores and labels differ in length", nameof(labels));
        var keys = scores.ToArray();
        var items = labels.ToArray();
        for (var i = 0; i < keys.Length; i++) keys[i] = -keys[i];
        Array.Sort(keys, items); // ascending −score = descending score
        for (var i = 0; i < keys.Length; i++) keys[i] = -keys[i];
        return FromSortedDescending(keys, items);
    }

    /// <summary>Why a group has no ROC curve (null when it has one).</summary>
    public static string? UndefinedReason(long positives, long negatives) =>
        positives + negatives == 0 ? "empty group" : positives == 0 ? "no positives in group" : negatives == 0 ? "no negatives in group" : null;

    /// <summary>Every point from rows sorted by descending score; null when a class is missing.</summary>
    public static RocCurve? FromSortedDescending(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels) =>
        FromSortedDescending(scores, labels, int.MaxValue);

    /// <summary>
    /// The curve of rows sorted by descending score, thinned on the fly to at most <paramref name="maxPoints"/>
    /// points as <see cref="Downsample"/> does (the full curve is never stored); null when a class is missing.
    /// </summary>
    public static RocCurve? FromSortedDescending(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels, int maxPoints)
    {
        if (maxPoints < 2) throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "expected at least 2 points");
        long positives = 0;
        for (var i = 0; i < labels.Length; i++) positives += labels[i];
        long negatives = labels.Length - positives;
        if (UndefinedReason(positives, negatives) is not null) return null;
        var distinct = 1;
        for (var i = 1; i < scores.Length; i++)
            if (scores[i] != scores[i - 1]) distinct++;
        var keepAll = distinct + 1 <= maxPoints; // as Downsample: a curve that fits is not thinned
        var capacity = (int)Math.Min(maxPoints, distinct + 1L);
        var fpr = new List<double>(capacity) { 0 };
        var tpr = new List<double>(capacity) { 0 };
        var threshold = new List<double>(capacity) { scores[0] + 1 };
        var step = 2.0 / (maxPoints - 1);
        var next = step;
        long tp = 0, fp = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (labels[i] != 0) tp++;
            else fp++;
            if (i + 1 < scores.Length && scores[i + 1] == scores[i]) continue;
            var x = (double)fp / negatives;
            var y = (double)tp / positives;
            var last = i + 1 == scores.Length;
            if (!last && !keepAll)
            {
                if (fpr.Count >= maxPoints - 1 || x + y < next) continue;
                while (next <= x + y) next += step;
            }
            fpr.Add(x);
            tpr.Add(y);
            threshold.Add(scores[i]);
        }
        return new RocCurve([.. fpr], [.. tpr], [.. threshold]);
    }

    /// <summary>Area under the points by the trapezoid rule.</summary>
    public static double Area(RocCurve curve)
    {
        var area = 0.0;
        for (var k = 1; k < curve.Fpr.Length; k++)
            area += (curve.Fpr[k] - curve.Fpr[k - 1]) * (curve.Tpr[k] + curve.Tpr[k - 1]) / 2;
        return area;
    }

    /// <summary>
    /// At most <paramref name="maxPoints"/> points of the curve, the first and last always kept: the walk
    /// along the curve has L1 length FPR + TPR = 2, and the first point whose cumulative length reaches each
    /// multiple of 2 / (maxPoints − 1) is kept. Every kept point lies on the full curve; leaving out points
    /// between two kept ones replaces that stretch by its chord, which changes the trapezoid area by at most
    /// ΔFPR·ΔTPR / 2 per chord, and in total by at most (1 + s)·s/4 with s = 2/(maxPoints − 1) plus the largest
    /// single step (in practice far less: 1e-5 on smooth curves of thousands of rows).
    /// </summary>
    public static RocCurve Downsample(RocCurve curve, int maxPoints = DefaultMaxPoints)
    {
        if (maxPoints < 2) throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "expected at least 2 points");
        var n = curve.Points;
        if (n <= maxPoints) return curve;
        var step = 2.0 / (maxPoints - 1);
        var keep = new int[maxPoints];
        var kept = 0;
        keep[kept++] = 0;
        var next = step;
        for (var i = 1; i < n - 1 && kept < maxPoints - 1; i++)
        {
            var length = curve.Fpr[i] + curve.Tpr[i];
            if (length < next) continue;
            keep[kept++] = i;
            while (next <= length) next += step;
        }
        keep[kept++] = n - 1;
        var fpr = new double[kept];
        var tpr = new double[kept];
        var threshold = new double[kept];
        for (var j = 0; j < kept; j++)
        {
            fpr[j] = curve.Fpr[keep[j]];
            tpr[j] = curve.Tpr[keep[j]];
            threshold[j] = curve.Threshold[keep[j]];
        }
        return new RocCurve(fpr, tpr, threshold);
    }
}
