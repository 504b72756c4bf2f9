using MathNet.Numerics.Random;

namespace Vigil.Core.Scan;

/// <summary>
/// A subgroup as MDSS searches it: each attribute is either unconstrained or restricted to a set of levels.
/// </summary>
internal sealed class SubsetState
{
    public SubsetState(int[] levelCounts)
    {
        Included = new bool[levelCounts.Length][];
        Constrained = new bool[levelCounts.Length];
        for (var a = 0; a < levelCounts.Length; a++) Included[a] = new bool[levelCounts[a]];
    }

    public bool[][] Included { get; }

    public bool[] Constrained { get; }

    public int ConstrainedCount
    {
        get
        {
            var n = 0;
            foreach (var c in Constrained) if (c) n++;
            return n;
        }
    }

    public SubsetState Clone()
    {
        var copy = new SubsetState(Array.ConvertAll(Included, l => l.Length));
        for (var a = 0; a < Included.Length; a++)
        {
            copy.Constrained[a] = Constrained[a];
            Array.Copy(Included[a], copy.Included[a], Included[a].Length);
        }
        return copy;
    }

    /// <summary>True when the cell's levels satisfy every constrained attribute except <paramref name="skip"/>.</summary>
    public bool Contains(int[] codes, int cell, int attributes, int skip = -1)
    {
        var offset = cell * attributes;
        for (var a = 0; a < attributes; a++)
            if (a != skip && Constrained[a] && !Included[a][codes[offset + a]]) return false;
        return true;
    }

    /// <summary>A canonical text key (attribute index: levels) to recognise the same subgroup found twice.</summary>
    public string Key()
    {
        var parts = new List<string>();
        for (var a = 0; a < Included.Length; a++)
        {
            if (!Constrained[a]) continue;
            var levels = new List<int>();
            for (var v = 0; v < Included[a].Length; v++) if (Included[a][v]) levels.Add(v);
            parts.Add($"{a}:{string.Join('.', levels)}");
        }
        return string.Join('|', parts);
    }
}

/// <summary>
/// Multi-dimensional subset scan (Neill, McFowland and Zheng 2013 "Fast subset scan for multivariate event
/// detection"; Zhang and Neill 2016 for classifier bias; AIF360's MDSS bias scan): coordinate ascent over the
/// attributes. Each step holds every other attribute's level set fixed, sums events C_v and records N_v per level v
/// of the chosen attribute over the cells in the current subgroup, and picks the best set of its levels.
/// The expectation-based Bernoulli score with a constant baseline p0 satisfies the linear-time subset scanning
/// property (Neill 2012) with priority C_v/N_v: the best set is one of the m prefixes of the levels sorted by
/// decreasing rate, so m scores decide it exactly. The ascent stops when a full pass over the attributes does not
/// raise the score; it starts once from the whole population and then from <see cref="ScanOptions.Restarts"/>
/// random subgroups (seeded), because coordinate ascent finds a local maximum. Subgroups with fewer than
/// <see cref="ScanOptions.MinSize"/> records in the scanned population, or more than
/// <see cref="ScanOptions.MaxOrder"/> constrained attributes, are never chosen.
/// </summary>
internal static class MdssSearch
{
    private const int MaxPasses = 100;
    private const double Improvement = 1e-10;

    private static readonly Comparer<double> Descending = Comparer<double>.Create((x, y) => y.CompareTo(x));

