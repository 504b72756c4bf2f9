using Vigil.Contracts.Common;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Status;
using Vigil.Monitoring.Store;
using Vigil.Reporting.Audit;
using MetricValue = Vigil.Contracts.Common.MetricValue;

namespace Vigil.Service.CdsHooks;

/// <summary>
/// Builds <see cref="OverrideSummary"/> from action counts by cell, action and reason. Override rate of a group =
/// overridden / (accepted + overridden + ignored) over the actions on its predictions in the period.
/// <para>
/// Small cells: the counts form one table per attribute, groups × (overridden by reason, not overridden), whose rows sum
/// to each group's actions and columns to the overall counts. Every count is a node of
/// <see cref="ComplementarySuppression"/>'s general rule (the one behind <see cref="StatusSuppression"/>): a count of 1 to
/// min-cell − 1 is hidden, and another cell of the same row or column is hidden too when one alone could be derived by
/// subtraction; a group of 100 or more actions is never hidden but rounded to the nearest 10. A group's override rate
/// is shown when its actions and overrides are shown (exact or rounded), and always for a group of 100 or more actions
/// (a large group's override rate is never hidden, as a status never hides a large group's rates).
/// </para>
/// </summary>
internal static class OverrideSummaryBuilder
{
    public const string NoReason = "(none)";

    public static OverrideSummary Build(ModelRegistration registration, string? version, IReadOnlyList<ActionCount> counts,
        DateTimeOffset from, DateTimeOffset to)
    {
        var minCell = registration.MinCell;
        var reasons = counts.Where(c => c.Action == ClinicianAction.Overridden).Select(c => c.Reason ?? NoReason)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var graph = new Graph();

        // overall nodes and the group nodes of each attribute (levels in first-seen cell order, sorted)
        var overall = Tally.Of(counts, _ => true, reasons);
        var o = graph.AddTally("overall", overall);
        var groups = new List<(string Attribute, string Level, Tally Tally, TallyNodes Nodes)>();
        for (var a = 0; a < registration.Protected.Count; a++)
        {
            var attribute = registration.Protected[a].Name;
            var index = a;
            var levels = counts.Select(c => CellKey.Levels(c.Cell)[index]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var nodes = new List<TallyNodes>();
            foreach (var level in levels)
            {
                var tally = Tally.Of(counts, c => CellKey.Levels(c.Cell)[index] == level, reasons);
                var n = graph.AddTally(attribute + "=" + level, tally);
                nodes.Add(n);
                groups.Add((attribute, level, tally, n));
            }
            graph.Partition([.. nodes.Select(n => n.Actions)], o.Actions);
            graph.Partition([.. nodes.Select(n => n.Overridden)], o.Overridden);
            graph.Partition([.. nodes.Select(n => n.NotOverridden)], o.NotOverridden);
            for (var r = 0; r < reasons.Length; r++)
            {
                var column = r;
                graph.Partition([.. nodes.Select(n => n.Reasons[column])], o.Reasons[column]);
            }
        }
        var decided = ComplementarySuppression.Decide([.. graph.Sizes], new int[graph.Sizes.Count], [.. graph.Labels], graph.Partitions, minCell);
        return new OverrideSummary(OverrideSummary.SchemaName, registration.Id, version, from, to, minCell,
            Group(null, "overall", overall, o, decided, reasons, minCell),
            [.. groups.Select(g => Group(g.Attribute, g.Level, g.Tally, g.Nodes, decided, reasons, minCell))]);
    }

    private static OverrideGroup Group(string? attribute, string level, Tally t, TallyNodes n, CellProtection[] decided, string[] reasons, int minCell)
    {
        var actions = Shown(t.Actions, decided[n.Actions]);
        var overridden = Shown(t.Overridden, decided[n.Overridden]);
        var large = t.Actions >= SmallCellPolicy.NeverSuppressed;
        MetricValue rate = t.Actions == 0
            ? new MetricValue(null, null, "no clinician actions in the period")
            : actions.Value is not null && overridden.Value is not null || large
                ? new MetricValue(t.Overridden / (double)t.Actions, null, null)
                : new MetricValue(null, null, $"suppressed (fewer than {minCell} actions or overrides, or protecting such a group)");
        var list = new List<OverrideReasonCount>(reasons.Length); // every reason, zeros too: leaving a zero out would reveal it
        for (var r = 0; r < reasons.Length; r++)
        {
            var shown = Shown(t.Reasons[r], decided[n.Reasons[r]]);
            list.Add(new OverrideReasonCount(reasons[r], shown.Value, shown.Rounded));
        }
        var suppressed = actions.Value is null || overridden.Value is null || list.Any(x => x.Count is null)
            ? $"some counts suppressed (fewer than {minCell}, or so that a smaller count cannot be derived by subtraction)"
            : null;
        return new OverrideGroup(attribute, level, actions.Value, overridden.Value, rate, list, actions.Rounded || overridden.Rounded || list.Any(x => x.Rounded), suppressed);
    }

    private static (long? Value, bool Rounded) Shown(long count, CellProtection p) => p.Shown switch
    {
        CellShown.Hidden => (null, false),
        CellShown.Rounded or CellShown.RoundedSizeOnly => (StatusSuppression.Round(count), true),
        _ => (count, false),
    };

    /// <summary>A group's counts: actions, overridden, not overridden (accepted + ignored), and overrides per reason.</summary>
    private sealed record Tally(long Actions, long Overridden, long NotOverridden, long[] Reasons)
    {
        public static Tally Of(IReadOnlyList<ActionCount> counts, Func<ActionCount, bool> include, string[] reasons)
        {
            long actions = 0, overridden = 0;
            var byReason = new long[reasons.Length];
            foreach (var c in counts)
            {
                if (!include(c)) continue;
                actions += c.Count;
                if (c.Action != ClinicianAction.Overridden) continue;
                overridden += c.Count;
                byReason[Array.IndexOf(reasons, c.Reason ?? NoReason)] += c.Count;
            }
            return new Tally(actions, overridden, actions - overridden, byReason);
        }
    }

    /// <summary>The node indices of a tally.</summary>
    private sealed record TallyNodes(int Actions, int Overridden, int NotOverridden, int[] Reasons);

    /// <summary>Nodes (sizes, labels) and partitions (cells summing to a total) for the suppression rule.</summary>
    private sealed class Graph
    {
        public List<int> Sizes { get; } = [];

        public List<string> Labels { get; } = [];

        public List<(int[] Cells, int Total)> Partitions { get; } = [];

        public TallyNodes AddTally(string label, Tally t)
        {
            var actions = Add(label + "|actions", t.Actions);
            var overridden = Add(label + "|overridden", t.Overridden);
            var not = Add(label + "|not-overridden", t.NotOverridden);
            var reasons = new int[t.Reasons.Length];
            for (var r = 0; r < reasons.Length; r++) reasons[r] = Add(label + "|reason" + r, t.Reasons[r]);
            Partition([overridden, not], actions);
            Partition(reasons, overridden);
            return new TallyNodes(actions, overridden, not, reasons);
        }

        public void Partition(int[] cells, int total) => Partitions.Add((cells, total));

        private int Add(string label, long size)
        {
            Sizes.Add((int)Math.Min(size, int.MaxValue));
            Labels.Add(label);
            return Sizes.Count - 1;
        }
    }
}
