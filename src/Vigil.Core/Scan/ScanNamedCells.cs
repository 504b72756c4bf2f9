using Vigil.Core.Statistics;

namespace Vigil.Core.Scan;

/// <summary>The reference group resolved to attribute indices and level codes of the cells.</summary>
internal sealed class ScanReferenceCells
{
    private readonly int[] _attributes;
    private readonly int[] _levels;

    private ScanReferenceCells(int[] attributes, int[] levels, ScanReference summary)
    {
        _attributes = attributes;
        _levels = levels;
        Summary = summary;
    }

    public ScanReference Summary { get; }

    /// <summary>True when every reference attribute of the cell has the reference level.</summary>
    public bool Contains(ScanCells cells, int cell)
    {
        for (var k = 0; k < _attributes.Length; k++)
            if (cells.Codes[cell * cells.Attributes + _attributes[k]] != _levels[k]) return false;
        return true;
    }

    /// <summary>Null without a reference; an error names the attribute or level that does not exist.</summary>
    public static ScanReferenceCells? Resolve(ScanCells cells, IReadOnlyDictionary<string, string> reference, double confidence)
    {
        if (reference.Count == 0) return null;
        var attributes = new int[reference.Count];
        var levels = new int[reference.Count];
        var conditions = new List<ScanCondition>(reference.Count);
        var k = 0;
        foreach (var (name, level) in reference.OrderBy(r => Array.IndexOf(cells.Names, r.Key)))
        {
            var a = Array.IndexOf(cells.Names, name);
            if (a < 0) throw VigilException.Option("reference", $"{name}={level}: '{name}' is not a scanned attribute ({string.Join(", ", cells.Names)})");
            var l = Array.IndexOf(cells.Levels[a], level);
            if (l < 0) throw VigilException.Option("reference", $"{name}={level}: no such group; groups: {string.Join(", ", cells.Levels[a])}");
            attributes[k] = a;
            levels[k++] = l;
            conditions.Add(new ScanCondition(name, [level]));
        }
        var partial = new ScanReferenceCells(attributes, levels, null!);
        long rows = 0, n = 0, c = 0;
        for (var cell = 0; cell < cells.Count; cell++)
        {
            if (!partial.Contains(cells, cell)) continue;
            rows += cells.Rows[cell];
            n += cells.Population[cell];
            c += cells.Events[cell];
        }
        var definition = string.Join(" ∧ ", conditions);
        var rate = n > 0
            ? new Metric((double)c / n, WilsonInterval.Compute(c, n, confidence), null) { CiMethod = "wilson" }
            : Metric.Undefined("no records of the scanned population in the reference group");
        return new ScanReferenceCells(attributes, levels, new ScanReference(definition, rows, n, c, rate));
    }

    /// <summary>
    /// A subgroup's rate minus the reference rate. The Newcombe interval assumes independent samples, so a subgroup
    /// that shares records with the reference group gets the difference without an interval, and says why.
    /// </summary>
    public Metric Gap(long events, long population, bool overlaps, double confidence)
    {
        if (population == 0) return Metric.Undefined("no records of the scanned population in the subgroup");
        if (Summary.Population == 0) return Metric.Undefined("no records of the scanned population in the reference group");
        var d = (double)events / population - (double)Summary.Events / Summary.Population;
        if (overlaps) return new Metric(d, null, "no interval: the subgroup shares records with the reference group");
        return new Metric(d, NewcombeInterval.Compute(events, population, Summary.Events, Summary.Population, confidence), null) { CiMethod = "newcombe" };
    }
}

