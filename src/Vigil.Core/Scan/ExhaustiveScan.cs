namespace Vigil.Core.Scan;

/// <summary>One tested conjunction: the attribute indices and the level of each.</summary>
internal readonly record struct Conjunction(int[] Attributes, int[] Levels, long Population, long Events, double PValue, string Method, double Score);

/// <summary>
/// The exhaustive scan: every conjunction attr1=v1 ∧ … ∧ attrk=vk of k ≤ <see cref="ScanOptions.MaxOrder"/>
/// attributes whose scanned population holds at least <see cref="ScanOptions.MinSize"/> records and whose
/// complement is not empty, each tested one-sided against its complement (<see cref="OneSidedProportionTest"/>).
/// Counts come from the cells: for each set of attributes the cells are summed into a dense table of its level
/// combinations, so the cost is cells × attribute sets, independent of the rows.
/// </summary>
internal static class ExhaustiveScan
{
    private const long MaxTable = 50_000_000;

    public static List<Conjunction> Run(ScanCells cells, double p0, ScanOptions options)
    {
        var results = new List<Conjunction>();
        var totalN = cells.TotalPopulation;
        var totalC = cells.TotalEvents;
        var a = cells.Attributes;
        foreach (var set in Subsets(a, Math.Min(options.MaxOrder, a)))
        {
            var size = 1L;
            var radix = new long[set.Length];
            for (var k = 0; k < set.Length; k++)
            {
                radix[k] = size;
                size *= Math.Max(1, cells.Levels[set[k]].Length);
                if (size > MaxTable)
                    throw VigilException.Option("max_order",
                        $"{options.MaxOrder}: {string.Join(" × ", set.Select(s => cells.Names[s]))} has more than {MaxTable:N0} level combinations; lower the maximum order or band the attributes more coarsely");
            }
            var n = new long[size];
            var c = new long[size];
            for (var cell = 0; cell < cells.Count; cell++)
            {
                long key = 0;
                for (var k = 0; k < set.Length; k++) key += cells.Codes[cell * a + set[k]] * radix[k];
                n[key] += cells.Population[cell];
                c[key] += cells.Events[cell];
            }
            for (long key = 0; key < size; key++)
            {
                if (n[key] < options.MinSize || n[key] == 0 || n[key] == totalN) continue;
                var test = OneSidedProportionTest.Greater(c[key], n[key], totalC - c[key], totalN - n[key]);
                if (test is not { } t) continue;
                var levels = new int[set.Length];
                var rest = key;
                for (var k = set.Length - 1; k >= 0; k--)
                {
                    levels[k] = (int)(rest / radix[k]);
                    rest %= radix[k];
                }
                results.Add(new Conjunction(set, levels, n[key], c[key], t.PValue, t.Method, BernoulliScanScore.Score(c[key], n[key], p0)));
            }
        }
        return results;
    }

    /// <summary>Every set of 1..maxOrder attribute indices, in increasing size and lexicographic order.</summary>
    public static IEnumerable<int[]> Subsets(int attributes, int maxOrder)
    {
        for (var size = 1; size <= maxOrder; size++)
        {
            var set = new int[size];
            for (var k = 0; k < size; k++) set[k] = k;
            while (true)
            {
                yield return (int[])set.Clone();
                var i = size - 1;
                while (i >= 0 && set[i] == attributes - size + i) i--;
                if (i < 0) break;
                set[i]++;
                for (var j = i + 1; j < size; j++) set[j] = set[j - 1] + 1;
            }
        }
    }
}
