using Vigil.Core.Statistics;

namespace Vigil.Core.DataAudit;

/// <summary>
/// The data audit from engine-side counts (<see cref="DataAuditCounts"/>) instead of rows: the same sections by the same
/// formulas as <see cref="DataAuditEngine"/> (the section classes' count overloads), so counts, shares, tests, SMDs, Cramér's V
/// and AUROCs agree with the in-process audit of the same rows, and moments to rounding. The consistency score needs every
/// row's nearest neighbours, which no aggregate gives: it is undefined with the reason <see cref="NeedsRows"/>.
/// </summary>
public static class DataAuditSummaryEngine
{
    /// <summary>Why the consistency score is not computed from a push-down summary.</summary>
    public const string NeedsRows = "needs rows; not computed from a push-down summary";

    public static DataAuditResult Run(DataAuditCounts counts, DataAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(options);
        var cells = counts.Cells;
        long rows = 0, missingLabel = 0, positives = 0;
        foreach (var c in cells)
        {
            rows += c.N;
            missingLabel += c.MissingLabel;
            positives += c.Positives;
        }
        if (rows == 0) throw VigilException.BadData("the data have no rows");
        if (rows > int.MaxValue) throw VigilException.BadData($"the data have {rows} rows; a data audit takes at most {int.MaxValue}");

        // Groupings over cells: Grouping's codes are per cell here, and every sum below weighs a cell by its counts.
        var groupings = new List<Grouping>();
        foreach (var p in counts.Protected) groupings.Add(Grouping.Of(p));
        if (options.Intersections is { } chosen)
        {
            foreach (var columns in chosen)
                groupings.Add(Grouping.Intersect(columns.Select(c => counts.Protected.First(p => p.Name == c)).ToList()));
        }
        else if (counts.Protected.Count > 1)
        {
            groupings.Add(Grouping.Intersect(counts.Protected));
        }
        var singles = groupings.Where(g => g.Attributes.Count == 1).ToList();

        var composition = Composition(counts, groupings, options);
        var labels = Labels(counts, groupings, rows, missingLabel, positives, options);
        var missingness = Missingness(counts, counts.Site is null ? groupings : [.. groupings, Grouping.Of(counts.Site)]);
        var references = singles.Select(g => LabelSection.Privileged(g, Sum(g, c => c.N, cells), options)).ToArray();
        var distributions = new List<FeatureDistribution>();
        for (var a = 0; a < singles.Count; a++)
        {
            for (var f = 0; f < counts.NumericFeatures.Count; f++)
                distributions.Add(DistributionSection.Numeric(counts.NumericFeatures[f], counts.NumericByAttribute[f][a], singles[a], references[a]));
            for (var f = 0; f < counts.CategoricalFeatures.Count; f++)
            {
                var table = counts.CategoricalByAttribute[f][a];
                distributions.Add(DistributionSection.Categorical(counts.CategoricalFeatures[f], counts.CategoricalLevels[f], table,
                    RowTotals(table, singles[a].Levels.Length), singles[a], references[a]));
            }
        }
        var proxies = Proxies(counts, singles);
        var input = Input(counts, (int)rows);
        return new DataAuditResult(input, groupings, composition, labels, missingness, distributions, proxies, null, Sites(counts));
    }

    /// <summary>A stand-in for the rows: the names, levels and totals the document and renderers show, with no row values.</summary>
    private static DataAuditInput Input(DataAuditCounts counts, int rows)
    {
        var numeric = new List<NumericVariable>();
        for (var f = 0; f < counts.NumericFeatures.Count; f++)
        {
            long coded = 0, sentinel = 0;
            foreach (var c in counts.Cells)
            {
                coded += c.NumericMissingCoded[f];
                sentinel += c.NumericMissingSentinel[f];
            }
            numeric.Add(new NumericVariable(counts.NumericFeatures[f], [], (int)coded, (int)sentinel, counts.Sentinels[f]));
        }
        var categorical = new List<CategoricalVariable>();
        for (var f = 0; f < counts.CategoricalFeatures.Count; f++)
        {
            long missing = 0;
            foreach (var c in counts.Cells) missing += c.CategoricalMissing[f];
            categorical.Add(new CategoricalVariable(counts.CategoricalFeatures[f], [], counts.CategoricalLevels[f]) { Missing = (int)missing });
        }
        return new DataAuditInput(rows, counts.LabelColumn, counts.PositiveRule, [], counts.Protected, counts.Site, numeric, categorical, [], counts.LabelSet);
    }

    /// <summary>Per group of <paramref name="g"/>, the sum over its cells of <paramref name="value"/>.</summary>
    private static long[] Sum(Grouping g, Func<DataAuditCell, long> value, IReadOnlyList<DataAuditCell> cells, int[]? site = null, int keep = -1)
    {
        var sums = new long[g.Levels.Length];
        for (var i = 0; i < cells.Count; i++)
            if (site is null || site[i] == keep) sums[g.Codes[i]] += value(cells[i]);
        return sums;
    }

