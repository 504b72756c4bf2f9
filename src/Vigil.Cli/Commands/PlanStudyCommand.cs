using System.CommandLine;
using Vigil.Application.StudyPlan;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Contracts.StudyPlan;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil plan-study`: patients and positives needed to estimate sensitivity (and specificity) within ±w (Buderer
/// 1996) and to detect a sensitivity gap between two groups (Fleiss, Levin and Paik 2003), overall or for each group
/// of a Vigil audit (vigil.study-plan/v2, docs/plan-study.md). Parse, run <see cref="StudyPlanJob"/>, render.
/// </summary>
public static class PlanStudyCommand
{
    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var sensitivity = new Option<double?>("--sensitivity") { Description = "Expected sensitivity (of group 1 for --gap)" };
        var specificity = new Option<double?>("--specificity") { Description = "Expected specificity (also plan its precision)" };
        var width = new Option<double?>("--width") { Description = "Half-width w of the confidence interval: estimate within ±w (e.g. 0.05)" };
        var prevalence = OptionCatalog.Prevalence();
        var confidence = new Option<double>("--confidence") { Description = "Confidence level of the interval", DefaultValueFactory = _ => 0.95 };
        var gap = new Option<double?>("--gap") { Description = "Sensitivity difference d to detect: group 2 has sensitivity − d" };
        var power = new Option<double>("--power") { Description = "Power to detect the gap", DefaultValueFactory = _ => 0.8 };
        var alpha = OptionCatalog.Alpha();
        var ratio = new Option<double>("--ratio") { Description = "Positives in group 2 per positive in group 1", DefaultValueFactory = _ => 1 };
        var prevalence2 = new Option<double?>("--prevalence-group2") { Description = "Prevalence in group 2 (default: --prevalence)" };
        var groupsFrom = new Option<string?>("--groups-from") { Description = "A Vigil audit JSON (vigil.audit/v2): plan for each group with its observed sensitivity and prevalence" };
        var groups = new GroupOptions(protectedRequired: false);
        var protocol = new Option<string?>("--protocol") { Description = "With --groups-from: also write the prospective validation study protocol (Markdown) to this file, e.g. report/study-protocol.md (docs/governance.md)" };
        var focus = OptionCatalog.AffectedGroup();
        var validationFile = OptionCatalog.ValidationFile("With --protocol: output of vigil validate (validation.json); the study site is the external site where the group is the largest share");
        var volume = OptionCatalog.Volume();
        var windowHours = OptionCatalog.WindowHours();
        var labelDelay = OptionCatalog.LabelDelayHours();
        var format = OptionCatalog.Format();
        var output = OptionCatalog.OutFile();

        var cmd = new Command("plan-study", "Validation-study size: patients and positives to estimate sensitivity within ±w and to detect a sensitivity gap between groups. " +
            "With --groups-from, --protected plans only for these attributes of the audit (default: all of them); --bands must equal the audit's bands (the plan reads its groups); --alpha is the two-sided level of the gap test.");
        foreach (var o in new Option[] { sensitivity, specificity, width, prevalence, confidence, gap, power, alpha, ratio, prevalence2, groupsFrom })
            cmd.Options.Add(o);
        groups.AddTo(cmd);
        foreach (var o in new Option[] { protocol, focus, validationFile, volume, windowHours, labelDelay, format, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var outPath = parse.GetValue(output);
            var fmt = OptionParsing.FormatFor(parse.GetValue(format), outPath);
            var from = parse.GetValue(groupsFrom);
            var planOptions = new StudyPlanJobOptions
            {
                Sensitivity = parse.GetValue(sensitivity),
                Specificity = parse.GetValue(specificity),
                Width = parse.GetValue(width),
                Prevalence = parse.GetValue(prevalence),
                Confidence = parse.GetValue(confidence),
                Gap = parse.GetValue(gap),
                Power = parse.GetValue(power),
                Alpha = parse.GetValue(alpha),
                Ratio = parse.GetValue(ratio),
                PrevalenceGroup2 = parse.GetValue(prevalence2),
                GroupsFrom = from,
                Groups = from is null && !groups.Given(parse) && parse.GetValue(groups.Bands) is not { Length: > 0 } ? null : groups.Read(parse),
            };
            var protocolPath = parse.GetValue(protocol);
            if (protocolPath is null && (parse.GetValue(focus) ?? parse.GetValue(validationFile) ?? (object?)parse.GetValue(volume) ?? parse.GetValue(windowHours)) is not null)
                throw Vigil.Core.VigilException.Option("protocol", "--group, --validation, --volume and --window-hours describe the study protocol: give --protocol FILE");
            var job = StudyPlanJob.Run(planOptions);
            if (protocolPath is not null)
            {
                var markdown = StudyProtocol.Render(job.Plan, planOptions, new StudyProtocolOptions
                {
                    Group = parse.GetValue(focus),
                    Validation = parse.GetValue(validationFile),
                    Volume = parse.GetValue(volume),
                    WindowHours = parse.GetValue(windowHours),
                    LabelDelayHours = parse.GetValue(labelDelay),
                    MinCell = planOptions.Groups?.MinCell ?? Vigil.Application.AnalysisDefaults.MinCell,
                });
                AtomicFile.WriteAllText(protocolPath, markdown);
                io.Err.WriteLine($"vigil: wrote {protocolPath}");
            }
            var text = fmt switch
            {
                OutputFormat.Json => StudyPlanContract.Write(job.Document),
                OutputFormat.Markdown => StudyPlanTextRenderer.Render(job.Plan, markdown: true),
                _ => StudyPlanTextRenderer.Render(job.Plan, markdown: false),
            };
            Emitter.Emit(io, outPath, text);
            return VigilApp.Ok;
        });
        return cmd;
    }
}
