using System.Text.Json;
using Vigil.Core;
using Vigil.Core.DataAudit;

namespace Vigil.Cli.Output;

/// <summary>Renders a data audit as vigil.data-audit/v1 JSON (docs/data-audit-json.md).</summary>
public static class DataAuditJsonWriter
{
    public const string Schema = "vigil.data-audit/v1";

    public static string Render(DataAuditResult r, DataAuditInfo info)
    {
        var counts = GroupLookup.Of(r, info.Neighbours);
        return JsonMetricWriter.Document(Schema, withTool: true, w =>
        {
            WriteInput(w, r, info);
            WriteComposition(w, r);
            WriteLabels(w, r, counts);
            WriteMissingness(w, r, counts);
            WriteDistributions(w, r, counts);
            WriteProxies(w, r, counts);
            WriteAnnotations(w, r, counts);
            WriteSites(w, r);
        });
    }

    private static void WriteInput(Utf8JsonWriter w, DataAuditResult r, DataAuditInfo info)
    {
        var input = r.Input;
        w.WriteStartObject("input");
        Strings(w, "files", info.Files);
        w.WriteNumber("rows", input.Rows);
        w.WriteString("label", input.LabelColumn);
        w.WriteString("positive_rule", input.PositiveRule);
        Strings(w, "protected", input.Protected.Select(p => p.Name));
        if (input.Site is null) w.WriteNull("site");
        else w.WriteString("site", input.Site.Name);
        Strings(w, "numeric_features", input.NumericFeatures.Select(f => f.Name));
        Strings(w, "categorical_features", input.CategoricalFeatures.Select(f => f.Name));
        Strings(w, "annotations", input.Annotations.Select(a => a.Name));
        Strings(w, "groupings", r.Groupings.Select(g => g.Name));
        w.WriteNumber("min_cell", info.MinCell);
        w.WriteEndObject();
    }

