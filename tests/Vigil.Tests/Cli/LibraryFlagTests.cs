using System.Text.RegularExpressions;
using Vigil.Core;
using Vigil.Tests.Reporting;
using Xunit;

namespace Vigil.Tests.Cli;

/// <summary>
/// Libraries name no command-line flags (issue #11): an error names the option by its catalogue key
/// (<see cref="VigilException.Option"/>, <see cref="Param.Ref"/>) and the CLI renders the flag. The test reads every
/// C# file under src/ except src/Vigil.Cli and fails on a string literal that spells "--flag", unless the file and
/// its flags are listed below with a reason (guidance a generated document gives about the CLI, command lines the
/// demo runs, other programs' flags). A listed flag that no longer occurs fails too, so the list only shrinks.
/// </summary>
public sealed partial class LibraryFlagTests
{
    private static readonly Dictionary<string, (string Flags, string Reason)> Guidance = new(StringComparer.Ordinal)
    {
        ["src/Vigil.Application/Demo/DemoCall.cs"] = ("--bands --reference", "a demo step's group settings rendered as the vigil command line of commands.sh"),
        ["src/Vigil.Application/Demo/DemoCalls.cs"] = ("--audit --bootstrap --card --categorical --columns --constraint --current-data --curves --data --data-audit --datasheet --datasheet-out --drift --features --folds --format --groups-from --header --id --intersections --label --learner --level-names --method --metric --mitigation --objective --out --pdf --permutations --positive-label --prevalence --protected --reference-data --reference-population --scan --score --seed --sentinels --site --site-names --study-plan --threshold --title --train-site --validation --volume --width",
            "each demo step renders the vigil command line that does the same (written to commands.sh)"),
        ["src/Vigil.Application/Demo/DemoSummary.cs"] = ("--learner --readme", "summary.md and the README block quote the command lines that made them"),
        ["src/Vigil.Application/Governance/AuditRuleChecks.cs"] = ("--bands --intersections --protected --reference", "a gate decision's advice: the vigil audit command line to re-run"),
        ["src/Vigil.Application/Governance/EvidenceRuleChecks.cs"] = ("--card --data-audit --drift --validation", "a gate decision's advice: the evidence file vigil gate needs"),
        ["src/Vigil.Application/Governance/PeriodGate.cs"] = ("--drift", "a gate decision's advice: which vigil gate option judges drift"),
        ["src/Vigil.Application/Governance/WindowRuleChecks.cs"] = ("--card", "a gate decision's advice: which command checks card.yaml"),
        ["src/Vigil.Application/Mitigation/MitigationMarkdown.cs"] = ("--min-cell", "report text: the option that set the suppression threshold"),
        ["src/Vigil.Application/Mitigation/RecommendJob.cs"] = ("--features --test-fraction", "the recommendation's advice: the vigil mitigate option that adds candidates or patients"),
        ["src/Vigil.Application/Mitigation/RecommendationMarkdown.cs"] = ("--protocol", "the recommendation's advice: the vigil plan-study command that confirms the choice"),
        ["src/Vigil.Application/Mitigation/RecommendationRuleSource.cs"] = ("--group", "a rule's evidence names the option it came from"),
        ["src/Vigil.Application/StudyPlan/StudyProtocol.cs"] = ("--audit --data --format --label --label-delay-hours --policy --protected --reference --score --validation --volume --window-hours",
            "the study protocol (Markdown) tells the study team the vigil command lines of the analysis"),
        ["src/Vigil.Application/Vignette/MissCosts.cs"] = ("--scenario --vignette-costs", "the report's vignette notes which vigil report option sets the scenario"),
        ["src/Vigil.Reporting/Browser/ChromiumRenderer.cs"] = ("--allow-file-access-from-files --disable-background-networking --disable-component-update --disable-extensions --disable-gpu --disable-sync --headless --hide-scrollbars --mute-audio --no-default-browser-check --no-first-run --no-sandbox --remote-debugging-port --user-data-dir",
            "Chromium's own command line, not vigil's"),
        ["src/Vigil.Reporting/Document/HtmlWriter.cs"] = ("--accent --conditions --ink --line --muted --not-ready --ready", "CSS custom properties"),
        ["src/Vigil.Reporting/Chai/ChaiModelCard.cs"] = ("--bootstrap", "report text: how the audit was run"),
        ["src/Vigil.Reporting/Risk/RiskRegisterBuilder.cs"] = ("--bootstrap", "report advice: re-run the audit with intervals"),
        ["src/Vigil.Reporting/Risk/Treatments.cs"] = ("--groups-from --method --protected", "report advice: the vigil command lines of a treatment"),
        ["src/Vigil.Reporting/Sections/DataAuditFindingsSection.cs"] = ("--annotations --reference-population --site", "report advice: the vigil data-audit option that adds the finding"),
        ["src/Vigil.Reporting/Sections/FairnessSummarySection.cs"] = ("--bootstrap", "report text: how the audit was run"),
        ["src/Vigil.Reporting/Sections/ModelCardDocument.cs"] = ("--card --intersections", "report advice: the vigil option that fills the section"),
        ["src/Vigil.Reporting/Sections/TranslationSection.cs"] = ("--prevalence --volume", "report text: which vigil report options the yearly numbers come from"),
    };

