namespace Vigil.Reporting.Audit;

/// <summary>
/// Decides how every group of an audit is shown (docs/suppression.md): the CMS cell-size rule, where no count of
/// 1 to min-cell − 1 patients is published, nor one that follows from published counts by subtraction.
/// <para>
/// Primary protection: a group of 1 to min-cell − 1 patients is <see cref="CellShown.Hidden"/>; a larger group whose
/// positives or negatives number 1 to min-cell − 1 is <see cref="CellShown.SizeOnly"/> (its size, not its outcomes).
/// </para>
/// <para>
/// Complementary protection works on two layers, patients and outcomes (positives, negatives), over "partitions":
/// sets of groups summing to a total (an attribute's groups sum to all rows; in an intersection, the cells sharing one
/// attribute's level sum to that level's group). A cell or total is "opaque" on a layer when that layer's counts are not
/// shown exactly. Repeated until nothing changes: when the total is exact and exactly one cell is opaque, one more cell
/// is made opaque; when the total is opaque and no cell is, one cell is made opaque. The cell chosen is the smallest;
/// with fewer than <see cref="SmallCellPolicy.NeverSuppressed"/> patients it is hidden (patients layer) or shows its
/// size only (outcome layer); with that many or more it is never suppressed: the counts of that layer are rounded to
/// the nearest <see cref="SmallCellPolicy.RoundingBase"/> (patients layer: patients and positives; outcome layer: the
/// positives) and its rates stay exact (a group already showing its size only keeps doing so, with the size rounded). This stops one-step subtraction, not every
/// linear combination across tables.
/// </para>
/// </summary>
public static class ComplementarySuppression
{
    /// <summary>The treatment of every group of <paramref name="audit"/> (the overall row included), by reference.</summary>
    public static Dictionary<GroupAudit, CellProtection> Decide(AuditReportModel audit, int minCell)
    {
        var groups = audit.Attributes.SelectMany(a => a.Groups).Append(audit.Overall).Distinct(ReferenceEqualityComparer.Instance).Cast<GroupAudit>().ToList();
        var index = new Dictionary<GroupAudit, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < groups.Count; i++) index[groups[i]] = i;
        var partitions = Partitions(audit).Select(p => (Cells: p.Cells.Select(c => index[c]).ToArray(), Total: index[p.Total ?? audit.Overall])).ToList();
        var decided = Decide([.. groups.Select(g => g.N)], [.. groups.Select(g => g.Positives)], [.. groups.Select(g => g.Label)], partitions, minCell);
        var result = new Dictionary<GroupAudit, CellProtection>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < groups.Count; i++) result[groups[i]] = decided[i];
        return result;
    }

    /// <summary>
    /// The treatment of groups that sum to one shown total (a site's groups of one attribute, the held-out rows of a
    /// mitigation): the same rule on a single partition. <paramref name="positives"/> may be null when the output
    /// shows no outcome counts.
    /// </summary>
    public static CellProtection[] Decide(IReadOnlyList<int> sizes, IReadOnlyList<int>? positives, int totalSize, int totalPositives, int minCell)
    {
        var n = sizes.Count;
        int[] all = [.. sizes, totalSize];
        int[] pos = positives is null ? new int[n + 1] : [.. positives, totalPositives];
        var labels = Enumerable.Range(0, n + 1).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var decided = Decide(all, pos, labels, [(Enumerable.Range(0, n).ToArray(), n)], minCell);
        return decided[..n];
    }

    /// <summary>
    /// The rule on any set of groups ("nodes": patients, positives, a label that breaks ties) and the partitions among
    /// them (cells by index, and the index of the total they sum to), for outputs whose groups are not an
    /// <see cref="AuditReportModel"/> (the estimate's groups and intersections). Returns every node's treatment.
    /// </summary>
    public static CellProtection[] Decide(IReadOnlyList<int> sizes, IReadOnlyList<int> positives, IReadOnlyList<string> labels,
        IReadOnlyList<(int[] Cells, int Total)> partitions, int minCell) =>
        Decide([.. sizes], [.. positives], [.. labels], [.. partitions], minCell);

    /// <summary>The rule on nodes (patients, positives, label for ties) and partitions (cells, total), all by index.</summary>
    private static CellProtection[] Decide(int[] sizes, int[] positives, string[] labels, List<(int[] Cells, int Total)> partitions, int minCell)
    {
        var state = new CellProtection[sizes.Length];
        for (var i = 0; i < sizes.Length; i++) state[i] = Primary(sizes[i], positives[i], minCell);
        if (Array.TrueForAll(state, p => p.Shown == CellShown.Exact)) return state;
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (cells, total) in partitions)
            {
                changed |= Protect(cells, total, sizes, labels, state, outcomeLayer: false);
                changed |= Protect(cells, total, sizes, labels, state, outcomeLayer: true);
            }
        }
        return state;
    }

    /// <summary>Hidden when the group itself is small, size only when its positives or negatives are.</summary>
    public static CellProtection Primary(int size, int positives, int minCell)
    {
        if (size > 0 && size < minCell) return new CellProtection(CellShown.Hidden, CellReason.SmallGroup);
        var negatives = size - positives;
        if ((positives > 0 && positives < minCell) || (negatives > 0 && negatives < minCell))
            return new CellProtection(CellShown.SizeOnly, CellReason.SmallOutcome);
        return CellProtection.Exact;
    }

    /// <summary>
    /// True when a group treated as <paramref name="p"/> shows the rate <paramref name="metric"/> (audit keys "fnr",
    /// "tpr", "fpr", "tnr", ...). Exact and rounded groups show every rate, hidden groups none. A group showing its size
    /// only shows no rate, except that a group of <see cref="SmallCellPolicy.NeverSuppressed"/> patients or more is never
    /// suppressed: it keeps the rates over its large class (FNR and sensitivity over at least min-cell positives; FPR and
    /// specificity over at least min-cell negatives), whose denominators are not small cells.
    /// </summary>
    public static bool ShowsRate(CellProtection p, int size, int positives, int minCell, string metric) => p.Shown switch
    {
        CellShown.Exact or CellShown.Rounded or CellShown.RoundedOutcome => true,
        CellShown.Hidden => false,
        _ => size >= SmallCellPolicy.NeverSuppressed && metric switch
        {
            "fnr" or "tpr" or "sensitivity" => positives >= minCell,
            "fpr" or "tnr" or "specificity" => size - positives >= minCell,
            _ => false,
        },
    };

    /// <summary>Applies the one-step subtraction rule to one partition on one layer; true when a cell changed.</summary>
    private static bool Protect(int[] cells, int total, int[] sizes, string[] labels, CellProtection[] state, bool outcomeLayer)
    {
        bool Opaque(int g) => state[g].Shown switch
        {
            CellShown.Exact => false,
            CellShown.SizeOnly or CellShown.RoundedOutcome => outcomeLayer,
            _ => true,
        };
        var opaqueCells = 0;
        foreach (var c in cells) if (Opaque(c)) opaqueCells++;
        var totalOpaque = Opaque(total);
        var needed = (!totalOpaque && opaqueCells == 1 && cells.Length >= 2) || (totalOpaque && opaqueCells == 0);
        if (!needed) return false;
        var next = -1;
        foreach (var c in cells)
            if (!Opaque(c) && (next < 0 || sizes[c] < sizes[next] || (sizes[c] == sizes[next] && string.CompareOrdinal(labels[c], labels[next]) < 0))) next = c;
        if (next < 0) return false;
        // Only the patients layer can pick a cell showing its size only or rounded outcomes (both opaque on the outcome layer).
        var sizeOnly = state[next].Shown == CellShown.SizeOnly;
        var reason = sizeOnly ? state[next].Reason : CellReason.Complementary;
        state[next] = sizes[next] >= SmallCellPolicy.NeverSuppressed
            ? new CellProtection(sizeOnly ? CellShown.RoundedSizeOnly : outcomeLayer ? CellShown.RoundedOutcome : CellShown.Rounded, reason)
            : new CellProtection(outcomeLayer ? CellShown.SizeOnly : CellShown.Hidden, outcomeLayer ? reason : CellReason.Complementary);
        return true;
    }

    /// <summary>Sets of groups with the group they sum to (null: all rows).</summary>
    private static List<(List<GroupAudit> Cells, GroupAudit? Total)> Partitions(AuditReportModel audit)
    {
        var partitions = audit.Attributes.Select(a => (a.Groups.ToList(), (GroupAudit?)null)).ToList();
        var single = audit.Attributes.Where(a => !a.IsIntersection).ToDictionary(a => a.Columns[0], StringComparer.Ordinal);
        foreach (var intersection in audit.Attributes.Where(a => a.IsIntersection))
        {
            var split = intersection.Groups.Select(g => (Group: g, Parts: g.Label.Split('*'))).Where(x => x.Parts.Length == intersection.Columns.Count).ToList();
            for (var j = 0; j < intersection.Columns.Count; j++)
            {
                if (!single.TryGetValue(intersection.Columns[j], out var margin)) continue;
                var column = j;
                foreach (var level in split.GroupBy(x => x.Parts[column], StringComparer.Ordinal))
                {
                    var total = margin.Groups.FirstOrDefault(g => g.Label == level.Key);
                    if (total is not null) partitions.Add((level.Select(x => x.Group).ToList(), total));
                }
            }
        }
        return partitions;
    }
}
