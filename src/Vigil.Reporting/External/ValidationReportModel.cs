using System.Text.Json;
using Vigil.Reporting.Audit;

namespace Vigil.Reporting.External;

/// <summary>A protected group at one site: size, positives and rates (Wilson intervals) as vigil validate measured them.</summary>
public sealed record SiteGroup(string Group, int N, int Positives, MetricValue Sensitivity, MetricValue Fnr, MetricValue Fpr);

/// <summary>One site (or period) of a vigil.validation/v1 document: internal (out-of-fold at the training site) or external.</summary>
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

/// <summary>What a vigil.validation/v1 document says, as far as the report needs it (docs/validation.md).</summary>
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

/// <summary>Reads a vigil.validation/v1 document (the output of vigil validate); anything missing or of the wrong kind is a data error naming the file and JSON path.</summary>
public static class ValidationJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = "vigil.validation/v1";

    /// <summary>Reads and checks <paramref name="path"/> (given as --validation).</summary>
    public static ValidationReportModel ReadFile(string path) => JsonFields.Guarded(path, () => Parse(JsonFields.ReadText("validation", path), Path.GetFileName(path)));

    /// <summary>Parses the text of a validation document; <paramref name="name"/> names it in errors.</summary>
    public static ValidationReportModel Parse(string json, string name)
    {
        var f = new JsonFields(name);
        using var doc = f.Parse(json);
        var root = doc.RootElement;
        f.Schema(root, Schema, "vigil validate, validation.json");
        var data = f.Obj(root, "data", "$");
        var threshold = f.Obj(root, "threshold", "$");
        var model = f.Obj(root, "model", "$");
        var sites = new List<ValidationSite>();
        var i = 0;
        foreach (var s in f.Arr(root, "settings", "$"))
            sites.Add(Site(f, s, $"$.settings[{i++}]"));
        if (sites.Count(s => s.Internal) != 1) throw f.Bad("$", "settings", "exactly one setting with role 'internal'");
        if (!sites.Any(s => !s.Internal)) throw f.Bad("$", "settings", "at least one setting with role 'external'");
        return new ValidationReportModel(name, f.Str(data, "path", "$.data"), f.Str(data, "training_site", "$.data"), f.Str(model, "kind", "$.model"),
            f.Str(threshold, "method", "$.threshold"), f.Num(threshold, "value", "$.threshold"), f.Strings(root, "protected", "$"), sites);
    }

    private static ValidationSite Site(JsonFields f, JsonElement s, string path)
    {
        var role = f.Str(s, "role", path);
        if (role is not ("internal" or "external")) throw f.Bad(path, "role", "'internal' or 'external'");
        var p = f.Obj(s, "performance", path);
        var pp = path + ".performance";
        var fairness = new List<(string, IReadOnlyList<SiteGroup>)>();
        if (s.TryGetProperty("fairness", out var fa) && fa.ValueKind == JsonValueKind.Object)
        {
            foreach (var attr in fa.EnumerateObject())
            {
                var ap = $"{path}.fairness.{attr.Name}";
                if (attr.Value.ValueKind != JsonValueKind.Array) throw f.Bad($"{path}.fairness", attr.Name, "an array of groups");
                var groups = new List<SiteGroup>();
                var j = 0;
                foreach (var g in attr.Value.EnumerateArray())
                {
                    var gp = $"{ap}[{j++}]";
                    groups.Add(new SiteGroup(f.Str(g, "group", gp), f.Int(g, "n", gp), f.Int(g, "positives", gp),
                        f.Metric(g, "sensitivity", gp), f.Metric(g, "fnr", gp), f.Metric(g, "fpr", gp)));
                }
                fairness.Add((attr.Name, groups));
            }
        }
        return new ValidationSite(f.Str(s, "site", path), role == "internal", f.Int(p, "n", pp), f.Int(p, "positives", pp),
            f.Metric(p, "prevalence", pp), f.Metric(p, "auroc", pp), f.Metric(p, "brier", pp), ObservedExpected(f, s, p, path, pp),
            f.Metric(p, "accuracy", pp), f.Metric(p, "sensitivity", pp), f.Metric(p, "specificity", pp), f.Metric(p, "ppv", pp),
            fairness, f.Strings(s, "notes", path));
    }

    /// <summary>
    /// O/E = Σy / Σscore: from the setting's "calibration" block when it has one (the same ratio with its bootstrap
    /// interval), else performance.observed_expected (no interval).
    /// </summary>
    private static MetricValue ObservedExpected(JsonFields f, JsonElement setting, JsonElement performance, string path, string performancePath) =>
        setting.TryGetProperty("calibration", out var calibration) && calibration.ValueKind == JsonValueKind.Object
            ? f.Metric(calibration, "oe_ratio", $"{path}.calibration")
            : f.Metric(performance, "observed_expected", performancePath);
}