    /// <summary>Each contract names the command that writes its format, for the "re-run vigil X" line of a reader's error.</summary>
    private static readonly (string File, string Flag)[] Producers =
    [
        ("src/Vigil.Contracts/Audit/AuditContract.cs", "--format"),
        ("src/Vigil.Contracts/AuditSummary/AuditSummaryFile.cs", "--summary-out"),
        ("src/Vigil.Contracts/DataAudit/DataAuditContract.cs", "--format"),
        ("src/Vigil.Contracts/Datasheet/DatasheetContract.cs", "--datasheet"),
        ("src/Vigil.Contracts/Drift/DriftContract.cs", "--format"),
        ("src/Vigil.Contracts/DriftSummary/DriftSummaryContract.cs", "--summary-out"),
        ("src/Vigil.Contracts/Estimation/EstimateContract.cs", "--format"),
        ("src/Vigil.Contracts/Gate/GateContract.cs", "--format"),
        ("src/Vigil.Contracts/Mitigation/RecommendationDocument.cs", "--recommend"),
        ("src/Vigil.Contracts/Scan/ScanContract.cs", "--format"),
        ("src/Vigil.Contracts/Simulation/SimulationContract.cs", "--out"),
        ("src/Vigil.Contracts/StudyPlan/StudyPlanContract.cs", "--format"),
    ];

    private static readonly Dictionary<string, (string Flags, string Reason)> Allowed = Guidance
        .Concat(Producers.Select(p => KeyValuePair.Create(p.File, (p.Flag, "the command that writes the format, for the 're-run' line"))))
        .ToDictionary(StringComparer.Ordinal);

    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex Literal();

    [GeneratedRegex("(?<![\\w-])--[a-z][a-z0-9-]*")]
    private static partial Regex Flag();

    [Fact]
    public void Libraries_name_no_flags()
    {
        var found = FlagsByFile();
        var problems = new List<string>();
        foreach (var (file, flags) in found)
        {
            var allowed = Allowed.TryGetValue(file, out var entry) ? entry.Flags.Split(' ').ToHashSet(StringComparer.Ordinal) : [];
            var extra = flags.Where(f => !allowed.Contains(f)).Order(StringComparer.Ordinal).ToList();
            if (extra.Count > 0) problems.Add($"{file}: {string.Join(" ", extra)} (name the option with VigilException.Option or Param.Ref)");
        }
        foreach (var (file, entry) in Allowed)
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Reason), file);
            var stale = entry.Flags.Split(' ').Where(f => !found.TryGetValue(file, out var flags) || !flags.Contains(f)).ToList();
            if (stale.Count > 0) problems.Add($"{file}: allow-list flags that no longer occur (remove them): {string.Join(" ", stale)}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_cli_renders_a_reference_as_the_flag_and_the_message_names_the_key()
    {
        var e = VigilException.Option("to", $"2026-01-01: must be after {Param.Ref("from")} 2026-02-01");
        Assert.Equal("2026-01-01: must be after from 2026-02-01", e.Message);
        Assert.Equal("--to 2026-01-01: must be after --from 2026-02-01", Vigil.Cli.Options.OptionCatalog.Describe(e));
        var column = VigilException.BadData($"a.csv: column 'y' ({Param.Ref("positive_label")})");
        Assert.Equal("a.csv: column 'y' (--positive-label)", Vigil.Cli.Options.OptionCatalog.Describe(column));
    }

    [Fact]
    public void The_checker_finds_a_flag_in_a_literal_and_not_in_a_comment()
    {
        Assert.Equal(["--min-cell"], Flags("        throw VigilException.Usage(\"give --min-cell\"); // --seed\n        /// --bands\n"));
    }

    private static Dictionary<string, HashSet<string>> FlagsByFile()
    {
        var root = ReportRunner.RepoRoot();
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (rel.StartsWith("src/Vigil.Cli/", StringComparison.Ordinal) || rel.Contains("/obj/", StringComparison.Ordinal) || rel.Contains("/bin/", StringComparison.Ordinal)) continue;
            var flags = Flags(File.ReadAllText(path));
            if (flags.Count > 0) result[rel] = flags;
        }
        return result;
    }

    private static HashSet<string> Flags(string source)
    {
        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in source.Split('\n'))
        {
            var line = raw.TrimStart();
            if (line.StartsWith("//", StringComparison.Ordinal)) continue;
            var comment = line.IndexOf(" //", StringComparison.Ordinal);
            if (comment >= 0 && line.AsSpan(0, comment).Count('"') % 2 == 0) line = line[..comment];
            foreach (Match m in Literal().Matches(line))
                foreach (Match f in Flag().Matches(m.Value)) flags.Add(f.Value);
        }
        return flags;
    }
}
