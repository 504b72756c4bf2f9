namespace Vigil.Core.DataAudit;

/// <summary>A numeric feature at one site against all other sites pooled: means and the SMD (|SMD| &gt; 0.1 flagged), plus the share missing at the site.</summary>
public sealed record SiteFeatureShift(string Feature, DescriptiveSummary Site, DescriptiveSummary Others, Metric Smd, bool Shifted, double MissingShare);

/// <summary>One site: rows, labelled rows, positives, prevalence (Wilson CI) and feature shift against the other sites.</summary>
public sealed record SiteRow(string Site, long N, long MissingLabel, long Positives, Metric Prevalence, IReadOnlyList<SiteFeatureShift> Features);

/// <summary>Differences between sites; composition per site is in the composition section. <see cref="PrevalenceTest"/> tests equal prevalence at every site (χ²).</summary>
public sealed record SiteSummary(string Column, IReadOnlyList<SiteRow> Sites, ChiSquareResult PrevalenceTest);

public static class SiteSection
{
    public static SiteSummary? Build(DataAuditInput input)
    {
        if (input.Site is not { } site) return null;
        var k = site.Levels.Length;
        var n = new long[k];
        var missing = new long[k];
        var x = new long[k];
        for (var i = 0; i < input.Rows; i++)
        {
            var s = site.Codes[i];
            n[s]++;
            if (input.Labels[i] == DataAuditInput.MissingLabel) missing[s]++;
            else x[s] += input.Labels[i];
        }
        var table = new long[2 * k];
        for (var s = 0; s < k; s++)
        {
            table[2 * s] = x[s];
            table[2 * s + 1] = n[s] - missing[s] - x[s];
        }
        var shifts = new List<SiteFeatureShift>[k];
        for (var s = 0; s < k; s++) shifts[s] = new List<SiteFeatureShift>(input.NumericFeatures.Count);
        var oneVsRest = new int[input.Rows];
        foreach (var f in input.NumericFeatures)
        {
            var sorted = SortedFeature.Of(f.Values);
            for (var s = 0; s < k; s++)
            {
                long siteMissing = 0;
                for (var i = 0; i < input.Rows; i++)
                {
                    var inSite = site.Codes[i] == s;
                    oneVsRest[i] = inSite ? 0 : 1;
                    if (inSite && double.IsNaN(f.Values[i])) siteMissing++;
                }
                var summaries = sorted.Summaries(oneVsRest, 2);
                var smd = StandardizedMeanDifference.Continuous(summaries[0], summaries[1]);
                shifts[s].Add(new SiteFeatureShift(f.Name, summaries[0], summaries[1], smd,
                    smd.Value is { } v && Math.Abs(v) > StandardizedMeanDifference.Threshold, n[s] > 0 ? (double)siteMissing / n[s] : double.NaN));
            }
        }
        var rows = new List<SiteRow>(k);
        for (var s = 0; s < k; s++)
            rows.Add(new SiteRow(site.Levels[s], n[s], missing[s], x[s], LabelSection.Prevalence(x[s], n[s] - missing[s]), shifts[s]));
        return new SiteSummary(site.Name, rows, ContingencyTable.Test(table, k, 2));
    }
}
