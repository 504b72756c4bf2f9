using System.Globalization;
using Vigil.Contracts.Gate;
using Vigil.Reporting.Document;

namespace Vigil.Reporting.Sections;

/// <summary>
/// "Governance gate" then "Safeguards" (with --gate, or vigil monitor report --policy). The gate: each decision's outcome
/// and one row per check (rule, kind, subject, status, evidence with the exception or safeguard), every check shown.
/// "Safeguards": what the failing or waived rules of the governance gate decisions given put in force —
/// rule, group, action, start (the decision time) and end (the safeguard's or the policy's re-validation date, or
/// "re-validation") — and whether each is active or ended at the report's time (an end date is inclusive, UTC). Every
/// safeguard is listed: none is suppressed or merged, so the reader sees each group's protection.
/// </summary>
public static class SafeguardsSection
{
    /// <summary>
    /// The section's blocks (none without a gate decision). With <paramref name="store"/> (vigil monitor report --policy),
    /// the safeguards the monitoring service holds for the model follow, each with its state in the store.
    /// </summary>
    public static IEnumerable<Block> Build(IReadOnlyList<GateDocument> gates, DateTimeOffset at, IReadOnlyList<Contracts.Monitoring.ModelSafeguard>? store = null)
    {
        ArgumentNullException.ThrowIfNull(gates);
        if (gates.Count == 0) yield break;
        foreach (var b in GateBlocks(gates, at)) yield return b;
        if (store is null) yield break;
        yield return new Heading(3, "Safeguards in force in the monitoring service");
        if (store.Count == 0)
        {
            yield return new Paragraph("The monitoring service holds no safeguard for this model: no policy alert has put one in force.");
            yield break;
        }
        var active = store.Count(s => s.State == Contracts.Monitoring.SafeguardState.Active);
        yield return new Paragraph($"{active} of {store.Count} safeguard(s) the service holds for the model are active (a policy alert or a gate decision put each in force; every one is listed).");
        yield return new Table(["rule", "group", "safeguard", "version", "start", "end", "state", "source"],
            [.. store.Select(s => (IReadOnlyList<string>)[s.Rule, s.Subject, s.Action, s.Version ?? "all", Utc(s.StartedAt), s.EndsAt is { } e ? Utc(e) : "re-validation",
                s.State.ToString().ToLowerInvariant() + (s.EndedAt is { } ended ? $" (ended {Utc(ended)} by {s.EndedBy})" : ""), s.Source])]);
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static IEnumerable<Block> GateBlocks(IReadOnlyList<GateDocument> gates, DateTimeOffset at)
    {
        yield return new Heading(2, "Governance gate");
        foreach (var g in gates)
        {
            var c = g.Counts;
            yield return new Paragraph($"Policy {g.Policy.Name} (SHA-256 {g.Policy.Sha256[..12]}): {g.Outcome.ToUpperInvariant()} on "
                + $"{g.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}, decision {Hash(g)}: {c.Checks} checks, "
                + $"{c.Passed} passed, {c.Failed} failed, {c.Waived} waived, {c.Skipped} skipped.");
            yield return new Table(["rule", "kind", "subject", "status", "evidence"],
                [.. g.Checks.Select(k => (IReadOnlyList<string>)[k.Rule, k.Kind, k.Subject, k.Status.ToUpperInvariant(),
                    k.Evidence + (k.Exception is null ? "" : $" — waived: {k.Exception}") + (k.Safeguard is null ? "" : $" — safeguard: {k.Safeguard}")])]);
        }
        yield return new Heading(2, "Safeguards");
        var today = DateOnly.FromDateTime(at.UtcDateTime);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var g in gates)
        {
            foreach (var s in g.Safeguards)
            {
                var ended = DateOnly.TryParseExact(s.End, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) && end < today;
                rows.Add([s.Rule, s.Subject, s.Action, s.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), s.End,
                    ended ? "ended" : "active", $"{g.Policy.Name} ({Hash(g)})"]);
            }
        }
        var decisions = string.Join("; ", gates.Select(g => $"policy {g.Policy.Name}, {g.Outcome} on {g.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, decision {Hash(g)}"));
        if (rows.Count == 0)
        {
            yield return new Paragraph($"No safeguard is in force: no rule that names one failed or was waived ({decisions}).");
            yield break;
        }
        var active = rows.Count(r => r[5] == "active");
        yield return new Paragraph($"From the governance gate ({decisions}): a failing or waived rule puts its safeguard in force from the decision until its end "
            + $"(the last day it applies, or re-validation). {active} of {rows.Count} safeguard(s) are active on {today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.");
        yield return new Table(["rule", "group", "safeguard", "start", "end", "state", "decision"], rows);
    }

    private static string Hash(GateDocument g) => g.Decision is { } d ? $"#{d.Sequence} {d.Hash[..12]}" : "not logged";
}
