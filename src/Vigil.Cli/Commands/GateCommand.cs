using System.CommandLine;
using Spectre.Console;
using Vigil.Application.Governance;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Contracts.Gate;
using Vigil.Core;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil gate`: checks a model's evidence against a governance policy (docs/governance.md). Parses the options, runs
/// <see cref="GateJob"/> (which appends the decision record), writes the result (table, json = vigil.gate/v1, markdown)
/// and the JUnit XML, and exits 0 when every rule holds, 1 when one fails. `vigil gate verify --decisions FILE` checks the
/// decision log's hash chain (0 intact, 1 broken, naming the first broken record).
/// </summary>
public static class GateCommand
{
    /// <summary>The one description of --decisions (the gate appends to the log, verify checks it).</summary>
    private const string DecisionsDescription =
        "The chained decision log (JSON Lines): vigil gate appends its record (default: gate-decisions.jsonl beside --out, else in the current folder); vigil gate verify checks it";

    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var policy = OptionCatalog.PolicyFile("The policy file (YAML; docs/governance.md) (required)");
        var audit = OptionCatalog.AuditFile("Output of vigil audit --format json (vigil.audit/v2): breakdowns, group sizes and gaps (required)");
        var dataAudit = OptionCatalog.DataAuditFile("Output of vigil data-audit --format json (vigil.data-audit/v2): label completeness");
        var drift = OptionCatalog.DriftFile("Output of vigil drift --format json (vigil.drift/v2): drift bounds");
        var validation = OptionCatalog.ValidationFile("Output of vigil validate (validation.json, vigil.validation/v2): calibration bounds per site");
        var card = OptionCatalog.CardFile("card.yaml (as vigil report --card): the Model Card, CHAI and HTI-1 answers a documents rule requires");
        var junit = new Option<string?>("--junit") { Description = "Also write the result as JUnit XML (one test case per rule and subject) to this file, for CI" };
        var decisions = new Option<string?>("--decisions") { Description = DecisionsDescription };
        var format = OptionCatalog.Format();
        var output = OptionCatalog.OutFile();

        var cmd = new Command("gate",
            "Check an audit (and drift, validation, data audit, card) against a governance policy: a pass/fail table with the evidence of every rule, " +
            "JUnit XML, and a decision record chained to the previous one. Exit 0 every rule holds, 1 a rule fails. " +
            "`vigil gate verify --decisions FILE` checks the log's chain (exit 1 naming the first broken record). docs/governance.md.");
        foreach (var o in new Option[] { policy, audit, dataAudit, drift, validation, card, junit, decisions, format, output })
            cmd.Options.Add(o);
        cmd.Subcommands.Add(Verify(io));

        cmd.SetAction(parse =>
        {
            var outPath = parse.GetValue(output);
            var fmt = OptionParsing.FormatFor(parse.GetValue(format), outPath);
            var junitPath = parse.GetValue(junit);
            CheckOutput("--junit", junitPath);
            var options = new GateJobOptions
            {
                Policy = parse.GetValue(policy) ?? throw VigilException.Usage("--policy is required: the policy file to check against"),
                Audit = parse.GetValue(audit) ?? throw VigilException.Usage("--audit is required: the vigil.audit/v2 file of the model"),
                DataAudit = parse.GetValue(dataAudit),
                Drift = parse.GetValue(drift),
                Validation = parse.GetValue(validation),
                Card = parse.GetValue(card),
                Decisions = parse.GetValue(decisions),
                Out = outPath,
            };
            CheckOutput("--decisions", options.DecisionLogPath);
            var gate = GateJob.Run(options);
            var text = fmt switch
            {
                OutputFormat.Json => GateContract.Write(gate),
                OutputFormat.Markdown => GateMarkdown.Render(gate),
                _ => Table(gate),
            };
            if (junitPath is not null)
            {
                AtomicFile.WriteAllText(junitPath, GateJUnit.Write(gate));
                io.Err.WriteLine($"vigil: wrote {junitPath}");
            }
            Emitter.Emit(io, outPath, text);
            if (gate.Decision is { } d) io.Err.WriteLine($"vigil: decision record {d.Sequence} appended to {d.Log} (hash {d.Hash})");
            io.Err.WriteLine($"vigil: gate {gate.Outcome}: {gate.Counts.Failed} of {gate.Counts.Checks} checks failed");
            return gate.Outcome == GateStatus.Pass ? VigilApp.Ok : VigilApp.CheckFailed;
        });
        return cmd;
    }

    private static Command Verify(CliIO io)
    {
        var decisions = new Option<string?>("--decisions") { Description = DecisionsDescription };
        var cmd = new Command("verify", "Check the decision log's hash chain: exit 0 when intact, 1 naming the first edited, removed or reordered record");
        cmd.Options.Add(decisions);
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(decisions) ?? GateJobOptions.DefaultDecisionLog;
            var broken = DecisionLog.VerifyFile(path);
            if (broken is not null)
            {
                io.Out.WriteLine($"{path}: BROKEN at record {broken.Record}: {broken.Reason}");
                return VigilApp.CheckFailed;
            }
            var lines = DecisionLog.ReadLines(path);
            var head = lines.Count == 0 ? DecisionLog.Genesis : lines[^1][^66..^2];
            io.Out.WriteLine($"{path}: intact, {lines.Count} records, last hash {head}");
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>An output other than --out gets the same checks (OutputGuard knows only --out and *-out): a folder that exists.</summary>
    private static void CheckOutput(string flag, string? path)
    {
        if (path is null) return;
        if (string.IsNullOrWhiteSpace(path)) throw VigilException.Usage($"{flag}: expected a path, found an empty value");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            throw VigilException.Usage($"{flag} {path}: the folder {folder} does not exist; create it first (vigil does not create folders on its own)");
    }

    /// <summary>The result as terminal tables (Spectre.Console, no colour codes).</summary>
    private static string Table(GateDocument gate)
    {
        var sw = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(sw),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        var c = gate.Counts;
        console.WriteLine($"Gate {gate.Outcome.ToUpperInvariant()}: policy {gate.Policy.Name} ({gate.Policy.Path}), {c.Checks} checks: {c.Passed} passed, {c.Failed} failed, {c.Waived} waived, {c.Skipped} skipped");
        var t = new Table().AddColumn("rule").AddColumn("subject").AddColumn("status").AddColumn("evidence");
        foreach (var k in gate.Checks)
        {
            var evidence = k.Evidence + (k.Exception is null ? "" : $"; waived: {k.Exception}") + (k.Safeguard is null ? "" : $"; safeguard: {k.Safeguard}");
            t.AddRow(Markup.Escape(k.Rule), Markup.Escape(k.Subject), k.Status.ToUpperInvariant(), Markup.Escape(evidence));
        }
        console.Write(t);
        foreach (var e in gate.ExceptionsUsed)
            console.WriteLine($"Exception for {e.Rule}{(e.Group is null ? "" : $" ({e.Group})")}: granted by {e.GrantedBy} until {e.Until}, {e.State}, waived {e.Waived} checks: {e.Reason}");
        foreach (var s in gate.Safeguards)
            console.WriteLine($"Safeguard in force: {s.Action} ({s.Rule}, {s.Subject}) from {s.Start:yyyy-MM-dd} until {s.End}");
        if (gate.Decision is { } d) console.WriteLine($"Decision record {d.Sequence} in {d.Log}: hash {d.Hash}");
        return sw.ToString();
    }
}