    /// <summary>The distinct local maxima found, best first (score, then fewer constraints).</summary>
    public static List<(SubsetState State, double Score)> Run(ScanCells cells, double p0, ScanOptions options, ulong seed)
    {
        var rng = new Xoshiro256StarStar(unchecked((int)seed ^ (int)(seed >> 32)), threadSafe: false);
        var found = new Dictionary<string, (SubsetState State, double Score)>(StringComparer.Ordinal);
        var levelCounts = Array.ConvertAll(cells.Levels, l => l.Length);
        var scratch = new Scratch(levelCounts);
        for (var restart = 0; restart <= options.Restarts; restart++)
        {
            var state = new SubsetState(levelCounts);
            if (restart > 0) Randomize(state, rng, options.MaxOrder);
            var score = Ascend(cells, p0, options, state, rng, scratch);
            if (double.IsNegativeInfinity(score)) continue;
            Canonicalize(cells, state);
            var key = state.Key();
            if (!found.ContainsKey(key)) found.Add(key, (state, score));
        }
        var list = found.Values.ToList();
        list.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : x.State.ConstrainedCount.CompareTo(y.State.ConstrainedCount));
        return list;
    }

    /// <summary>The best score only (a randomization replicate).</summary>
    public static double MaxScore(ScanCells cells, double p0, ScanOptions options, ulong seed)
    {
        var best = Run(cells, p0, options, seed);
        return best.Count == 0 ? 0 : best[0].Score;
    }

    private sealed class Scratch(int[] levelCounts)
    {
        public long[][] N { get; } = Array.ConvertAll(levelCounts, m => new long[m]);
        public long[][] C { get; } = Array.ConvertAll(levelCounts, m => new long[m]);
        public int[] Order { get; } = new int[levelCounts.Length == 0 ? 0 : levelCounts.Max()];
        public double[] Rate { get; } = new double[levelCounts.Length == 0 ? 0 : levelCounts.Max()];
    }

    private static void Randomize(SubsetState state, Xoshiro256StarStar rng, int maxOrder)
    {
        var a = state.Included.Length;
        var order = Enumerable.Range(0, a).ToArray();
        rng.Shuffle(order);
        var constrain = 1 + rng.Next(Math.Min(maxOrder, a));
        for (var k = 0; k < constrain; k++)
        {
            var attribute = order[k];
            var levels = state.Included[attribute];
            if (levels.Length < 2) continue;
            var any = false;
            for (var v = 0; v < levels.Length; v++)
            {
                levels[v] = rng.NextDouble() < 0.5;
                any |= levels[v];
            }
            if (!any) levels[rng.Next(levels.Length)] = true;
            state.Constrained[attribute] = true;
        }
    }

    private static double Ascend(ScanCells cells, double p0, ScanOptions options, SubsetState state, Xoshiro256StarStar rng, Scratch scratch)
    {
        var attributes = cells.Attributes;
        var current = Evaluate(cells, p0, options, state);
        var order = Enumerable.Range(0, attributes).ToArray();
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var improved = false;
            rng.Shuffle(order);
            foreach (var a in order)
            {
                var step = BestLevels(cells, p0, options, state, a, scratch);
                if (step is not { } s || !(s.Score > current + Improvement)) continue;
                state.Constrained[a] = !s.All;
                Array.Clear(state.Included[a]);
                if (!s.All)
                    for (var k = 0; k < s.Count; k++) state.Included[a][scratch.Order[k]] = true;
                current = s.Score;
                improved = true;
            }
            if (!improved) break;
        }
        return current;
    }

    /// <summary>
    /// Writes the same subgroup in its simplest form: a constrained attribute loses the levels that hold no records
    /// of the scanned population given the other constraints, and becomes unconstrained when it keeps all the others
    /// (a random start may constrain an attribute to every level it has, which the ascent never needs to change).
    /// </summary>
    private static void Canonicalize(ScanCells cells, SubsetState state)
    {
        var attributes = cells.Attributes;
        for (var a = 0; a < attributes; a++)
        {
            if (!state.Constrained[a]) continue;
            var present = new bool[state.Included[a].Length];
            for (var cell = 0; cell < cells.Count; cell++)
                if (cells.Population[cell] > 0 && state.Contains(cells.Codes, cell, attributes, skip: a))
                    present[cells.Codes[cell * attributes + a]] = true;
            var all = true;
            for (var v = 0; v < present.Length; v++)
            {
                state.Included[a][v] &= present[v];
                if (present[v] && !state.Included[a][v]) all = false;
            }
            if (all)
            {
                state.Constrained[a] = false;
                Array.Clear(state.Included[a]);
            }
        }
    }

    /// <summary>The score of the state, or −∞ when it is too small.</summary>
    private static double Evaluate(ScanCells cells, double p0, ScanOptions options, SubsetState state)
    {
        long n = 0, c = 0;
        for (var cell = 0; cell < cells.Count; cell++)
        {
            if (!state.Contains(cells.Codes, cell, cells.Attributes)) continue;
            n += cells.Population[cell];
            c += cells.Events[cell];
        }
        return n >= options.MinSize && n > 0 ? BernoulliScanScore.Score(c, n, p0) : double.NegativeInfinity;
    }

    /// <summary>
    /// The best level set of attribute <paramref name="a"/> given the others: the prefixes of its levels sorted by
    /// C_v/N_v; the full prefix means "unconstrained". Leaves the chosen order in scratch.Order.
    /// </summary>
    private static (double Score, int Count, bool All)? BestLevels(ScanCells cells, double p0, ScanOptions options, SubsetState state, int a, Scratch scratch)
    {
        var n = scratch.N[a];
        var c = scratch.C[a];
        Array.Clear(n);
        Array.Clear(c);
        var attributes = cells.Attributes;
        var codes = cells.Codes;
        for (var cell = 0; cell < cells.Count; cell++)
        {
            if (!state.Contains(codes, cell, attributes, skip: a)) continue;
            var v = codes[cell * attributes + a];
            n[v] += cells.Population[cell];
            c[v] += cells.Events[cell];
        }
        var m = 0;
        for (var v = 0; v < n.Length; v++)
        {
            if (n[v] == 0) continue;
            scratch.Order[m] = v;
            scratch.Rate[m] = (double)c[v] / n[v];
            m++;
        }
        if (m == 0) return null;
        // Decreasing rate; ties by level index, so the order (and the result) is deterministic.
        Array.Sort(scratch.Rate, scratch.Order, 0, m, Descending);
        StableTies(scratch, m);

        var othersConstrained = state.ConstrainedCount - (state.Constrained[a] ? 1 : 0);
        var mayConstrain = othersConstrained < options.MaxOrder;
        long sumN = 0, sumC = 0;
        for (var k = 0; k < m; k++)
        {
            sumN += n[scratch.Order[k]];
            sumC += c[scratch.Order[k]];
        }
        (double Score, int Count, bool All)? best = null;
        // From the full prefix (unconstrained) down, so that ties keep the simpler subgroup.
        for (var k = m; k >= 1; k--)
        {
            if (k < m && !mayConstrain) break;
            if (sumN >= options.MinSize)
            {
                var score = BernoulliScanScore.Score(sumC, sumN, p0);
                if (best is null || score > best.Value.Score + Improvement) best = (score, k, k == m);
            }
            var last = scratch.Order[k - 1];
            sumN -= n[last];
            sumC -= c[last];
        }
        return best;
    }

    /// <summary>Within runs of equal rate, orders levels by index (Array.Sort is not stable).</summary>
    private static void StableTies(Scratch scratch, int m)
    {
        var start = 0;
        for (var k = 1; k <= m; k++)
        {
            if (k < m && scratch.Rate[k] == scratch.Rate[start]) continue;
            if (k - start > 1) Array.Sort(scratch.Order, start, k - start);
            start = k;
        }
    }
}