    private static void WriteComposition(Utf8JsonWriter w, DataAuditResult r)
    {
        w.WriteStartArray("composition");
        foreach (var c in r.Composition)
        {
            w.WriteStartObject();
            w.WriteString("grouping", c.Grouping);
            if (c.Site is null) w.WriteNull("site");
            else w.WriteString("site", c.Site);
            w.WriteStartArray("groups");
            foreach (var g in c.Groups)
            {
                w.WriteStartObject();
                w.WriteString("group", g.Group);
                w.WriteNumber("n", g.N);
                w.WriteNumber("positives", g.Positives);
                w.WriteNumberOrNull("share", g.Share);
                w.WriteBoolean("small_cell", g.SmallCell);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (c.Reference is not { } reference)
            {
                w.WriteNull("reference_population");
            }
            else
            {
                w.WriteStartObject("reference_population");
                w.WriteString("source", reference.Source);
                w.WriteString("test", "chi_square_goodness_of_fit");
                w.WriteNumber("statistic", reference.ChiSquare);
                w.WriteNumber("df", reference.DegreesOfFreedom);
                w.WriteNumberOrNull("p_value", reference.PValue);
                w.WriteNumberOrNull("min_expected", reference.MinExpected);
                w.WriteStartArray("groups");
                foreach (var g in reference.Groups)
                {
                    w.WriteStartObject();
                    w.WriteString("group", g.Group);
                    w.WriteNumber("n", g.N);
                    w.WriteNumber("positives", c.Groups.FirstOrDefault(x => x.Group == g.Group)?.Positives ?? 0);
                    w.WriteNumberOrNull("share", g.Share);
                    w.WriteNumber("expected_share", g.ExpectedShare);
                    w.WriteNumberOrNull("representation_ratio", g.RepresentationRatio);
                    w.WriteBoolean("under_represented", g.UnderRepresented);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteLabels(Utf8JsonWriter w, DataAuditResult r, GroupLookup counts)
    {
        var l = r.Labels;
        w.WriteStartObject("labels");
        w.WriteNumber("n", l.N);
        w.WriteNumber("positives", l.Positives);
        w.WriteNumber("missing_label", l.MissingLabel);
        w.WriteMetric("prevalence", l.Prevalence);
        w.WriteStartArray("groupings");
        foreach (var g in l.Groupings)
        {
            w.WriteStartObject();
            w.WriteString("grouping", g.Grouping);
            w.WriteString("privileged", g.Privileged);
            w.WriteStartArray("groups");
            foreach (var x in g.Groups)
            {
                w.WriteStartObject();
                w.WriteString("group", x.Group);
                w.WriteNumber("n", x.N);
                w.WriteNumber("positives", x.Positives);
                w.WriteNumber("missing_label", x.MissingLabel);
                w.WriteMetric("prevalence", x.Prevalence);
                w.WriteMetric("statistical_parity_difference", x.StatisticalParityDifference);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("aif360");
            w.WriteMetric("base_rate", g.Aif360.BaseRate);
            w.WriteMetric("privileged_base_rate", g.Aif360.PrivilegedBaseRate);
            w.WriteMetric("unprivileged_base_rate", g.Aif360.UnprivilegedBaseRate);
            w.WriteMetric("statistical_parity_difference", g.Aif360.StatisticalParityDifference);
            w.WriteMetric("disparate_impact", g.Aif360.DisparateImpact);
            w.WriteEndObject();
            WriteChiSquare(w, "prevalence_test", g.PrevalenceTest);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("consistency");
        w.WriteNumber("k", counts.Neighbours);
        Strings(w, "features", l.ConsistencyFeatures);
        WriteConsistency(w, "raw", l.Consistency);
        WriteConsistency(w, "standardized", l.ConsistencyStandardized);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteConsistency(Utf8JsonWriter w, string name, ConsistencyResult c)
    {
        w.WriteStartObject(name);
        w.WriteMetric("value", c.Value);
        w.WriteString("method", c.Method);
        w.WriteNumber("rows_used", c.Rows);
        w.WriteNumber("query_rows", c.QueryRows);
        w.WriteEndObject();
    }

    private static void WriteChiSquare(Utf8JsonWriter w, string name, ChiSquareResult t)
    {
        w.WriteStartObject(name);
        w.WriteString("method", "chi_square");
        w.WriteNumber("statistic", t.ChiSquare);
        w.WriteNumber("df", t.DegreesOfFreedom);
        w.WriteNumberOrNull("p_value", t.PValue);
        w.WriteNumberOrNull("min_expected", t.MinExpected);
        w.WriteEndObject();
    }

    private static void WriteMissingness(Utf8JsonWriter w, DataAuditResult r, GroupLookup counts)
    {
        w.WriteStartArray("missingness");
        foreach (var m in r.Missingness)
        {
            w.WriteStartObject();
            w.WriteString("column", m.Column);
            w.WriteString("kind", m.Kind);
            w.WriteNumber("n", m.N);
            w.WriteNumber("missing", m.Missing);
            w.WriteNumber("missing_coded", m.MissingCoded);
            w.WriteNumber("missing_sentinel", m.MissingSentinel);
            w.WriteStartArray("sentinels");
            foreach (var s in m.Sentinels) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteNumber("share", m.N > 0 ? (double)m.Missing / m.N : 0);
            w.WriteStartArray("by_group");
            foreach (var t in m.ByGroup)
            {
                w.WriteStartObject();
                w.WriteString("grouping", t.Grouping);
                w.WriteString("test", t.Method);
                w.WriteNumberOrNull("statistic", t.Statistic);
                w.WriteNumber("df", t.DegreesOfFreedom);
                w.WriteNumberOrNull("p_value", t.PValue);
                w.WriteNumberOrNull("p_value_holm", t.PValueHolm);
                w.WriteStartArray("groups");
                foreach (var g in t.Groups)
                {
                    w.WriteStartObject();
                    w.WriteString("group", g.Group);
                    w.WriteNumber("n", g.N);
                    w.WriteNumber("positives", counts.Positives(t.Grouping, g.Group));
                    w.WriteString("column", m.Column);
                    w.WriteNumber("missing", g.Missing);
                    w.WriteNumberOrNull("share", g.Share);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteDistributions(Utf8JsonWriter w, DataAuditResult r, GroupLookup counts)
    {
        w.WriteStartArray("distributions");
        foreach (var d in r.Distributions)
        {
            w.WriteStartObject();
            w.WriteString("feature", d.Feature);
            w.WriteString("kind", d.Kind);
            w.WriteString("grouping", d.Grouping);
            w.WriteString("reference", d.Reference);
            w.WriteStartArray("groups");
            foreach (var g in d.Numeric ?? [])
            {
                w.WriteStartObject();
                w.WriteString("group", g.Group);
                w.WriteNumber("n", counts.N(d.Grouping, g.Group));
                w.WriteNumber("positives", counts.Positives(d.Grouping, g.Group));
                w.WriteNumber("present", g.Summary.N);
                w.WriteNumberOrNull("mean", g.Summary.Mean);
                w.WriteNumberOrNull("sd", g.Summary.Sd);
                w.WriteNumberOrNull("median", g.Summary.Median);
                w.WriteNumberOrNull("q1", g.Summary.Q1);
                w.WriteNumberOrNull("q3", g.Summary.Q3);
                w.WriteNumberOrNull("iqr", g.Summary.Q3 - g.Summary.Q1);
                w.WriteMetric("smd", g.Smd);
                w.WriteBoolean("imbalanced", g.Imbalanced);
                w.WriteEndObject();
            }
            foreach (var g in d.Categorical ?? [])
            {
                w.WriteStartObject();
                w.WriteString("group", g.Group);
                w.WriteNumber("n", counts.N(d.Grouping, g.Group));
                w.WriteNumber("positives", counts.Positives(d.Grouping, g.Group));
                w.WriteNumber("present", g.N);
                w.WriteStartArray("levels");
                foreach (var level in g.Levels)
                {
                    w.WriteStartObject();
                    w.WriteString("level", level.Level);
                    w.WriteNumber("count", level.Count);
                    w.WriteNumberOrNull("share", level.Share);
                    w.WriteMetric("smd", level.Smd);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteBoolean("imbalanced", g.Imbalanced);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteProxies(Utf8JsonWriter w, DataAuditResult r, GroupLookup counts)
    {
        w.WriteStartArray("proxies");
        foreach (var p in r.Proxies)
        {
            w.WriteStartObject();
            w.WriteString("feature", p.Feature);
            w.WriteString("attribute", p.Attribute);
            w.WriteString("kind", p.Kind);
            w.WriteString("measure", p.Measure);
            w.WriteNumberOrNull("strength", p.Strength);
            w.WriteNumber("n", p.N);
            if (p.Kind == "categorical")
            {
                w.WriteNumberOrNull("cramers_v", p.CramersV);
                w.WriteNumberOrNull("p_value", p.PValue);
            }
            else
            {
                w.WriteStartArray("auroc");
                foreach (var (group, auroc) in p.GroupAuroc ?? [])
                {
                    w.WriteStartObject();
                    w.WriteString("group", group);
                    w.WriteNumber("n", counts.N(p.Attribute, group));
                    w.WriteNumber("positives", counts.Positives(p.Attribute, group));
                    w.WriteNumber("auroc", auroc);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteAgreement(Utf8JsonWriter w, AgreementGroup g, long n, long positives)
    {
        w.WriteStartObject();
        w.WriteString("group", g.Group);
        w.WriteNumber("n", n);
        w.WriteNumber("positives", positives);
        w.WriteNumber("items", g.N);
        w.WriteNumber("disagreements", g.Disagreements);
        w.WriteMetric("disagreement_rate", g.DisagreementRate);
        w.WriteMetric("kappa", g.Kappa);
        w.WriteEndObject();
    }

    private static void WriteAnnotations(Utf8JsonWriter w, DataAuditResult r, GroupLookup counts)
    {
        if (r.Annotations is not { } a)
        {
            w.WriteNull("annotations");
            return;
        }
        w.WriteStartObject("annotations");
        Strings(w, "annotators", a.Annotators);
        w.WriteString("method", a.Method);
        w.WriteNumber("items_incomplete", a.ItemsIncomplete);
        w.WritePropertyName("overall");
        WriteAgreement(w, a.Overall, r.Input.Rows, r.Labels.Positives);
        w.WriteStartArray("groupings");
        foreach (var (grouping, groups) in a.ByGroup)
        {
            w.WriteStartObject();
            w.WriteString("grouping", grouping);
            w.WriteStartArray("groups");
            foreach (var g in groups) WriteAgreement(w, g, counts.N(grouping, g.Group), counts.Positives(grouping, g.Group));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSites(Utf8JsonWriter w, DataAuditResult r)
    {
        if (r.Sites is not { } s)
        {
            w.WriteNull("sites");
            return;
        }
        w.WriteStartObject("sites");
        w.WriteString("column", s.Column);
        WriteChiSquare(w, "prevalence_test", s.PrevalenceTest);
        w.WriteStartArray("sites");
        foreach (var site in s.Sites)
        {
            w.WriteStartObject();
            w.WriteString("site", site.Site);
            w.WriteString("group", site.Site);
            w.WriteNumber("n", site.N);
            w.WriteNumber("positives", site.Positives);
            w.WriteNumber("missing_label", site.MissingLabel);
            w.WriteMetric("prevalence", site.Prevalence);
            w.WriteStartArray("features");
            foreach (var f in site.Features)
            {
                w.WriteStartObject();
                w.WriteString("feature", f.Feature);
                w.WriteNumberOrNull("mean", f.Site.Mean);
                w.WriteNumberOrNull("sd", f.Site.Sd);
                w.WriteNumberOrNull("mean_other_sites", f.Others.Mean);
                w.WriteNumberOrNull("sd_other_sites", f.Others.Sd);
                w.WriteMetric("smd", f.Smd);
                w.WriteBoolean("shifted", f.Shifted);
                w.WriteNumberOrNull("missing_share", f.MissingShare);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}

/// <summary>Where the data came from and the settings, for the "input" block.</summary>
public sealed record DataAuditInfo(IReadOnlyList<string> Files, int MinCell, int Neighbours, string Title = "Data audit");

/// <summary>Rows and positives per (grouping, group), from the whole-data composition.</summary>
internal sealed class GroupLookup
{
    private readonly Dictionary<(string, string), GroupCount> _counts = [];

    public int Neighbours { get; private init; }

    public static GroupLookup Of(DataAuditResult r, int neighbours)
    {
        var lookup = new GroupLookup { Neighbours = neighbours };
        foreach (var c in r.Composition.Where(c => c.Site is null))
            foreach (var g in c.Groups) lookup._counts[(c.Grouping, g.Group)] = g;
        if (r.Sites is { } sites)
            foreach (var s in sites.Sites) lookup._counts[(sites.Column, s.Site)] = new GroupCount(s.Site, s.N, s.Positives, (double)s.N / r.Input.Rows, false);
        return lookup;
    }

    public long N(string grouping, string group) => _counts.TryGetValue((grouping, group), out var g) ? g.N : 0;

    public long Positives(string grouping, string group) => _counts.TryGetValue((grouping, group), out var g) ? g.Positives : 0;
}
