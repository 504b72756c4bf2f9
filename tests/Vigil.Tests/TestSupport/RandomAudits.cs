using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Vigil.Core;
using Vigil.Core.Audit;

namespace Vigil.Tests.TestSupport;

/// <summary>A generated audit: 1–3 attributes with 1–4 levels, labels, scores in [0, 1] (often tied or on bin edges).</summary>
public sealed record GeneratedAudit(AuditData Data, int Seed)
{
    public IReadOnlyList<GroupingSpec> Groupings
    {
        get
        {
            var names = Data.Attributes.Select(a => a.Name).ToArray();
            var specs = names.Select(n => new GroupingSpec([n])).ToList();
            if (names.Length > 1) specs.Add(new GroupingSpec(names));
            return specs;
        }
    }

    public override string ToString() =>
        $"seed {Seed}: {Data.Rows} rows, attributes {string.Join(", ", Data.Attributes.Select(a => $"{a.Name}[{a.Levels.Length}]"))}; " +
        $"labels {string.Join("", Data.Labels)}; scores {string.Join(" ", Data.Scores?.Select(s => s.ToString("0.###", CultureInfo.InvariantCulture)) ?? [])}";
}

internal static class RandomAudits
{
    public static Arbitrary<GeneratedAudit> Arbitrary(int maxRows = 60) =>
        Arb.From(Gen.Choose(0, int.MaxValue).SelectMany(seed => Gen.Choose(1, maxRows).Select(n => Build(seed, n))));

    public static GeneratedAudit Build(int seed, int n)
    {
        var rng = new Random(seed);
        var attributes = new List<ProtectedColumn>();
        var count = rng.Next(1, 4);
        for (var a = 0; a < count; a++)
        {
            var levels = Enumerable.Range(0, rng.Next(1, 5)).Select(l => $"{(char)('a' + a)}{l}").ToArray();
            var codes = Enumerable.Range(0, n).Select(_ => rng.Next(levels.Length)).ToArray();
            attributes.Add(new ProtectedColumn($"attr{a}", codes, levels));
        }
        var positiveRate = rng.NextDouble();
        var labels = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < positiveRate ? (byte)1 : (byte)0).ToArray();
        var coarse = rng.Next(2) == 0;
        var scores = labels.Select(l =>
        {
            var s = coarse ? rng.Next(0, 11) / 10.0 : Math.Clamp(0.25 + 0.5 * l + (rng.NextDouble() - 0.5) * 0.8, 0, 1);
            return s;
        }).ToArray();
        var predictions = scores.Select(s => s >= 0.5 ? (byte)1 : (byte)0).ToArray();
        return new GeneratedAudit(new AuditData(labels, predictions, scores, attributes), seed);
    }

    /// <summary>Every reported number of a result (values and interval ends), keyed by where it is.</summary>
    public static Dictionary<string, double?> Flatten(AuditResult r)
    {
        var d = new Dictionary<string, double?>(StringComparer.Ordinal);
        void Put(string key, Metric m)
        {
            d[key] = m.Value;
            d[key + ".ci.lo"] = m.Ci?.Low;
            d[key + ".ci.hi"] = m.Ci?.High;
            d[key + ".bci.lo"] = m.BootstrapCi?.Low;
            d[key + ".bci.hi"] = m.BootstrapCi?.High;
        }
        for (var m = 0; m < r.Overall.Count; m++) Put($"overall.{GroupMetrics.Name((GroupMetric)m)}", r.Overall[m]);
        foreach (var g in r.Groupings)
        {
            d[$"{g.Name}.reference={g.ReferenceGroup}"] = 1;
            foreach (var grp in g.Groups)
            {
                for (var m = 0; m < grp.Metrics.Count; m++) Put($"{g.Name}[{grp.Key.Label}].{GroupMetrics.Name((GroupMetric)m)}", grp.Metrics[m]);
                d[$"{g.Name}[{grp.Key.Label}].fnr_test.p"] = grp.FnrVsReference.PValue;
                d[$"{g.Name}[{grp.Key.Label}].fnr_test.padj"] = grp.FnrVsReference.PAdjusted;
                d[$"{g.Name}[{grp.Key.Label}].fpr_test.p"] = grp.FprVsReference.PValue;
            }
            foreach (var m in g.BetweenGroups) Put($"{g.Name}.between.{m.Name}", m.Metric);
            foreach (var m in g.ToOverall) Put($"{g.Name}.to_overall.{m.Name}", m.Metric);
            foreach (var m in g.VsReference) Put($"{g.Name}.vs_reference.{m.Name}", m.Metric);
        }
        foreach (var m in r.Inequality) Put($"inequality.{m.Name}", m.Metric);
        return d;
    }

    /// <summary>Null when both flattenings agree (to a relative 1e-12), else the first difference.</summary>
    public static string? Difference(Dictionary<string, double?> a, Dictionary<string, double?> b, double tolerance = 1e-12)
    {
        if (a.Count != b.Count) return $"{a.Count} values vs {b.Count}: only in one: {string.Join(", ", a.Keys.Except(b.Keys).Concat(b.Keys.Except(a.Keys)).Take(5))}";
        foreach (var (key, x) in a)
        {
            if (!b.TryGetValue(key, out var y)) return $"{key} missing";
            if (x is null != y is null) return $"{key}: {x} vs {y}";
            if (x is { } u && y is { } v && Math.Abs(u - v) > tolerance * Math.Max(1, Math.Abs(u))) return $"{key}: {u:R} vs {v:R}";
        }
        return null;
    }
}
