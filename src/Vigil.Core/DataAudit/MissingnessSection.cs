using Vigil.Core.Statistics;

namespace Vigil.Core.DataAudit;

/// <summary>Missing cells of one column within one group: rows in the group, missing cells, their share.</summary>
public sealed record MissingGroup(string Group, long N, long Missing, double Share);

/// <summary>
/// Whether missingness of a column depends on a grouping: the groups × {missing, present} table tested
/// with Fisher's exact test when it is 2 × 2 with an expected count under 5, else Pearson's χ²;
/// <see cref="PValueHolm"/> is Holm-adjusted over every column × grouping test of the audit.
/// </summary>
public sealed record MissingnessTest(string Grouping, IReadOnlyList<MissingGroup> Groups, string Method, double? Statistic, int DegreesOfFreedom, double? PValue, double? PValueHolm);

/// <summary>One column's missing cells: total, coded in the file ('?' or empty), declared sentinels, and by group.</summary>
public sealed record MissingnessRow(string Column, string Kind, long N, long Missing, long MissingCoded, long MissingSentinel, double[] Sentinels, IReadOnlyList<MissingnessTest> ByGroup)
{
    /// <summary>Missing / N, the column's missing share; null without rows (undefined, not 0).</summary>
    public double? Share => N > 0 ? (double)Missing / N : null;
}

public static class MissingnessSection
{
    public static List<MissingnessRow> Build(DataAuditInput input, IReadOnlyList<Grouping> groupings)
    {
        var rows = new List<MissingnessRow>();
        var mask = new bool[input.Rows];
        foreach (var f in input.NumericFeatures)
        {
            for (var i = 0; i < mask.Length; i++) mask[i] = double.IsNaN(f.Values[i]);
            rows.Add(Row(f.Name, "numeric", mask, f.MissingCoded, f.MissingSentinel, f.Sentinels, groupings));
        }
        foreach (var f in input.CategoricalFeatures)
        {
            for (var i = 0; i < mask.Length; i++) mask[i] = f.Codes[i] < 0;
            rows.Add(Row(f.Name, "categorical", mask, f.Missing, 0, [], groupings));
        }
        return Adjusted(rows);
    }

    /// <summary>The rows with every test's p-value Holm-adjusted over all tests of the section.</summary>
    internal static List<MissingnessRow> Adjusted(List<MissingnessRow> rows)
    {
        var tests = rows.SelectMany(r => r.ByGroup).Where(t => t.PValue.HasValue).ToList();
        var adjusted = MultipleTesting.Holm(tests.Select(t => t.PValue!.Value).ToArray());
        var map = new Dictionary<MissingnessTest, double>(ReferenceEqualityComparer.Instance);
        for (var k = 0; k < tests.Count; k++) map[tests[k]] = adjusted[k];
        return rows.Select(r => r with
        {
            ByGroup = r.ByGroup.Select(t => map.TryGetValue(t, out var p) ? t with { PValueHolm = p } : t).ToList(),
        }).ToList();
    }

    private static MissingnessRow Row(string column, string kind, bool[] missing, long coded, long sentinel, double[] sentinels, IReadOnlyList<Grouping> groupings)
    {
        long total = 0;
        foreach (var m in missing) if (m) total++;
        var tests = new List<MissingnessTest>(groupings.Count);
        foreach (var g in groupings) tests.Add(Test(g, missing));
        return new MissingnessRow(column, kind, missing.Length, total, coded, sentinel, sentinels, tests);
    }

    /// <summary>Missing and present counts per group and the test of independence.</summary>
    public static MissingnessTest Test(Grouping g, bool[] missing)
    {
        var table = new long[2 * g.Levels.Length];
        for (var i = 0; i < missing.Length; i++) table[2 * g.Codes[i] + (missing[i] ? 0 : 1)]++;
        return Test(g.Name, g.Levels, table);
    }

    /// <summary>The test on a counted groups × {missing, present} table (row-major, missing first).</summary>
    internal static MissingnessTest Test(string grouping, string[] levels, long[] table)
    {
        var k = levels.Length;
        var groups = new List<MissingGroup>(k);
        for (var c = 0; c < k; c++)
        {
            var n = table[2 * c] + table[2 * c + 1];
            groups.Add(new MissingGroup(levels[c], n, table[2 * c], n > 0 ? (double)table[2 * c] / n : double.NaN));
        }
        var chi = ContingencyTable.Test(table, k, 2);
        if (chi.DegreesOfFreedom == 0) return new MissingnessTest(grouping, groups, "none", null, 0, null, null);
        var nonEmpty = groups.Where(x => x.N > 0).ToList();
        if (nonEmpty.Count == 2 && chi.MinExpected < 5)
        {
            var a = nonEmpty[0];
            var b = nonEmpty[1];
            var p = FisherExact.TwoSided(a.Missing, a.N - a.Missing, b.Missing, b.N - b.Missing);
            return new MissingnessTest(grouping, groups, "fisher_exact", null, 1, p, null);
        }
        return new MissingnessTest(grouping, groups, "chi_square", chi.ChiSquare, chi.DegreesOfFreedom, chi.PValue, null);
    }
}
