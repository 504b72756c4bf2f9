using Vigil.Reporting.Audit;
using Vigil.Reporting.Chai;
using Vigil.Reporting.DataAudit;
using Vigil.Reporting.Card;
using Vigil.Reporting.Document;
using Vigil.Reporting.Drift;
using Vigil.Reporting.External;
using Vigil.Reporting.Hti1;
using Vigil.Reporting.Risk;
using Vigil.Reporting.Sections;

namespace Vigil.Reporting;

/// <summary>One output file: its path relative to the output directory, and its text (UTF-8) or, for <see cref="Binary"/> files, its bytes.</summary>
public sealed record ReportFile(string RelativePath, string Content)
{
    /// <summary>The bytes of a binary file (e.g. report.pdf); null for text files.</summary>
    public byte[]? Bytes { get; init; }

    /// <summary>A binary file.</summary>
    public static ReportFile Binary(string relativePath, byte[] bytes) => new(relativePath, "") { Bytes = bytes };
}

/// <summary>Optional inputs of the report besides the audit: a drift result, a datasheet, an external validation and mitigations.</summary>
public sealed record ReportExtras(DriftReportModel? Drift = null, DatasheetPart? Datasheet = null)
{
    /// <summary>The external validation (vigil validate), or null.</summary>
    public ValidationReportModel? Validation { get; init; }

    /// <summary>The mitigations (vigil mitigate), in the order given.</summary>
    public IReadOnlyList<MitigationReportModel> Mitigations { get; init; } = [];

    /// <summary>The subgroup scan (vigil scan --format json), or null.</summary>
    public ScanReportModel? Scan { get; init; }

    /// <summary>The study plan (vigil plan-study --format json), or null.</summary>
    public StudyPlanReportModel? StudyPlan { get; init; }

    /// <summary>The data audit's JSON text and file name (vigil data-audit --format json), or null; its findings are read with the report's small-cell threshold.</summary>
    public (string Json, string Name)? DataAudit { get; init; }

    /// <summary>The case vignette (vigil report --data --model), or null.</summary>
    public Vignette.CaseVignette? Vignette { get; init; }
    /// <summary>The governance gate decisions (vigil gate --format json) whose safeguards the report lists, and the time their state is given at.</summary>
    public IReadOnlyList<Vigil.Contracts.Gate.GateDocument> Gates { get; init; } = [];

    /// <summary>The safeguards the monitoring service holds for the model (vigil monitor report --policy), listed with their state in the store.</summary>
    public IReadOnlyList<Vigil.Contracts.Monitoring.ModelSafeguard>? StoreSafeguards { get; init; }

    /// <summary>When the safeguards' state (active or ended) is judged.</summary>
    public DateTimeOffset SafeguardsAt { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>No extras.</summary>
    public static readonly ReportExtras None = new();
}

/// <summary>
/// Builds every output of `vigil report` in memory (nothing is written here): report.html, report.md with
/// charts/*.svg, model-card.md, model-card.chai.xml (CHAI Applied Model Card v0.2), hti1-source-attributes.md (ONC HTI-1), risk-register.csv and risk-register.json.
/// </summary>
public static class ReportBuilder
{
    /// <summary>The files, in a stable order.</summary>
    public static IReadOnlyList<ReportFile> Build(AuditReportModel audit, CardFacts card, SmallCellPolicy cells, DeploymentVolume? volume, ReportExtras? extras = null)
    {
        extras ??= ReportExtras.None;
        var ctx = ReportContext.Create(audit, card, cells, volume, extras.Validation, extras.Mitigations, extras.StudyPlan);
        var findings = extras.DataAudit is { } da ? DataAuditFindings.FromJson(da.Json, da.Name, cells.MinCell) : null;
        var charts = GroupChartsSection.Charts(ctx);
        var curveCharts = CurvesSection.Charts(ctx);
        var driftCharts = DriftSection.Charts(extras.Drift, cells.MinCell);
        var validationCharts = ValidationSection.Charts(extras.Validation, cells.MinCell);
        var mitigationCharts = MitigationSection.Charts(extras.Mitigations, cells.MinCell);
        var report = ReportDocument.Build(ctx, charts, CurvesSection.Build(ctx, curveCharts), ValidationSection.Build(extras.Validation, cells.MinCell, validationCharts),
            MitigationSection.Build(extras.Mitigations, cells.MinCell, mitigationCharts), DriftSection.Build(extras.Drift, driftCharts),
            DataAuditFindingsSection.Build(findings), ScanSection.Build(extras.Scan, cells.MinCell), StudyPlanSection.Build(extras.StudyPlan, cells.MinCell),
            CaseVignetteSection.Build(extras.Vignette),
            DatasheetSection.Build(extras.Datasheet), SafeguardsSection.Build(extras.Gates, extras.SafeguardsAt, extras.StoreSafeguards));
        var files = new List<ReportFile>
        {
            new("report.html", HtmlWriter.Render(ReportDocument.Title(ctx), report)),
            new("report.md", MarkdownWriter.Render(report)),
            new("model-card.md", MarkdownWriter.Render(ModelCardDocument.Build(ctx))),
            new("model-card.chai.xml", ChaiModelCard.Render(ctx)),
            new("hti1-source-attributes.md", MarkdownWriter.Render(Hti1Document.Build(ctx))),
            new("risk-register.csv", RiskRegisterWriters.Csv(ctx.Register)),
            new("risk-register.json", RiskRegisterWriters.Json(ctx.Register, audit.SourceName, cells.MinCell)),
        };
        if (extras.Datasheet is { } sheet) files.Add(new ReportFile(DatasheetSection.FileName, sheet.Markdown));
        files.AddRange(charts.Concat(curveCharts).Concat(validationCharts).Concat(mitigationCharts).Concat(driftCharts).Select(c => new ReportFile($"{MarkdownWriter.ChartDirectory}/{c.FileName}", c.Svg + "\n")));
        return files;
    }
}
