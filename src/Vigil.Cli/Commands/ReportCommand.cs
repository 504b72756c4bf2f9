using System.CommandLine;
using Vigil.Core;
using Vigil.Reporting;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Browser;
using Vigil.Reporting.DataAudit;
using Vigil.Reporting.Drift;
using Vigil.Reporting.External;
using Vigil.Reporting.Sections;
using Vigil.Cli.Output;
using Vigil.Data;
using Vigil.Reporting.Card;
using Vigil.Reporting.Output;
using Vigil.Reporting.Risk;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil report`: from a vigil.audit/v2 JSON (and an optional card.yaml, drift JSON, data-audit JSON), writes report.html,
/// report.md with charts/*.svg (group rates, heat maps, ROC/calibration/decision curves, drift histograms), model-card.md,
/// model-card.chai.xml, hti1-source-attributes.md, the risk register (CSV, JSON), datasheet.md (--data-audit), external
/// validation (--validation) and mitigation (--mitigation, repeatable) sections and
/// report.pdf (--pdf, headless Chromium) into --out DIR, all or nothing (docs/report.md).
/// </summary>
public static class ReportCommand
{
    /// <summary>The command, writing its diagnostics to <paramref name="io"/>.</summary>
    public static Command Create(CliIO io)
    {
        var audit = new Option<string>("--audit") { Description = "Output of vigil audit --format json (vigil.audit/v2)", Required = true };
        var card = new Option<string?>("--card") { Description = "card.yaml: the Model Card facts only people know, and risk owners (docs/report.md)" };
        var volume = new Option<double?>("--volume") { Description = "Patients a year in the whole deployed population (with --prevalence: missed cases a year)" };
        var prevalence = new Option<double?>("--prevalence") { Description = "Prevalence of the condition in the deployed population, a proportion in (0, 1]" };
        var minCell = new Option<int?>("--min-cell") { Description = "Suppress groups with fewer patients (default: the audit's min_cell, else 11)" };
        var drift = new Option<string?>("--drift") { Description = "Output of vigil drift --format json (vigil.drift/v1): a drift section with histograms of the drifted columns" };
        var dataAudit = new Option<string?>("--data-audit") { Description = "Output of vigil data-audit --format json (vigil.data-audit/v2): writes datasheet.md and a Datasheet section" };
        var datasheet = new Option<string?>("--datasheet") { Description = "With --data-audit: YAML with the narrative answers of the Datasheet for Datasets (as vigil data-audit --datasheet)" };
        var validation = new Option<string?>("--validation") { Description = "Output of vigil validate (validation.json, vigil.validation/v1): an External validation section" };
        var mitigation = new Option<string[]>("--mitigation") { Description = "Output of vigil mitigate (mitigation.json, vigil.mitigation/v1); repeat for several methods: a Mitigation section", AllowMultipleArgumentsPerToken = false };
        var scan = new Option<string?>("--scan") { Description = "Output of vigil scan --format json (vigil.scan/v1): a Hidden subgroups section" };
        var studyPlan = new Option<string?>("--study-plan") { Description = "Output of vigil plan-study --groups-from audit.json --format json (vigil.plan-study/v1): a Prospective study plan section, and study sizes in the treatments" };
        var pdf = new Option<bool>("--pdf") { Description = "Also write report.pdf, printed by headless Chromium (A4)" };
        var chromium = new Option<string?>("--chromium") { Description = $"Chromium executable for --pdf (default: ${ChromiumRenderer.EnvironmentVariable}, else chromium on PATH)" };
        var output = new Option<string>("--out") { Description = "Directory to write the report into (created; written all or nothing)", Required = true };

        var cmd = new Command("report", "Governance report from an audit: clinical-risk translation, charts and curves, drift, Model Card, CHAI Applied Model Card, ONC HTI-1 source attributes, NIST AI RMF risk register, datasheet, PDF.");
        foreach (var o in new Option[] { audit, card, volume, prevalence, minCell, drift, dataAudit, datasheet, validation, mitigation, scan, studyPlan, pdf, chromium, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var cell = parse.GetValue(minCell);
            if (cell is < 0) throw VigilException.Usage($"--min-cell {cell}: expected a non-negative count");
            string? browser = null;
            if (parse.GetValue(pdf))
                browser = ChromiumRenderer.Find(parse.GetValue(chromium))
                    ?? throw VigilException.Usage((parse.GetValue(chromium) is { } given ? $"--chromium {given}: no such file" : "--pdf needs headless Chromium, which was not found")
                        + $"; {ChromiumRenderer.InstallHint}");
            var deployment = DeploymentVolume.FromOptions(parse.GetValue(volume), parse.GetValue(prevalence));
            var model = AuditJsonReader.ReadFile(parse.GetValue(audit)!);
            var cardPath = parse.GetValue(card);
            var facts = cardPath is null ? CardFacts.Empty : CardYamlReader.ReadFile(cardPath);
            var policy = SmallCellPolicy.For(model, cell ?? model.MinCell ?? SmallCellPolicy.DefaultMinCell);
            var driftFile = parse.GetValue(drift);
            var driftModel = driftFile is null ? null : DriftJsonReader.ReadFile(driftFile);
            var validationModel = parse.GetValue(validation) is { } validationFile ? ValidationJsonReader.ReadFile(validationFile) : null;
            var mitigations = (parse.GetValue(mitigation) ?? []).Select(MitigationJsonReader.ReadFile).ToList();
            var dataAuditFile = parse.GetValue(dataAudit);
            var extras = new ReportExtras(driftModel, Datasheet(dataAuditFile, parse.GetValue(datasheet)))
            {
                Validation = validationModel,
                Mitigations = mitigations,
                Scan = parse.GetValue(scan) is { } scanFile ? ScanJsonReader.ReadFile(scanFile) : null,
                StudyPlan = parse.GetValue(studyPlan) is { } planFile ? StudyPlanJsonReader.ReadFile(planFile) : null,
                DataAudit = dataAuditFile is null ? null : (File.ReadAllText(dataAuditFile), Path.GetFileName(dataAuditFile)),
            };
            var files = ReportBuilder.Build(model, facts, policy, deployment, extras);
            if (browser is not null)
            {
                var (printed, result) = PdfExport.Render(browser, files, line => io.Err.WriteLine($"vigil: warning: {line}"));
                files = [.. files, printed];
                io.Err.WriteLine($"vigil: printed report.pdf with {result.BrowserVersion} ({ChromiumRenderer.PdfPageCount(printed.Bytes!)} pages)");
            }
            var dir = parse.GetValue(output)!;
            ReportDirectory.Write(dir, files);
            io.Err.WriteLine($"vigil: wrote {files.Count} files to {dir}");
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>The datasheet from a saved data audit, rendered by the data audit's own renderer; null without --data-audit.</summary>
    private static DatasheetPart? Datasheet(string? dataAudit, string? narrativeFile)
    {
        if (dataAudit is null)
        {
            if (narrativeFile is not null) throw VigilException.Usage("--datasheet needs --data-audit FILE (the measured answers come from the data audit)");
            return null;
        }
        var narrative = narrativeFile is null ? (null, new Dictionary<string, string>()) : DataAuditDatasheetYaml.Read(narrativeFile);
        var sheet = DataAuditDatasheet.FromFile(dataAudit, narrative.Item1, narrative.Item2);
        return new DatasheetPart(sheet, DatasheetRenderer.Markdown(sheet), Path.GetFileName(dataAudit));
    }
}
