namespace Vigil.Core.DataAudit;

/// <summary>The result of <see cref="Consistency.Compute"/>.</summary>
/// <param name="Value">The consistency (a METRIC; with a normal-approximation 95% CI when estimated from a sample of rows).</param>
/// <param name="Method">"exact" (every row a query) or "sampled_queries".</param>
/// <param name="Rows">Rows used: those with every feature present.</param>
/// <param name="QueryRows">Rows whose neighbourhoods were averaged (all rows when exact).</param>
public sealed record ConsistencyResult(Metric Value, string Method, int Rows, int QueryRows);

/// <summary>
/// AIF360's individual-fairness "consistency" of labels (Zemel et al. 2013, "Learning Fair
/// Representations", ICML; aif360.metrics.BinaryLabelDatasetMetric.consistency):
/// consistency = 1 − (1/n) Σ_i |y_i − (1/k) Σ_{j ∈ kNN(x_i)} y_j|, where kNN(x_i) are the k nearest rows
/// by Euclidean distance on the raw feature values and include row i itself (AIF360 fits
/// NearestNeighbors on X and queries X). 1 means every row has the label of its neighbourhood.
/// </summary>
public static class Consistency
{
    /// <summary>Above this many rows the consistency is estimated from a seeded uniform sample of query rows.</summary>
    public const int ExactLimit = 10_000;

    /// <summary>Query rows sampled when n exceeds <see cref="ExactLimit"/> (neighbours still searched among all n rows).</summary>
    public const int SampledQueries = 250;

    /// <summary>
    /// Consistency of <paramref name="labels"/> (0/1) among the rows whose <paramref name="features"/>
    /// (columns, NaN = missing) are all present. With <paramref name="standardize"/> each feature is first
    /// z-scored (population sd; a constant feature becomes 0), so that no feature dominates the distance
    /// through its unit — Vigil's "standardized" variant; AIF360 itself uses the raw values.
    /// For n ≤ <see cref="ExactLimit"/> the value is exact; above it, it is the mean over
    /// <see cref="SampledQueries"/> seeded random rows of the same per-row term (each row's neighbours
    /// searched among all rows, with single-precision distances), an unbiased estimate reported with a 95% normal CI.
    /// Undefined when fewer than k rows have every feature.
    /// </summary>
    public static ConsistencyResult Compute(IReadOnlyList<double[]> features, ReadOnlySpan<byte> labels, int k = 5, bool standardize = false, int seed = StatisticalDefaults.Seed)
    {
        var prepared = Prepare(features, labels, k);
        if (prepared.Undefined is { } undefined) return undefined;
        if (standardize) Standardize(prepared.Matrix!, prepared.Rows, features.Count);
        return Search(prepared.Matrix!, prepared.Y!, prepared.Rows, features.Count, k, seed);
    }

    /// <summary>The raw and the standardized consistency from one copy of the feature matrix (standardized in place after the raw pass).</summary>
    public static (ConsistencyResult Raw, ConsistencyResult Standardized) ComputeBoth(IReadOnlyList<double[]> features, ReadOnlySpan<byte> labels, int k = 5, int seed = StatisticalDefaults.Seed)
    {
        var prepared = Prepare(features, labels, k);
        if (prepared.Undefined is { } undefined) return (undefined, undefined);
        var raw = Search(prepared.Matrix!, prepared.Y!, prepared.Rows, features.Count, k, seed);
        Standardize(prepared.Matrix!, prepared.Rows, features.Count);
        return (raw, Search(prepared.Matrix!, prepared.Y!, prepared.Rows, features.Count, k, seed));
    }

    private sealed record Prepared(double[]? Matrix, byte[]? Y, int Rows, ConsistencyResult? Undefined);

