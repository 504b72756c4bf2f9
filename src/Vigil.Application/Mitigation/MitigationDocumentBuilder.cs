using System.Globalization;
using Vigil.Contracts.Common;
using Vigil.Contracts.Mitigation;
using Vigil.Mitigation;
using Vigil.Mitigation.Evaluation;

namespace Vigil.Application.Mitigation;

/// <summary>The vigil.mitigation/v2 document of a mitigation run.</summary>
internal static class MitigationDocumentBuilder
{
    public static MitigationDocument Build(MitigationResult r, LoadedMitigation loaded, MitigateOptions o, string? chart)
    {
        var s = o.Settings;
        var input = loaded.Input;
        var (rows, _) = input.Data.Counts();
        var groups = new List<MitigationGroup>(input.Data.GroupCount);
        for (var g = 0; g < input.Data.GroupCount; g++) groups.Add(new MitigationGroup(input.Data.GroupNames[g], rows[g], rows[g] < o.MinCell));
        var disparities = new Dictionary<string, BeforeAfter>(StringComparer.Ordinal);
        foreach (var (name, (before, after)) in r.Disparities) disparities[name] = new BeforeAfter(Finite(before), Finite(after));
        MitigationSweep? sweep = null;
        if (r.Sweep is not null)
        {
            sweep = new MitigationSweep(
                r.Sweep.Count > 0 ? r.Sweep[0].Parameter : r.Method.SweepParameter,
                r.Targeted.Name,
                r.Sweep.Select(p => new SweepPointBlock(p.Value, p.Label, Finite(p.Disparity), p.Error, Finite(p.BalancedAccuracy), p.ParetoOptimal)).ToList(),
                r.Sweep.Where(p => p.ParetoOptimal).Select(p => p.Label).ToList(),
                chart);
        }
        return new MitigationDocument(
            MitigationContract.Schema,
            ToolBlock.Current,
            [new InputRef("data", o.Data) { Rows = loaded.Rows }],
            new MitigationRunSettings(o.Label, loaded.Positive, o.Protected,
                o.Bands.Select(b => b.Column + "=" + string.Join(",", b.Edges.Select(e => e.ToString("R", CultureInfo.InvariantCulture)))).ToList(),
                o.Reference.Count > 0 ? string.Join("*", o.Protected.Select(p => o.Reference[p])) : null,
                o.Score, o.Features, o.Id, s.Learner, s.Seed, s.TestFraction, s.Threshold, s.BootstrapReplicates, s.LevellingTolerance, o.MinCell)
            {
                Intersections = o.Intersections ?? [],
            },
            groups,
            input.Data.GroupNames[input.Privileged],
            input.Features?.Columns ?? 0,
            new MitigationMethod(r.Method.Name, r.Method.Stage, r.Method.Reference, r.Method.NeedsProtectedAttributeAtPrediction, r.Method.Randomized),
            MethodJson.Options(r.Options, input.Data.GroupNames[input.Privileged]),
            new MitigationSplit(r.TrainRows, r.TestRows, "group x label", s.Seed),
            r.ScoreSource,
            new TargetedDisparity(r.Targeted.Name, MetricValue.From(r.Targeted.Before), MetricValue.From(r.Targeted.After),
                MetricValue.From(r.Targeted.Change), r.Targeted.Replicates),
            disparities,
            Side(r.Before, o.MinCell),
            Side(r.After, o.MinCell),
            new MitigationSafety(r.LevellingDown, s.LevellingTolerance, r.WorseOff.Select(w => new WorseOffGroup(w.Group, w.Metric, w.Before, w.After)).ToList(),
                r.Method.NeedsProtectedAttributeAtPrediction, r.Method.Randomized),
            r.Warnings,
            r.Notes,
            MethodJson.Details(r.Details),
            sweep,
            new MitigationOutputs("mitigation.json", "mitigation.md", "mitigated.csv", chart));
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static MitigationSide Side(Performance p, int minCell) =>
        new(Group(p.Overall, minCell), p.ByGroup.Select(g => Group(g, minCell)).ToList());

    private static GroupPerformanceBlock Group(GroupPerformance g, int minCell) =>
        new(g.Group, g.N, g.Positives, g.N < minCell, MetricValue.From(g.Accuracy), MetricValue.From(g.BalancedAccuracy), MetricValue.From(g.Auroc),
            MetricValue.From(g.Sensitivity), MetricValue.From(g.Specificity), MetricValue.From(g.SelectionRate));
}
