using Vigil.Reporting.Document;
using Vigil.Reporting.External;

namespace Vigil.Reporting.Sections;

/// <summary>
/// "Hidden subgroups (subgroup scan)" (with --scan): the subgroups vigil scan found with a worse rate than the rest,
/// with Wilson intervals and adjusted p-values. Subgroups flagged as small cells are named without numbers.
/// </summary>
public static class ScanSection
{
    /// <summary>At most this many subgroups are listed.</summary>
    public const int MaxRows = 10;

    /// <summary>The section's blocks (none without a scan).</summary>
    public static IEnumerable<Block> Build(ScanReportModel? s, int minCell)
    {
        if (s is null) yield break;
        yield return new Heading(2, "Hidden subgroups (subgroup scan)");
        var significant = s.Subgroups.Count(g => g.Significant);
        yield return new Paragraph($"From {s.SourceName} (vigil scan, {s.Method}, metric {s.Metric}): the search looked beyond the audited groups for conjunctions of attribute values "
            + $"whose {s.Metric} is higher than in everyone else ({s.Candidates} candidates; p-values adjusted by {s.Adjustment}). "
            + $"Overall {s.Metric}: {Numbers.PercentWithCi(s.OverallRate)}. {significant} of {s.Subgroups.Count} subgroup(s) listed {(significant == 1 ? "is" : "are")} significant at {Numbers.Fixed(s.Alpha, 2)}.");
        if (s.Subgroups.Count == 0) yield break;
        yield return new Table(["rank", "subgroup", "patients", $"{s.Metric} in subgroup (95% CI)", $"{s.Metric} in the rest (95% CI)", $"adjusted p ({s.Adjustment})", "significant"],
            s.Subgroups.Take(MaxRows).Select(g => (IReadOnlyList<string>)(g.SmallCell || g.Rows < minCell
                ? [Numbers.Count(g.Rank), g.Definition, $"suppressed (fewer than {minCell} patients)", "", "", "", g.Significant ? "yes" : "no"]
                : [Numbers.Count(g.Rank), g.Definition, Numbers.Thousands(g.Rows), Numbers.PercentWithCi(g.Rate), Numbers.PercentWithCi(g.ComplementRate),
                   g.AdjustedPValue is double p ? Numbers.PValue(p) : "n/a", g.Significant ? "yes" : "no"])).ToList());
    }
}
