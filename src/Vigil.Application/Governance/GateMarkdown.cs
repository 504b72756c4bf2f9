using System.Text;
using Vigil.Contracts.Gate;

namespace Vigil.Application.Governance;

/// <summary>A gate result as Markdown: the outcome, one table row per check with its evidence, exceptions, safeguards and the decision record.</summary>
public static class GateMarkdown
{
    public static string Render(GateDocument gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var sb = new StringBuilder();
        var c = gate.Counts;
        sb.Append("# Gate: ").Append(Cell(gate.Policy.Name)).Append(" — ").Append(gate.Outcome.ToUpperInvariant()).Append("\n\n");
        sb.Append($"Decided {gate.DecidedAt:yyyy-MM-dd HH:mm:ss} UTC on policy `{Cell(gate.Policy.Path)}` (SHA-256 `{gate.Policy.Sha256}`): ")
          .Append($"{c.Checks} checks, {c.Passed} passed, {c.Failed} failed, {c.Waived} waived, {c.Skipped} skipped.\n\n");
        sb.Append("| rule | kind | subject | status | evidence |\n| --- | --- | --- | --- | --- |\n");
        foreach (var k in gate.Checks)
        {
            var evidence = k.Evidence + (k.Exception is null ? "" : $" — waived: {k.Exception}") + (k.Safeguard is null ? "" : $" — safeguard: {k.Safeguard}");
            sb.Append($"| {Cell(k.Rule)} | {k.Kind} | {Cell(k.Subject)} | {k.Status.ToUpperInvariant()} | {Cell(evidence)} |\n");
        }
        if (gate.ExceptionsUsed.Count > 0)
        {
            sb.Append("\n## Exceptions\n\n| rule | group | granted by | until | state | waived checks | reason |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            foreach (var e in gate.ExceptionsUsed)
                sb.Append($"| {Cell(e.Rule)} | {Cell(e.Group ?? "all")} | {Cell(e.GrantedBy)} | {e.Until} | {e.State} | {e.Waived} | {Cell(e.Reason)} |\n");
        }
        if (gate.Safeguards.Count > 0)
        {
            sb.Append("\n## Safeguards in force\n\n| safeguard | rule | subject | start | end |\n| --- | --- | --- | --- | --- |\n");
            foreach (var s in gate.Safeguards)
                sb.Append($"| {Cell(s.Action)} | {Cell(s.Rule)} | {Cell(s.Subject)} | {s.Start:yyyy-MM-dd} | {s.End} |\n");
        }
        sb.Append("\n## Inputs\n\n");
        foreach (var i in gate.Inputs) sb.Append($"- {i.Role}: `{Cell(i.Path)}` (SHA-256 `{i.Sha256}`)\n");
        if (gate.Decision is { } d)
            sb.Append($"\nDecision record {d.Sequence} in `{Cell(d.Log)}`: hash `{d.Hash}`, previous `{d.PreviousHash}`.\n");
        return sb.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
