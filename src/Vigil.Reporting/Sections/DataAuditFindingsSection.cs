using Vigil.Reporting.DataAudit;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>"Data audit findings" (with --data-audit): representation, prevalence, missingness, proxies, sites and label quality, one list each.</summary>
public static class DataAuditFindingsSection
{
    /// <summary>The section's blocks (none without a data audit).</summary>
    public static IEnumerable<Block> Build(DataAuditFindings? f)
    {
        if (f is null) yield break;
        yield return new Heading(2, "Data audit findings");
        yield return new Paragraph($"From {f.SourceName} (vigil data-audit): what the data themselves say about who is represented, how the condition and missing values are "
            + $"spread across groups, which inputs stand in for a protected attribute, how sites differ, and how reliable the labels are. Tests at p < {Numbers.Fixed(DataAuditFindings.Alpha, 2)}; "
            + $"proxies from strength {Numbers.Fixed(DataAuditFindings.ProxyStrength, 1)}.");
        foreach (var (title, items, none) in new (string, IReadOnlyList<string>, string)[]
        {
            ("Representation", f.Representation, "No group is under-represented against a reference population (or none was given: vigil data-audit --reference-population)."),
            ("Prevalence by group", f.Prevalence, "The condition's prevalence does not differ significantly between groups."),
            ("Missing values by group", f.Missingness, "No column's missingness differs significantly between groups after Holm's adjustment."),
            ("Proxies of protected attributes", f.Proxies, "No input is a moderate or strong proxy of a protected attribute."),
            ("Site differences", f.Sites, "One site, or no site column (vigil data-audit --site)."),
            ("Label quality by group", f.LabelQuality, "No repeated annotations were given (vigil data-audit --annotations), so label quality by group is not measured."),
        })
        {
            yield return new Heading(3, title);
            yield return items.Count > 0 ? new BulletList(items) : new Paragraph(none);
        }
    }
}