    /// <summary>Row-major matrix of the rows with every feature present (and a label), and their labels.</summary>
    private static Prepared Prepare(IReadOnlyList<double[]> features, ReadOnlySpan<byte> labels, int k)
    {
        var total = labels.Length;
        var dims = features.Count;
        var keep = new int[total];
        var rows = 0;
        for (var i = 0; i < total; i++)
        {
            if (labels[i] > 1) continue;
            var complete = true;
            for (var f = 0; f < dims && complete; f++) complete = !double.IsNaN(features[f][i]);
            if (complete) keep[rows++] = i;
        }
        if (dims == 0) return new Prepared(null, null, rows, new ConsistencyResult(Metric.Undefined("no numeric feature to measure distances on"), "exact", rows, 0));
        if (rows < k) return new Prepared(null, null, rows, new ConsistencyResult(Metric.Undefined($"fewer than k = {k} rows with every feature present"), "exact", rows, 0));

        var matrix = new double[(long)rows * dims];
        var y = new byte[rows];
        for (var f = 0; f < dims; f++)
        {
            var column = features[f];
            for (var r = 0; r < rows; r++) matrix[(long)r * dims + f] = column[keep[r]];
        }
        for (var r = 0; r < rows; r++) y[r] = labels[keep[r]];
        return new Prepared(matrix, y, rows, null);
    }

    /// <summary>z-scores every column of the matrix in place (population sd; a constant column becomes 0).</summary>
    private static void Standardize(double[] matrix, int rows, int dims)
    {
        for (var f = 0; f < dims; f++)
        {
            double mean = 0;
            for (var r = 0; r < rows; r++) mean += matrix[(long)r * dims + f];
            mean /= rows;
            double ss = 0;
            for (var r = 0; r < rows; r++)
            {
                var d = matrix[(long)r * dims + f] - mean;
                ss += d * d;
            }
            var sd = Math.Sqrt(ss / rows);
            var scale = sd > 0 ? 1 / sd : 0;
            for (var r = 0; r < rows; r++) matrix[(long)r * dims + f] = (matrix[(long)r * dims + f] - mean) * scale;
        }
    }

    private static ConsistencyResult Search(double[] matrix, byte[] y, int rows, int dims, int k, int seed)
    {
        var exact = rows <= ExactLimit;
        int[] queries;
        if (exact)
        {
            queries = new int[rows];
            for (var r = 0; r < rows; r++) queries[r] = r;
        }
        else
        {
            var rng = new Random(seed);
            queries = new int[SampledQueries];
            for (var q = 0; q < queries.Length; q++) queries[q] = rng.Next(rows);
        }
        // Exact: double precision. Sampled estimate: single-precision distances (twice the SIMD width).
        int[] neighbours;
        if (exact)
        {
            neighbours = NearestNeighbours.Search(matrix, rows, dims, queries, k);
        }
        else
        {
            var single = new float[matrix.Length];
            for (var i = 0; i < single.Length; i++) single[i] = (float)matrix[i];
            neighbours = NearestNeighbours.Search(single, rows, dims, queries, k);
        }
        double sum = 0, sumSquares = 0;
        for (var q = 0; q < queries.Length; q++)
        {
            var mean = 0.0;
            for (var j = 0; j < k; j++) mean += y[neighbours[q * k + j]];
            var term = Math.Abs(y[queries[q]] - mean / k);
            sum += term;
            sumSquares += term * term;
        }
        var m = queries.Length;
        var value = 1 - sum / m;
        if (exact) return new ConsistencyResult(Metric.Of(value), "exact", rows, m);
        var meanTerm = sum / m;
        var se = Math.Sqrt(Math.Max(0, (sumSquares / m - meanTerm * meanTerm) * m / (m - 1)) / m);
        var ci = new Interval(Math.Max(0, value - 1.959963984540054 * se), Math.Min(1, value + 1.959963984540054 * se));
        return new ConsistencyResult(new Metric(value, ci, $"estimated from {m} random query rows of {rows} (neighbours searched among all rows)") { CiMethod = "normal" },
            "sampled_queries", rows, m);
    }
}
