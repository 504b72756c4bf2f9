using Xunit;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Risk;

namespace Vigil.Tests.Reporting;

/// <summary>The clinical-risk translation on a hand-computed case.</summary>
public sealed class TranslationTests
{
    private static GroupAudit Group(string label, int n, int positives, double fnr, double lo, double hi, GroupTest? test) =>
        new(label, n, positives, new Dictionary<string, MetricValue> { ["fnr"] = new(fnr, lo, hi, null) }, test, null);

    private static AuditReportModel Audit(params GroupAudit[] groups)
    {
        var attribute = new AttributeAudit("sex", ["sex"], "M", groups);
        return new AuditReportModel("a.json", "d.csv", "y", "1", "score", null, 0.5, 0.95, 0, 11, 400,
            new GroupAudit("overall", 400, 200, new Dictionary<string, MetricValue>(), null, null), [attribute], []);
    }

    [Fact]
    public void Newcombe_interval_by_hand()
    {
        // d = 0.30 − 0.10 = 0.20; lower = 0.20 − √(0.10² + 0.06²) = 0.0833808; upper = 0.20 + √(0.12² + 0.04²) = 0.3264911.
        var (d, lo, hi) = DifferenceInterval.Newcombe(0.30, 0.20, 0.42, 0.10, 0.06, 0.16);
        Assert.Equal(0.20, d, 12);
        Assert.Equal(0.0833808, lo, 6);
        Assert.Equal(0.3264911, hi, 6);
    }

    [Fact]
    public void Per_thousand_and_per_year_by_hand()
    {
        var women = Group("F", 100, 50, 0.30, 0.20, 0.42, new GroupTest(0.20, 0.004, 0.008, "z", null));
        var men = Group("M", 300, 150, 0.10, 0.06, 0.16, new GroupTest(null, null, null, null, "reference group"));
        var audit = Audit(women, men);
        var t = Assert.Single(MissedCaseTranslation.Translate(audit, new SmallCellPolicy(11), new DeploymentVolume(10_000, 0.2)));
        Assert.True(t.Significant);
        Assert.Equal(200, t.PerThousandPositives.Estimate, 9);
        Assert.Equal(83.3808, t.PerThousandPositives.Lower, 3);
        Assert.Equal(326.4911, t.PerThousandPositives.Upper, 3);
        // 10,000 a year × 0.2 prevalence × 50/200 of the positives = 500 positive women a year; × 0.20 = 100 missed.
        Assert.Equal(500, t.PositivesPerYear!.Value, 9);
        Assert.Equal(100, t.PerYear!.Estimate, 9);
        Assert.Equal(41.6904, t.PerYear.Lower, 3);
        Assert.Equal(163.2456, t.PerYear.Upper, 3);
    }

    [Fact]
    public void Lower_fnr_small_cells_and_insignificant_gaps()
    {
        var better = Group("F", 100, 50, 0.05, 0.02, 0.12, new GroupTest(-0.05, 0.3, 0.3, "z", null));
        var men = Group("M", 300, 150, 0.10, 0.06, 0.16, null);
        Assert.Empty(MissedCaseTranslation.Translate(Audit(better, men), new SmallCellPolicy(11), null));
        var small = Group("F", 10, 5, 0.40, 0.17, 0.69, new GroupTest(0.30, 0.04, 0.04, "fisher", null));
        Assert.Empty(MissedCaseTranslation.Translate(Audit(small, men), new SmallCellPolicy(11), null));
        var notSignificant = Group("F", 100, 50, 0.30, 0.20, 0.42, new GroupTest(0.20, 0.04, 0.06, "z", null));
        var t = Assert.Single(MissedCaseTranslation.Translate(Audit(notSignificant, men), new SmallCellPolicy(11), null));
        Assert.False(t.Significant);
        Assert.Null(t.PerYear);
    }

    [Fact]
    public void Severity_scale()
    {
        // Likelihood from the statistics: Holm-significant → almost certain; interval excludes no gap → likely; neither → possible.
        Assert.Equal(3, SeverityScale.GapLikelihood(-0.01, true));
        Assert.Equal(2, SeverityScale.GapLikelihood(0.001, false));
        Assert.Equal(1, SeverityScale.GapLikelihood(0, false));
        Assert.Equal(("possible", "likely", "almost certain"), (SeverityScale.LikelihoodWord(1), SeverityScale.LikelihoodWord(2), SeverityScale.LikelihoodWord(3)));
        // Impact from the translation: 50 more missed per 1,000 positives is serious, 20 moderate, less minor.
        Assert.Equal((3, 2, 1), (SeverityScale.MissedCaseImpact(50), SeverityScale.MissedCaseImpact(20), SeverityScale.MissedCaseImpact(19.9)));
        Assert.Equal(("low", "moderate", "high"), (SeverityScale.Band(2), SeverityScale.Band(4), SeverityScale.Band(6)));
        // No high severity without evidence: a possible gap of any size stays at most moderate.
        Assert.Equal("moderate", SeverityScale.Band(SeverityScale.MissedCaseImpact(500) * SeverityScale.GapLikelihood(-0.1, false)));
    }
}