    private static long[] RowTotals(long[] table, int rows)
    {
        var columns = rows == 0 ? 0 : table.Length / rows;
        var totals = new long[rows];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++) totals[r] += table[r * columns + c];
        return totals;
    }

    private static List<GroupingComposition> Composition(DataAuditCounts counts, List<Grouping> groupings, DataAuditOptions options)
    {
        var result = new List<GroupingComposition>();
        foreach (var g in groupings)
        {
            var groups = Count(g, counts.Cells, null, -1, options.MinCell);
            RepresentationTest? reference = null;
            if (g.Attributes.Count == 1 && options.ReferencePopulation is { } population && population.Shares.TryGetValue(g.Name, out var shares))
                reference = CompositionSection.Compare(groups, shares, population.Source);
            result.Add(new GroupingComposition(g.Name, null, groups, reference));
        }
        if (counts.Site is { } site)
        {
            for (var s = 0; s < site.Levels.Length; s++)
                foreach (var g in groupings)
                    result.Add(new GroupingComposition(g.Name, site.Levels[s], Count(g, counts.Cells, site.Codes, s, options.MinCell), null));
        }
        return result;
    }

    /// <summary>Rows and positives per group (as CompositionSection.Count), from the cells.</summary>
    private static List<GroupCount> Count(Grouping g, IReadOnlyList<DataAuditCell> cells, int[]? site, int keep, int minCell)
    {
        var n = Sum(g, c => c.N, cells, site, keep);
        var x = Sum(g, c => c.Positives, cells, site, keep);
        long total = 0;
        foreach (var v in n) total += v;
        var groups = new List<GroupCount>(n.Length);
        for (var k = 0; k < n.Length; k++)
            groups.Add(new GroupCount(g.Levels[k], n[k], x[k], total > 0 ? (double)n[k] / total : double.NaN, n[k] > 0 && n[k] < minCell));
        return groups;
    }

    private static LabelSummary Labels(DataAuditCounts counts, List<Grouping> groupings, long rows, long missingLabel, long positives, DataAuditOptions options)
    {
        var result = new List<LabelGrouping>(groupings.Count);
        foreach (var g in groupings)
        {
            var n = Sum(g, c => c.N, counts.Cells);
            var labelled = Sum(g, c => c.N - c.MissingLabel, counts.Cells);
            var x = Sum(g, c => c.Positives, counts.Cells);
            result.Add(LabelSection.Grouped(g, n, labelled, x, options));
        }
        var names = new List<string>(counts.NumericFeatures);
        foreach (var p in counts.Protected) names.Add(p.Name + " (level index)");
        var notComputed = new ConsistencyResult(Metric.Undefined(NeedsRows), "not_computed", 0, 0);
        return new LabelSummary(rows, missingLabel, positives, LabelSection.Prevalence(positives, rows - missingLabel), result, names, notComputed, notComputed);
    }

    private static List<MissingnessRow> Missingness(DataAuditCounts counts, List<Grouping> groupings)
    {
        var rows = new List<MissingnessRow>();
        long total = 0;
        foreach (var c in counts.Cells) total += c.N;
        for (var f = 0; f < counts.NumericFeatures.Count; f++)
        {
            var feature = f;
            rows.Add(Row(counts, counts.NumericFeatures[f], "numeric", c => c.NumericMissingCoded[feature], c => c.NumericMissingSentinel[feature],
                counts.Sentinels[f], groupings, total));
        }
        for (var f = 0; f < counts.CategoricalFeatures.Count; f++)
        {
            var feature = f;
            rows.Add(Row(counts, counts.CategoricalFeatures[f], "categorical", c => c.CategoricalMissing[feature], _ => 0, [], groupings, total));
        }
        return MissingnessSection.Adjusted(rows);
    }

    private static MissingnessRow Row(DataAuditCounts counts, string column, string kind, Func<DataAuditCell, long> coded, Func<DataAuditCell, long> sentinel,
        double[] sentinels, List<Grouping> groupings, long total)
    {
        long codedTotal = 0, sentinelTotal = 0;
        foreach (var c in counts.Cells)
        {
            codedTotal += coded(c);
            sentinelTotal += sentinel(c);
        }
        var tests = new List<MissingnessTest>(groupings.Count);
        foreach (var g in groupings)
        {
            var k = g.Levels.Length;
            var table = new long[2 * k];
            for (var i = 0; i < counts.Cells.Count; i++)
            {
                var cell = counts.Cells[i];
                var missing = coded(cell) + sentinel(cell);
                table[2 * g.Codes[i]] += missing;
                table[2 * g.Codes[i] + 1] += cell.N - missing;
            }
            tests.Add(MissingnessSection.Test(g.Name, g.Levels, table));
        }
        return new MissingnessRow(column, kind, total, codedTotal + sentinelTotal, codedTotal, sentinelTotal, sentinels, tests);
    }

    /// <summary>Every feature against every single attribute, strongest first (as ProxySection.Build).</summary>
    private static List<ProxyRow> Proxies(DataAuditCounts counts, List<Grouping> singles)
    {
        var rows = new List<ProxyRow>();
        for (var a = 0; a < singles.Count; a++)
        {
            var g = singles[a];
            for (var f = 0; f < counts.NumericFeatures.Count; f++) rows.Add(NumericProxy(counts.NumericFeatures[f], counts.RankSums[f][a], g));
            for (var f = 0; f < counts.CategoricalFeatures.Count; f++)
            {
                var chi = ContingencyTable.Test(counts.CategoricalByAttribute[f][a], g.Levels.Length, counts.CategoricalLevels[f].Length);
                rows.Add(new ProxyRow(counts.CategoricalFeatures[f], g.Name, "categorical", "cramers_v", chi.CramersV, chi.CramersV, chi.PValue, null, chi.N));
            }
        }
        rows.Sort((x, y) => (y.Strength ?? -1).CompareTo(x.Strength ?? -1));
        return rows;
    }

    /// <summary>One-vs-rest AUROC per group = (R_g − n_g(n_g + 1)/2) / (n_g · n_rest) from the group's sum of mid-ranks R_g (as GroupSeparation).</summary>
    private static ProxyRow NumericProxy(string name, (long N, double RankSum)[] groups, Grouping g)
    {
        long n = 0;
        foreach (var x in groups) n += x.N;
        var list = new List<(string, double)>();
        double? strength = null;
        for (var c = 0; c < groups.Length; c++)
        {
            var inGroup = groups[c].N;
            var rest = n - inGroup;
            if (inGroup == 0 || rest == 0) continue;
            var auroc = (groups[c].RankSum - inGroup * (inGroup + 1) / 2.0) / ((double)inGroup * rest);
            list.Add((g.Levels[c], auroc));
            var d = Math.Abs(2 * auroc - 1);
            if (strength is null || d > strength) strength = d;
        }
        return new ProxyRow(name, g.Name, "numeric", "auroc_one_vs_rest", strength, null, null, list, n);
    }

    /// <summary>Per site: counts, prevalence and each numeric feature's SMD against the other sites pooled (moments merged by Chan's formula).</summary>
    private static SiteSummary? Sites(DataAuditCounts counts)
    {
        if (counts.Site is not { } site || counts.NumericBySite is not { } moments) return null;
        var k = site.Levels.Length;
        var g = Grouping.Of(site);
        var n = Sum(g, c => c.N, counts.Cells);
        var missing = Sum(g, c => c.MissingLabel, counts.Cells);
        var x = Sum(g, c => c.Positives, counts.Cells);
        var table = new long[2 * k];
        for (var s = 0; s < k; s++)
        {
            table[2 * s] = x[s];
            table[2 * s + 1] = n[s] - missing[s] - x[s];
        }
        var rows = new List<SiteRow>(k);
        for (var s = 0; s < k; s++)
        {
            var shifts = new List<SiteFeatureShift>(counts.NumericFeatures.Count);
            for (var f = 0; f < counts.NumericFeatures.Count; f++)
            {
                var others = default(NumericSummary);
                for (var t = 0; t < k; t++) if (t != s) others = NumericSummary.Merge(others, moments[f][t]);
                var here = new DescriptiveSummary(moments[f][s], double.NaN, double.NaN, double.NaN);
                var rest = new DescriptiveSummary(others, double.NaN, double.NaN, double.NaN);
                var smd = StandardizedMeanDifference.Continuous(here, rest);
                long siteMissing = 0;
                for (var i = 0; i < counts.Cells.Count; i++)
                    if (site.Codes[i] == s) siteMissing += counts.Cells[i].NumericMissingCoded[f] + counts.Cells[i].NumericMissingSentinel[f];
                shifts.Add(new SiteFeatureShift(counts.NumericFeatures[f], here, rest, smd,
                    smd.Value is { } v && Math.Abs(v) > StandardizedMeanDifference.Threshold, n[s] > 0 ? (double)siteMissing / n[s] : double.NaN));
            }
            rows.Add(new SiteRow(site.Levels[s], n[s], missing[s], x[s], LabelSection.Prevalence(x[s], n[s] - missing[s]), shifts));
        }
        return new SiteSummary(site.Name, rows, ContingencyTable.Test(table, k, 2));
    }
}
