namespace Vigil.Core.DataAudit;

/// <summary>One group's size: rows (<see cref="N"/>), rows with a positive label, share of all rows.</summary>
public sealed record GroupCount(string Group, long N, long Positives, double Share, bool SmallCell);

/// <summary>A group against its expected population share: representation ratio = observed share / expected share; under-represented when the ratio &lt; 0.8.</summary>
public sealed record RepresentationRow(string Group, long N, double Share, double ExpectedShare, double RepresentationRatio, bool UnderRepresented);

/// <summary>Observed composition against a reference population, with Pearson's goodness-of-fit test.</summary>
public sealed record RepresentationTest(string Source, IReadOnlyList<RepresentationRow> Groups, double ChiSquare, int DegreesOfFreedom, double? PValue, double MinExpected);

/// <summary>Counts per group of one grouping, optionally within one site.</summary>
public sealed record GroupingComposition(string Grouping, string? Site, IReadOnlyList<GroupCount> Groups, RepresentationTest? Reference);

/// <summary>Who is in the data: counts and shares per group, per intersection and per site.</summary>
public static class CompositionSection
{
    /// <summary>Representation ratios below this are flagged as under-representation.</summary>
    public const double UnderRepresentationRatio = 0.8;

    public static List<GroupingComposition> Build(DataAuditInput input, IReadOnlyList<Grouping> groupings, DataAuditOptions options)
    {
        var result = new List<GroupingComposition>();
        foreach (var g in groupings)
        {
            var groups = Count(g, input.Labels, null, -1, options.MinCell);
            RepresentationTest? reference = null;
            if (g.Attributes.Count == 1 && options.ReferencePopulation is { } population && population.Shares.TryGetValue(g.Name, out var shares))
                reference = Compare(groups, shares, population.Source);
            result.Add(new GroupingComposition(g.Name, null, groups, reference));
        }
        if (input.Site is { } site)
        {
            for (var s = 0; s < site.Levels.Length; s++)
                foreach (var g in groupings)
                    result.Add(new GroupingComposition(g.Name, site.Levels[s], Count(g, input.Labels, site.Codes, s, options.MinCell), null));
        }
        return result;
    }

    /// <summary>Rows and positives per group, restricted to rows with <paramref name="filter"/>[i] == <paramref name="keep"/> when a filter is given.</summary>
    internal static List<GroupCount> Count(Grouping g, byte[] labels, int[]? filter, int keep, int minCell)
    {
        var n = new long[g.Levels.Length];
        var x = new long[g.Levels.Length];
        long total = 0;
        for (var i = 0; i < g.Codes.Length; i++)
        {
            if (filter is not null && filter[i] != keep) continue;
            n[g.Codes[i]]++;
            if (labels[i] == 1) x[g.Codes[i]]++;
            total++;
        }
        var groups = new List<GroupCount>(n.Length);
        for (var k = 0; k < n.Length; k++)
            groups.Add(new GroupCount(g.Levels[k], n[k], x[k], total > 0 ? (double)n[k] / total : double.NaN, n[k] > 0 && n[k] < minCell));
        return groups;
    }

    /// <summary>
    /// Representation ratio per group (observed share / expected share) and Pearson's χ² goodness of fit of
    /// the observed counts to the expected shares (df = groups − 1). The groups compared are those named in
    /// the reference; rows in other groups (e.g. "(missing)") are left out of n.
    /// </summary>
    internal static RepresentationTest Compare(List<GroupCount> groups, IReadOnlyDictionary<string, double> shares, string source)
    {
        var names = shares.Keys.ToList();
        var observed = new long[names.Count];
        var expected = new double[names.Count];
        for (var k = 0; k < names.Count; k++)
        {
            observed[k] = groups.FirstOrDefault(g => g.Group == names[k])?.N ?? 0;
            expected[k] = shares[names[k]];
        }
        var n = observed.Sum();
        var rows = new List<RepresentationRow>(names.Count);
        for (var k = 0; k < names.Count; k++)
        {
            var share = n > 0 ? (double)observed[k] / n : double.NaN;
            var ratio = share / expected[k];
            rows.Add(new RepresentationRow(names[k], observed[k], share, expected[k], ratio, ratio < UnderRepresentationRatio));
        }
        var (chi, df, p, minExpected) = ContingencyTable.GoodnessOfFit(observed, expected);
        return new RepresentationTest(source, rows, chi, df, p, minExpected);
    }
}
