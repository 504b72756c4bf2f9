using Vigil.Reporting.Audit;

namespace Vigil.Reporting.Risk;

/// <summary>Turns the audit's FNR gaps into expected additional missed cases (see <see cref="MissedCaseEstimate"/>).</summary>
public static class MissedCaseTranslation
{
    /// <summary>Positive patients the per-group rate is expressed for.</summary>
    public const double PerPositives = 1000;

    /// <summary>
    /// Every group (of every attribute and intersection) with a defined FNR above its reference group's, in
    /// audit order; groups and references under the small-cell threshold are left out (they are suppressed).
    /// </summary>
    public static IReadOnlyList<MissedCaseEstimate> Translate(AuditReportModel audit, SmallCellPolicy cells, DeploymentVolume? volume)
    {
        var result = new List<MissedCaseEstimate>();
        foreach (var attribute in audit.Attributes)
        {
            var reference = attribute.Reference;
            if (reference is null || !cells.ShowsRate(reference, "fnr")) continue;
            foreach (var group in attribute.Groups)
            {
                if (group == reference || !cells.ShowsRate(group, "fnr")) continue;
                var estimate = Estimate(audit, attribute, group, reference, volume, cells.ShownPositives(group));
                if (estimate is not null) result.Add(estimate);
            }
        }
        return result;
    }

    /// <summary>
    /// The estimate for one group, or null when its FNR is not above the reference's or an interval is missing.
    /// <paramref name="shownPositives"/>: the group's positives as the output shows them (rounded for a group protecting
    /// a smaller one, so that the exact count does not follow from the per-year figure); default the exact count.
    /// </summary>
    public static MissedCaseEstimate? Estimate(AuditReportModel audit, AttributeAudit attribute, GroupAudit group, GroupAudit reference, DeploymentVolume? volume, int? shownPositives = null)
    {
        var test = group.FnrTest;
        var g = group.Metric("fnr");
        var r = reference.Metric("fnr");
        if (test?.Difference is not double d || d <= 0) return null;
        if (g.Value is not double pg || r.Value is not double pr || !g.HasInterval || !r.HasInterval) return null;
        var (diff, lower, upper) = DifferenceInterval.Newcombe(pg, g.Lower!.Value, g.Upper!.Value, pr, r.Lower!.Value, r.Upper!.Value);
        var difference = new Interval(diff, lower, upper);
        var significant = test.PAdjusted is double p && p < audit.Alpha;
        double? positivesPerYear = volume is null || audit.Overall.Positives == 0 ? null : volume.PositivesPerYear(shownPositives ?? group.Positives, audit.Overall.Positives);
        return new MissedCaseEstimate(attribute, group, reference, test, difference, significant,
            difference.Scale(PerPositives), positivesPerYear, positivesPerYear is double ppy ? difference.Scale(ppy) : null);
    }
}
