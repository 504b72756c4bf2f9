using Vigil.Contracts.Audit;
using Contract = Vigil.Contracts.Common.MetricValue;

namespace Vigil.Reporting.Audit;

/// <summary>
/// Reads a vigil.audit/v2 document through the contract's one reader (<see cref="AuditContract"/>) and turns it
/// into the report's view of an audit. An older (v1) file gets the contract's one line: re-run the command.
/// </summary>
public static class AuditJsonReader
{
    /// <summary>The schema this reader understands.</summary>
    public const string Schema = AuditContract.Schema;

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static AuditReportModel ReadFile(string path) => From(AuditContract.Read(path), path);

    /// <summary>Parses the text of an audit document; <paramref name="name"/> names it in errors.</summary>
    public static AuditReportModel Parse(string json, string name) => From(AuditContract.Parse(json, name), name);

    /// <summary>The report's view of a typed audit document.</summary>
    public static AuditReportModel From(AuditDocument d, string name)
    {
        ArgumentNullException.ThrowIfNull(d);
        var s = d.Settings;
        var data = d.Inputs.FirstOrDefault(i => i.Role == "data")?.Path ?? "";
        var positives = d.Overall.Metrics.TryGetValue("positives", out var p) ? (int)(p.Value ?? 0) : 0;
        return new AuditReportModel(
            Path.GetFileName(name), data, s.Label, s.PositiveLabel, s.Score, s.Prediction, s.Threshold,
            s.Confidence, s.Bootstrap, s.MinCell, (int)d.Rows,
            new GroupAudit("overall", (int)d.Overall.N, positives, Metrics(d.Overall.Metrics), null, null),
            d.Attributes.Select(Attribute).ToList(),
            d.Notes)
        { Curves = d.Curves is null ? null : CurveJsonReader.From(d.Curves, Path.GetFileName(name)) };
    }

    private static AttributeAudit Attribute(AuditGrouping a) =>
        new(a.Name, a.Columns, a.ReferenceGroup,
            a.Groups.Select(g => new GroupAudit(g.Group, (int)g.N, (int)g.Positives, Metrics(g.Metrics),
                Test(g.Tests.FnrVsReference), Test(g.Tests.FprVsReference))).ToList())
        {
            Disparities = new Dictionary<string, IReadOnlyDictionary<string, MetricValue>>(StringComparer.Ordinal)
            {
                ["between_groups"] = Metrics(a.Disparities.BetweenGroups),
                ["to_overall"] = Metrics(a.Disparities.ToOverall),
                ["vs_reference"] = Metrics(a.Disparities.VsReference),
            },
        };

    /// <summary>The report's metric view: value, the two ends of "ci", reason.</summary>
    internal static MetricValue Metric(Contract m) =>
        new(m.Value, m.Ci is [var lo, _] ? lo : null, m.Ci is [_, var hi] ? hi : null, m.Reason);

    internal static Dictionary<string, MetricValue> Metrics(IReadOnlyDictionary<string, Contract> metrics) =>
        metrics.ToDictionary(m => m.Key, m => Metric(m.Value), StringComparer.Ordinal);

    private static GroupTest Test(RateTestValue t) => new(t.Difference, t.PValue, t.PValueAdjusted, t.Test, t.Reason);
}