/// <summary>
/// The cells of the named intersections (--intersections a*b): every level combination that holds rows is
/// evaluated as a subgroup, scored and tested as the searched subgroups are, whether or not the search reaches it.
/// MDSS: the randomization p-value against the same null distribution of the maximal score (valid for any
/// subgroup, as for the searched ones). Exhaustive: the one-sided test against the complement, adjusted with the
/// scan's adjustment over the named cells (a pre-specified family). Cells whose scanned population is below the
/// minimum size are reported without a test, as the search never tests them.
/// </summary>
internal static class ScanNamedCells
{
    public static List<ScanSubgroup> Evaluate(ScanCells cells, double p0, ScanOptions options, IReadOnlyList<double> nullScores, ScanReferenceCells? reference)
    {
        var found = new List<(int[] Attributes, int[] Levels, long N, long C)>();
        foreach (var names in options.Intersections)
        {
            var set = new int[names.Count];
            for (var k = 0; k < set.Length; k++)
            {
                set[k] = Array.IndexOf(cells.Names, names[k]);
                if (set[k] < 0) throw VigilException.Option("intersections", $"'{string.Join('*', names)}': '{names[k]}' is not a scanned attribute ({string.Join(", ", cells.Names)})");
            }
            // The combinations that occur, each with its counts, in the order they are first met.
            var index = new Dictionary<long, int>();
            for (var cell = 0; cell < cells.Count; cell++)
            {
                long key = 0;
                for (var k = 0; k < set.Length; k++) key = key * (cells.Levels[set[k]].Length + 1L) + cells.Codes[cell * cells.Attributes + set[k]];
                if (!index.TryGetValue(key, out var at))
                {
                    at = found.Count;
                    index.Add(key, at);
                    var levels = new int[set.Length];
                    for (var k = 0; k < set.Length; k++) levels[k] = cells.Codes[cell * cells.Attributes + set[k]];
                    found.Add((set, levels, 0, 0));
                }
                var f = found[at];
                found[at] = f with { N = f.N + cells.Population[cell], C = f.C + cells.Events[cell] };
            }
        }

        var totalN = cells.TotalPopulation;
        var totalC = cells.TotalEvents;
        var raw = new double?[found.Count];
        var methods = new string?[found.Count];
        var scores = new double[found.Count];
        for (var i = 0; i < found.Count; i++)
        {
            var (_, _, n, c) = found[i];
            scores[i] = BernoulliScanScore.Score(c, n, p0);
            if (n < options.MinSize || n == totalN) continue;
            if (options.Method == ScanMethod.Mdss)
            {
                if (options.Replicates == 0) continue;
                raw[i] = ScanEngine.PValue(nullScores, scores[i]);
                methods[i] = "randomization";
            }
            else if (OneSidedProportionTest.Greater(c, n, totalC - c, totalN - n) is { } t)
            {
                raw[i] = t.PValue;
                methods[i] = t.Method;
            }
        }
        var adjusted = (double?[])raw.Clone();
        if (options.Method == ScanMethod.Exhaustive)
        {
            var tested = new List<int>();
            for (var i = 0; i < raw.Length; i++) if (raw[i] is not null) tested.Add(i);
            var values = tested.Select(i => raw[i]!.Value).ToArray();
            var adj = options.Adjustment == PValueAdjustment.Holm ? MultipleTesting.Holm(values) : MultipleTesting.BenjaminiHochberg(values);
            for (var j = 0; j < tested.Count; j++) adjusted[tested[j]] = adj[j];
        }

        var order = Enumerable.Range(0, found.Count).ToArray();
        Array.Sort(order, (x, y) => scores[y] != scores[x] ? scores[y].CompareTo(scores[x]) : x.CompareTo(y));
        var result = new List<ScanSubgroup>(found.Count);
        foreach (var i in order)
        {
            var (set, levels, _, _) = found[i];
            var conditions = new List<ScanCondition>(set.Length);
            for (var k = 0; k < set.Length; k++) conditions.Add(new ScanCondition(cells.Names[set[k]], [cells.Levels[set[k]][levels[k]]]));
            bool Member(int cell)
            {
                for (var k = 0; k < set.Length; k++)
                    if (cells.Codes[cell * cells.Attributes + set[k]] != levels[k]) return false;
                return true;
            }
            result.Add(ScanEngine.Describe(cells, Member, conditions, p0, scores[i], raw[i], methods[i], adjusted[i], options, reference));
        }
        return result;
    }
}
