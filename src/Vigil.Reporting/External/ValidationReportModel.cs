using Vigil.Contracts.Validation;
using Vigil.Core;
using Vigil.Reporting.Audit;

namespace Vigil.Reporting.External;

/// <summary>
/// A protected group at one site: size, positives and rates (Wilson intervals) as vigil validate measured them, with its
/// FNR and FPR minus those of <paramref name="ReferenceGroup"/> (null when the document predates them).
/// </summary>
public sealed record SiteGroup(string Group, int N, int Positives, MetricValue Sensitivity, MetricValue Fnr, MetricValue Fpr,
    string? ReferenceGroup = null, MetricValue? FnrDifference = null, MetricValue? FprDifference = null);

/// <summary>One site (or period) of a vigil.validation/v2 document: internal (out-of-fold at the training site) or external.</summary>
public sealed record ValidationSite(
    string Site,
    bool Internal,
    int N,
    int Positives,
    MetricValue Prevalence,
    MetricValue Auroc,
    MetricValue Brier,
    MetricValue ObservedExpected,
    MetricValue Accuracy,
    MetricValue Sensitivity,
    MetricValue Specificity,
    MetricValue Ppv,
    IReadOnlyList<(string Attribute, IReadOnlyList<SiteGroup> Groups)> Fairness,
    IReadOnlyList<string> Notes)
{
    /// <summary>The groups of <paramref name="attribute"/> (empty when the site has none).</summary>
    public IReadOnlyList<SiteGroup> Groups(string attribute) =>
        Fairness.FirstOrDefault(f => f.Attribute == attribute).Groups ?? [];
}

/// <summary>What a vigil.validation/v2 document says, as far as the report needs it (docs/validation.md).</summary>
public sealed record ValidationReportModel(
    string SourceName,
    string DataPath,
    string TrainingSite,
    string ModelKind,
    string ThresholdMethod,
    double Threshold,
    IReadOnlyList<string> Protected,
    IReadOnlyList<ValidationSite> Sites)
{
    /// <summary>The training site's out-of-fold setting.</summary>
    public ValidationSite Internal => Sites.First(s => s.Internal);

    /// <summary>Every other site, in the document's order.</summary>
    public IEnumerable<ValidationSite> External => Sites.Where(s => !s.Internal);
}

/// <summary>
/// Reads a vigil.validation/v2 document (the output of vigil validate) through its contract
/// (<see cref="ValidationContract"/>); a v1 file gets the contract's one-line "re-run" error.
/// </summary>
public static class ValidationJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = ValidationContract.Schema;

    /// <summary>Reads and checks <paramref name="path"/> (given as --validation).</summary>
    public static ValidationReportModel ReadFile(string path)
    {
        if (!File.Exists(path)) throw VigilException.Option("validation", $"{path}: no such file");
        return From(ValidationContract.Read(path), Path.GetFileName(path));
    }

    /// <summary>Parses the text of a validation document; <paramref name="name"/> names it in errors.</summary>
    public static ValidationReportModel Parse(string json, string name) => From(ValidationContract.Parse(json, name), name);

    /// <summary>The report's view of a validation document: one internal site, at least one external.</summary>
    public static ValidationReportModel From(ValidationDocument doc, string name)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var sites = new List<ValidationSite>(doc.Sites.Count);
        for (var i = 0; i < doc.Sites.Count; i++)
        {
            var s = doc.Sites[i];
            if (s.Role is not ("internal" or "external"))
                throw VigilException.BadData($"{name}: $.sites[{i}].role: expected 'internal' or 'external', found '{s.Role}'");
            var p = s.Performance;
            var fairness = new List<(string, IReadOnlyList<SiteGroup>)>();
            foreach (var (attribute, groups) in s.Fairness ?? new Dictionary<string, IReadOnlyList<SiteGroupBlock>>())
                fairness.Add((attribute, groups.Select(g => new SiteGroup(g.Group, (int)g.N, (int)g.Positives, M(g.Sensitivity), M(g.Fnr), M(g.Fpr),
                    g.ReferenceGroup, g.FalseNegativeRateDifference is { } fnr ? M(fnr) : null, g.FalsePositiveRateDifference is { } fpr ? M(fpr) : null)).ToList()));
            // O/E = Σy / Σscore: the calibration block's ratio carries its bootstrap interval.
            var oe = s.Calibration?.OeRatio ?? p.ObservedExpected;
            sites.Add(new ValidationSite(s.Site, s.Role == "internal", (int)p.N, (int)p.Positives, M(p.Prevalence), M(p.Auroc), M(p.Brier), M(oe),
                M(p.Accuracy), M(p.Sensitivity), M(p.Specificity), M(p.Ppv), fairness, s.Notes ?? []));
        }
        if (sites.Count(s => s.Internal) != 1) throw VigilException.BadData($"{name}: $.sites: expected exactly one site with role 'internal'");
        if (!sites.Any(s => !s.Internal)) throw VigilException.BadData($"{name}: $.sites: expected at least one site with role 'external'");
        var data = doc.Inputs.Count > 0 ? doc.Inputs[0].Path : "";
        return new ValidationReportModel(name, data, doc.Settings.TrainSite, doc.Learner.Name, doc.Threshold.Method, doc.Threshold.Value,
            doc.Settings.Protected, sites);
    }

    private static MetricValue M(Contracts.Common.MetricValue m) =>
        m is null ? new MetricValue(null, null, null, "missing") : new MetricValue(m.Value, m.Ci is [var lo, _] ? lo : null, m.Ci is [_, var hi] ? hi : null, m.Reason);
}
