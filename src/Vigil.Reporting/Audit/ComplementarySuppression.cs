namespace Vigil.Reporting.Audit;

/// <summary>
/// Complementary (secondary) suppression, a heuristic: a suppressed group's count must not follow from shown
/// totals by subtraction. Each "partition" is a set of groups summing to a total: an attribute's groups (total:
/// all rows), and, in an intersection, the cells sharing one attribute's level (total: that level's group in the
/// single-attribute table). Repeated until nothing changes: when the total is shown and exactly one cell is
/// suppressed, the smallest shown cell is suppressed too; when the total is suppressed and no cell is, the
/// smallest cell is suppressed. This stops one-step subtraction, not every linear combination across tables.
/// </summary>
public static class ComplementarySuppression
{
    /// <summary>Groups to suppress besides those under <paramref name="minCell"/>.</summary>
    public static HashSet<GroupAudit> Find(AuditReportModel audit, int minCell)
    {
        var hidden = new HashSet<GroupAudit>(ReferenceEqualityComparer.Instance);
        foreach (var g in audit.Attributes.SelectMany(a => a.Groups).Where(g => g.N < minCell)) hidden.Add(g);
        var primary = hidden.Count;
        if (primary == 0) return [];
        var partitions = Partitions(audit);
        var overallHidden = audit.Overall.N < minCell;
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (cells, total) in partitions)
            {
                var totalHidden = total is null ? overallHidden : hidden.Contains(total);
                var hiddenCells = cells.Count(hidden.Contains);
                var needed = (totalHidden && hiddenCells == 0) || (!totalHidden && hiddenCells == 1 && cells.Count >= 2);
                if (!needed) continue;
                var next = cells.Where(c => !hidden.Contains(c)).OrderBy(c => c.N).ThenBy(c => c.Label, StringComparer.Ordinal).FirstOrDefault();
                if (next is not null && hidden.Add(next)) changed = true;
            }
        }
        var result = new HashSet<GroupAudit>(ReferenceEqualityComparer.Instance);
        foreach (var g in hidden.Where(g => g.N >= minCell)) result.Add(g);
        return result;
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
