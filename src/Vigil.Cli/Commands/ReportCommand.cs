using System.CommandLine;
using Vigil.Application.DataAudit;
using Vigil.Application.Reporting;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Reporting.Browser;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil report`: parses the options and runs <see cref="ReportJob"/>: from a vigil.audit JSON (and an optional card.yaml,
/// drift, data-audit, validation and mitigation files) the governance report, Model Card, CHAI card, HTI-1 attributes,
/// risk register, datasheet and, with --pdf, report.pdf into --out DIR, all or nothing (docs/report.md).
/// </summary>
public static class ReportCommand
{
    /// <summary>The command, writing its diagnostics to <paramref name="io"/>.</summary>
    public static Command Create(CliIO io)
    {
        var audit = new Option<string>("--audit") { Description = "Output of vigil audit --format json", Required = true };
        var card = new Option<string?>("--card") { Description = "card.yaml: the Model Card facts only people know, and risk owners (docs/report.md)" };
        var volume = OptionCatalog.Volume();
        var prevalence = OptionCatalog.Prevalence();
        var minCell = OptionCatalog.MinCellFromEvidence();
        var drift = new Option<string?>("--drift") { Description = "Output of vigil drift --format json: a drift section with histograms of the drifted columns" };
        var dataAudit = new Option<string?>("--data-audit") { Description = "Output of vigil data-audit --format json: writes datasheet.md and a Datasheet section" };
        var datasheet = OptionCatalog.DatasheetFile("With --data-audit: YAML with the narrative answers of the Datasheet for Datasets (as vigil data-audit --datasheet)");
        var validation = new Option<string?>("--validation") { Description = "Output of vigil validate (validation.json, vigil.validation/v2): an External validation section" };
        var mitigation = new Option<string[]>("--mitigation") { Description = "Output of vigil mitigate (mitigation.json, vigil.mitigation/v2); repeat for several methods: a Mitigation section", AllowMultipleArgumentsPerToken = false };
        var scan = new Option<string?>("--scan") { Description = "Output of vigil scan --format json (vigil.scan/v2): a Hidden subgroups section" };
        var studyPlan = new Option<string?>("--study-plan") { Description = "Output of vigil plan-study --groups-from audit.json --format json (vigil.study-plan/v2): a Prospective study plan section, and study sizes in the treatments" };
        var data = OptionCatalog.Data("With --model: the scored data the audit was run on: a Case vignette section, a SYNTHETIC composite of the affected group's missed patients");
        data.Required = false;
        var model = OptionCatalog.Model();
        model.Required = false;
        var group = OptionCatalog.AffectedGroup();
        var scenario = new Option<string?>("--scenario") { Description = "With --data and --model: the clinical scenario of the miss cost (sepsis, heart-disease, readmission, or one of --vignette-costs; default: by the label column)" };
        var costs = new Option<string?>("--vignette-costs") { Description = "CSV of miss costs by scenario: scenario, outcomes (';'-separated label columns), action, detected, cost" };
        var gates = OptionCatalog.GateFiles();
        var pdf = OptionCatalog.Pdf();
        var chromium = new Option<string?>("--chromium") { Description = $"Chromium executable for --pdf (default: ${ChromiumRenderer.EnvironmentVariable}, else chromium on PATH)" };
        var output = OptionCatalog.OutDirectory();

        var cmd = new Command("report", "Governance report from an audit: clinical-risk translation, charts and curves, drift, Model Card, CHAI Applied Model Card, ONC HTI-1 source attributes, NIST AI RMF risk register, datasheet, PDF. " +
            "--min-cell defaults to the audit's min_cell (11 when the audit has none).");
        foreach (var o in new Option[] { audit, card, volume, prevalence, minCell, drift, dataAudit, datasheet, validation, mitigation, scan, studyPlan, data, model, group, scenario, costs, gates, pdf, chromium, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var options = new ReportOptions(parse.GetValue(audit)!, parse.GetValue(card), parse.GetValue(volume), parse.GetValue(prevalence),
                parse.GetValue(minCell), parse.GetValue(drift), parse.GetValue(dataAudit), parse.GetValue(datasheet), parse.GetValue(validation),
                parse.GetValue(mitigation) ?? [], parse.GetValue(pdf), parse.GetValue(chromium), parse.GetValue(output)!)
            {
                Scan = parse.GetValue(scan),
                StudyPlan = parse.GetValue(studyPlan),
                Vignette = Vignette(parse.GetValue(data), parse.GetValue(model), parse.GetValue(group), parse.GetValue(scenario), parse.GetValue(costs)),
                Gates = parse.GetValue(gates) ?? [],
            };
            var result = ReportJob.Run(options, DatasheetRenderer.Markdown, new StderrProgress(io.Err));
            if (result.PrintedWith is not null) io.Err.WriteLine($"vigil: printed report.pdf with {result.PrintedWith} ({result.PdfPages} pages)");
            io.Err.WriteLine($"vigil: wrote {result.Files} files to {result.OutDir}");
            return VigilApp.Ok;
        });
        return cmd;
    }

    private static Vigil.Application.Vignette.VignetteOptions? Vignette(string? data, string? model, string? group, string? scenario, string? costs)
    {
        if (data is null && model is null)
        {
            if ((group ?? scenario ?? costs) is not null) throw Vigil.Core.VigilException.Option("data", "--group, --scenario and --vignette-costs describe the case vignette: give --data and --model");
            return null;
        }
        if (data is null || model is null) throw Vigil.Core.VigilException.Option(data is null ? "data" : "model", "the case vignette needs both --data (the scored rows) and --model");
        return new Vigil.Application.Vignette.VignetteOptions(data, model, group, scenario, costs);
    }
}
