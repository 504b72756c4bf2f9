using System.Text.Json;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Document;
using Vigil.Reporting.External;

namespace Vigil.Reporting.DataAudit;

/// <summary>
/// The findings of a saved data audit (vigil.data-audit/v1) a committee needs next to the model's results, as
/// sentences: representation against the reference population (ratio &lt; 0.8), prevalence differences between
/// groups, missingness that differs between groups (Holm-adjusted p &lt; <see cref="Alpha"/>), the strongest proxies of
/// protected attributes (strength ≥ <see cref="ProxyStrength"/>), site differences, and label quality (kappa) by
/// group. Shareable: a group under the small-cell threshold is named without any count or rate.
/// </summary>
public sealed record DataAuditFindings(
    string SourceName,
    IReadOnlyList<string> Representation,
    IReadOnlyList<string> Prevalence,
    IReadOnlyList<string> Missingness,
    IReadOnlyList<string> Proxies,
    IReadOnlyList<string> Sites,
    IReadOnlyList<string> LabelQuality)
{
    /// <summary>Significance level of the data audit's tests as reported here.</summary>
    public const double Alpha = 0.05;

    /// <summary>A proxy is reported from this strength (Cramér's V, or |2·AUROC − 1|) on: a moderate association.</summary>
    public const double ProxyStrength = 0.3;

    /// <summary>At most this many proxies are listed (the strongest).</summary>
    public const int MaxProxies = 5;

    /// <summary>Reads the findings of the data audit at <paramref name="path"/> (given as the data_audit option).</summary>
    public static DataAuditFindings FromFile(string path, int minCell) => FromJson(JsonFields.ReadText("data_audit", path), Path.GetFileName(path), minCell);

    /// <summary>The findings of a data-audit document; <paramref name="name"/> names it.</summary>
    public static DataAuditFindings FromJson(string json, string name, int minCell)
    {
        using var doc = new JsonFields(name).Parse(json);
        var root = doc.RootElement;
        return new DataAuditFindings(name, ReadRepresentation(root, minCell), ReadPrevalence(root, minCell), ReadMissingness(root, minCell), ReadProxies(root), ReadSites(root, minCell), ReadLabels(root, minCell));
    }

    private static JsonElement[] Items(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray()] : [];

    private static string Str(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static double? Num(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static bool Small(JsonElement g, int minCell) => (Num(g, "n") ?? 0) < minCell;

    private static MetricValue Metric(JsonElement e, string key)
    {
        if (!e.TryGetProperty(key, out var m) || m.ValueKind != JsonValueKind.Object) return new MetricValue(null, null, null, "not in the data audit");
        double? lo = null, hi = null;
        if (m.TryGetProperty("ci", out var ci) && ci.ValueKind == JsonValueKind.Array && ci.GetArrayLength() == 2) (lo, hi) = (ci[0].GetDouble(), ci[1].GetDouble());
        return new MetricValue(Num(m, "value"), lo, hi, m.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null);
    }

    private static List<string> ReadRepresentation(JsonElement root, int minCell)
    {
        var list = new List<string>();
        foreach (var c in Items(root, "composition"))
        {
            if (!c.TryGetProperty("reference_population", out var rp) || rp.ValueKind != JsonValueKind.Object) continue;
            foreach (var g in Items(rp, "groups"))
                if (g.TryGetProperty("under_represented", out var u) && u.ValueKind == JsonValueKind.True)
                    list.Add(Small(g, minCell)
                        ? $"{Str(c, "grouping")} = {Str(g, "group")} is under-represented against {Str(rp, "source")} (suppressed: fewer than {minCell} patients)."
                        : $"{Str(c, "grouping")} = {Str(g, "group")} is under-represented: {Numbers.Percent(Num(g, "share") ?? 0)} of the data against {Numbers.Percent(Num(g, "expected_share") ?? 0)} "
                          + $"in {Str(rp, "source")} (representation ratio {Numbers.Fixed(Num(g, "representation_ratio") ?? 0, 2)}; chi-square p = {Numbers.PValue(Num(rp, "p_value") ?? 1)}).");
        }
        return list;
    }

    private static List<string> ReadPrevalence(JsonElement root, int minCell)
    {
        var list = new List<string>();
        if (!root.TryGetProperty("labels", out var labels)) return list;
        foreach (var g in Items(labels, "groupings"))
        {
            if (!g.TryGetProperty("prevalence_test", out var t) || Num(t, "p_value") is not double p || p >= Alpha) continue;
            var shown = Items(g, "groups").Where(x => !Small(x, minCell) && Metric(x, "prevalence").Value is not null).ToList();
            var parts = shown.Select(x => $"{Str(x, "group")} {Numbers.PercentWithCi(Metric(x, "prevalence"))}");
            list.Add($"The condition's prevalence differs by {Str(g, "grouping")} ({Str(t, "method").Replace('_', '-')} p = {Numbers.PValue(p)}): {string.Join("; ", parts)}"
                + (shown.Count < Items(g, "groups").Length ? "; smaller groups suppressed" : "") + ". Threshold-based rates (alert rate, PPV) differ between these groups even for a fair model.");
        }
        return list;
    }

    /// <summary>One line per column whose missingness differs between groups: each grouping with its lowest and highest share and Holm-adjusted p.</summary>
    private static List<string> ReadMissingness(JsonElement root, int minCell)
    {
        var list = new List<string>();
        foreach (var column in Items(root, "missingness"))
        {
            var parts = new List<string>();
            foreach (var by in Items(column, "by_group"))
            {
                if (Num(by, "p_value_holm") is not double p || p >= Alpha) continue;
                var groups = Items(by, "groups").Where(g => !Small(g, minCell)).OrderBy(g => Num(g, "share") ?? 0).ToList();
                parts.Add(groups.Count >= 2
                    ? $"{Str(by, "grouping")} ({Numbers.Percent(Num(groups[0], "share") ?? 0)} {Str(groups[0], "group")} to {Numbers.Percent(Num(groups[^1], "share") ?? 0)} {Str(groups[^1], "group")}; p = {Numbers.PValue(p)})"
                    : $"{Str(by, "grouping")} (p = {Numbers.PValue(p)})");
            }
            if (parts.Count > 0)
                list.Add($"{Str(column, "column")}: missing in {Numbers.Percent(Num(column, "share") ?? 0)} of rows; the share differs by {string.Join(", ", parts)}.");
        }
        if (list.Count > 0) list.Add("p-values are Holm-adjusted over all missingness tests; a model that imputes these values treats the groups differently.");
        return list;
    }

    private static List<string> ReadProxies(JsonElement root) =>
        Items(root, "proxies")
            .Where(p => Num(p, "strength") is double s && s >= ProxyStrength)
            .Take(MaxProxies)
            .Select(p => $"{Str(p, "feature")} is a proxy of {Str(p, "attribute")}: {Str(p, "measure").Replace('_', ' ')} {Numbers.Fixed(Num(p, "strength")!.Value, 2)}"
                + (Num(p, "p_value") is double pv ? $" (p = {Numbers.PValue(pv)})" : "") + "; removing the attribute from the inputs does not remove its information.")
            .ToList();

    private static List<string> ReadSites(JsonElement root, int minCell)
    {
        var list = new List<string>();
        if (!root.TryGetProperty("sites", out var sites) || sites.ValueKind != JsonValueKind.Object) return list;
        if (sites.TryGetProperty("prevalence_test", out var t) && Num(t, "p_value") is double p)
            list.Add($"Prevalence differs between sites ({Str(t, "method").Replace('_', '-')} p = {Numbers.PValue(p)}): "
                + string.Join("; ", Items(sites, "sites").Select(s => Small(s, minCell) ? $"{Str(s, "site")} suppressed" : $"{Str(s, "site")} {Numbers.PercentWithCi(Metric(s, "prevalence"))}")) + ".");
        foreach (var s in Items(sites, "sites"))
        {
            var shifted = Items(s, "features").Where(f => f.TryGetProperty("shifted", out var x) && x.ValueKind == JsonValueKind.True).Select(f => Str(f, "feature")).ToList();
            if (shifted.Count > 0 && !Small(s, minCell))
                list.Add($"{Str(s, "site")} differs from the other sites in {string.Join(", ", shifted)} (|standardized mean difference| > 0.1).");
        }
        return list;
    }

    private static List<string> ReadLabels(JsonElement root, int minCell)
    {
        var list = new List<string>();
        if (!root.TryGetProperty("annotations", out var a) || a.ValueKind != JsonValueKind.Object) return list;
        var method = Str(a, "method").Replace('_', ' ');
        if (a.TryGetProperty("overall", out var o)) list.Add($"Label agreement overall: {method} {Numbers.DecimalWithCi(Metric(o, "kappa"))}, disagreement {Numbers.PercentWithCi(Metric(o, "disagreement_rate"))}.");
        foreach (var g in Items(a, "groupings"))
            list.Add($"Label agreement by {Str(g, "grouping")}: " + string.Join("; ", Items(g, "groups").Select(x => Small(x, minCell)
                ? $"{Str(x, "group")} suppressed (fewer than {minCell} patients)"
                : $"{Str(x, "group")} kappa {Numbers.DecimalWithCi(Metric(x, "kappa"))}")) + ". A lower kappa means noisier labels: the group's measured rates are less certain than their intervals say.");
        return list;
    }

    /// <summary>True when nothing was found.</summary>
    public bool IsEmpty => Representation.Count + Prevalence.Count + Missingness.Count + Proxies.Count + Sites.Count + LabelQuality.Count == 0;
}
