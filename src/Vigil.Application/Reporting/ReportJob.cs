using Vigil.Core;
using Vigil.Core.DataAudit;
using Vigil.Data;
using Vigil.Reporting;
using Vigil.Reporting.Audit;
using Vigil.Reporting.Browser;
using Vigil.Reporting.Card;
using Vigil.Reporting.DataAudit;
using Vigil.Reporting.Drift;
using Vigil.Reporting.External;
using Vigil.Reporting.Output;
using Vigil.Reporting.Risk;
using Vigil.Reporting.Sections;

namespace Vigil.Application.Reporting;

/// <summary>
/// The options of `vigil report`: the audit and the optional files around it (card, drift, data audit with its
/// narrative datasheet, validation, mitigations), the deployment volume and prevalence, the small-cell threshold
/// (null = the audit's), whether to print a PDF (and with which Chromium), and the output folder.
/// </summary>
public sealed record ReportOptions(
    string Audit, string? Card = null, double? Volume = null, double? Prevalence = null, int? MinCell = null, string? Drift = null,
    string? DataAudit = null, string? Datasheet = null, string? Validation = null, IReadOnlyList<string>? Mitigations = null,
    bool Pdf = false, string? Chromium = null, string Out = "report")
{
    /// <summary>A vigil.scan/v2 file: the Hidden subgroups section.</summary>
    public string? Scan { get; init; }

    /// <summary>A vigil.study-plan/v2 file: the Prospective study plan section and study sizes in the treatments.</summary>
    public string? StudyPlan { get; init; }

    /// <summary>The scored data and the model: the Case vignette section (docs/governance.md).</summary>
    public Vigil.Application.Vignette.VignetteOptions? Vignette { get; init; }
    /// <summary>vigil.gate/v1 files (vigil gate --format json): a Safeguards section with their start and end.</summary>
    public IReadOnlyList<string> Gates { get; init; } = [];

    /// <summary>The safeguards the monitoring service holds for the model (vigil monitor report --policy); null: not listed.</summary>
    public IReadOnlyList<Contracts.Monitoring.ModelSafeguard>? StoreSafeguards { get; init; }

    /// <summary>When the safeguards' state is judged (tests fix it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>The files written and, with a PDF, the browser that printed it and the page count.</summary>
public sealed record ReportResult(string OutDir, int Files, string? PrintedWith, int? PdfPages);

/// <summary>
/// `vigil report` as a job: reads every input through its reader (the model documents through their contracts),
/// builds report.html, report.md, charts, Model Card, CHAI card, HTI-1 attributes, the risk register, the datasheet and
/// the validation and mitigation sections, optionally prints report.pdf, and writes the folder all or nothing
/// (docs/report.md). The renderDatasheet argument of Run renders a data audit's datasheet as Markdown (the data audit's
/// own renderer, so the report and `vigil data-audit --datasheet-out` write the same text).
/// </summary>
public static class ReportJob
{
    public static ReportResult Run(ReportOptions options, Func<Datasheet, string> renderDatasheet, IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(renderDatasheet);
        ArgumentNullException.ThrowIfNull(progress);
        if (options.MinCell is < 0) throw VigilException.Option("min_cell", $"{options.MinCell}: expected a non-negative count");
        string? browser = null;
        if (options.Pdf)
            browser = ChromiumRenderer.Find(options.Chromium)
                ?? throw (options.Chromium is { } given
                    ? VigilException.Option("chromium", $"{given}: no such file; {ChromiumRenderer.InstallHint}")
                    : VigilException.Usage($"a PDF needs headless Chromium, which was not found; {ChromiumRenderer.InstallHint}"));
        var deployment = DeploymentVolume.FromOptions(options.Volume, options.Prevalence);
        progress.Report("reading the inputs");
        var model = AuditJsonReader.ReadFile(options.Audit);
        var facts = options.Card is null ? CardFacts.Empty : CardYamlReader.ReadFile(options.Card);
        var policy = SmallCellPolicy.For(model, options.MinCell ?? model.MinCell ?? SmallCellPolicy.DefaultMinCell);
        var driftModel = options.Drift is null ? null : DriftJsonReader.ReadFile(options.Drift);
        var validationModel = options.Validation is null ? null : ValidationJsonReader.ReadFile(options.Validation);
        var mitigations = (options.Mitigations ?? []).Select(MitigationJsonReader.ReadFile).ToList();
        var extras = new ReportExtras(driftModel, ReadDatasheet(options.DataAudit, options.Datasheet, renderDatasheet))
        {
            Validation = validationModel,
            Mitigations = mitigations,
            Scan = options.Scan is null ? null : ScanJsonReader.ReadFile(options.Scan),
            StudyPlan = options.StudyPlan is null ? null : StudyPlanJsonReader.ReadFile(options.StudyPlan),
            DataAudit = options.DataAudit is null ? null : (File.ReadAllText(options.DataAudit), Path.GetFileName(options.DataAudit)),
            Vignette = options.Vignette is null ? null : Vigil.Application.Vignette.CaseVignetteBuilder.Build(options.Audit, options.Vignette, policy.MinCell),
            Gates = [.. options.Gates.Select(Contracts.Gate.GateContract.Read)],
            SafeguardsAt = options.Clock.GetUtcNow(),
            StoreSafeguards = options.StoreSafeguards,
        };
        progress.Report("building the report");
        var files = ReportBuilder.Build(model, facts, policy, deployment, extras);
        string? printedWith = null;
        int? pages = null;
        if (browser is not null)
        {
            progress.Report("printing report.pdf");
            var (printed, result) = PdfExport.Render(browser, files, line => progress.Note("warning: " + line));
            files = [.. files, printed];
            printedWith = result.BrowserVersion;
            pages = ChromiumRenderer.PdfPageCount(printed.Bytes!);
        }
        ReportDirectory.Write(options.Out, files);
        return new ReportResult(options.Out, files.Count, printedWith, pages);
    }

    /// <summary>The datasheet from a saved data audit; null without one.</summary>
    private static DatasheetPart? ReadDatasheet(string? dataAudit, string? narrativeFile, Func<Datasheet, string> render)
    {
        if (dataAudit is null)
        {
            if (narrativeFile is not null) throw VigilException.Option("datasheet", "needs the data audit (the measured answers come from it)");
            return null;
        }
        var narrative = narrativeFile is null ? (null, new Dictionary<string, string>()) : DataAuditDatasheetYaml.Read(narrativeFile);
        var sheet = DataAuditDatasheet.FromFile(dataAudit, narrative.Item1, narrative.Item2);
        return new DatasheetPart(sheet, render(sheet), Path.GetFileName(dataAudit));
    }
}
