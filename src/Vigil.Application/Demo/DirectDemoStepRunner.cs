using Vigil.Application.Audit;
using Vigil.Application.DataAudit;
using Vigil.Application.Drift;
using Vigil.Application.Mitigation;
using Vigil.Application.Output;
using Vigil.Application.Reporting;
using Vigil.Application.Scan;
using Vigil.Application.StudyPlan;
using Vigil.Application.Training;
using Vigil.Application.Validation;
using Vigil.Contracts.Audit;
using Vigil.Contracts.DataAudit;
using Vigil.Contracts.Datasheet;
using Vigil.Contracts.Drift;
using Vigil.Contracts.Scan;
using Vigil.Contracts.StudyPlan;
using Vigil.Data;

namespace Vigil.Application.Demo;

/// <summary>
/// Runs a demo step by calling its verb's job directly (no command line, no CLI) and writes the files the CLI writes for
/// the same command line, with the same writers: one JSON document to a file (atomically), or a job's whole folder.
/// Throws the job's error when a step fails. The jobs' own progress is not shown (the demo reports its steps).
/// </summary>
public static class DirectDemoStepRunner
{
    /// <summary>Runs <paramref name="call"/> with its paths resolved in <paramref name="context"/>.</summary>
    public static void Run(DemoCall call, DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(context);
        var progress = NoProgress.Instance;
        switch (call)
        {
            case DataAuditCall c:
                DataAudit(c, context);
                break;
            case TrainCall c:
                TrainJob.Run(c.Options(context), progress);
                break;
            case AuditCall c:
                AtomicTextFile.Write(context.Resolve(c.Out), AuditContract.Write(AuditJob.Run(c.Options(context), progress).Document));
                break;
            case ScanCall c:
                AtomicTextFile.Write(context.Resolve(c.Out), ScanContract.Write(ScanJob.Run(c.Options(context), progress).Document));
                break;
            case PlanStudyCall c:
                AtomicTextFile.Write(context.Resolve(c.Out), StudyPlanContract.Write(StudyPlanJob.Run(c.Options(context), progress).Document));
                break;
            case ValidateCall c:
                ValidateJob.Run(c.Options(context), progress);
                break;
            case DriftCall c:
                AtomicTextFile.Write(context.Resolve(c.Out), DriftContract.Write(DriftJob.Run(c.Options(context), progress).Document));
                break;
            case MitigateCall c:
                MitigateJob.Run(c.Options(context), progress);
                break;
            case ReportCall c:
                ReportJob.Run(c.Options(context), DatasheetRenderer.Markdown, progress);
                break;
            default:
                throw new ArgumentException($"no runner for a {call.GetType().Name}", nameof(call));
        }
    }

    /// <summary>data-audit.json and, with a datasheet, datasheet.md and datasheet.json (the narrative read first, so a bad YAML fails before any data is read).</summary>
    private static void DataAudit(DataAuditCall call, DemoContext context)
    {
        var datasheet = context.ResolveOrNull(call.Datasheet);
        var datasheetDir = context.ResolveOrNull(call.DatasheetOut);
        if ((datasheet is null) != (datasheetDir is null))
            throw new ArgumentException("a demo's datasheet YAML and its output folder go together", nameof(call));
        var narrative = datasheet is null ? default : DataAuditDatasheetYaml.Read(datasheet);
        var job = DataAuditJob.Run(call.Options(context), NoProgress.Instance);
        if (datasheet is not null)
        {
            var sheet = DatasheetBuilder.Build(narrative.Title ?? call.Title, narrative.Answers, job);
            AtomicTextFile.Write(Path.Combine(datasheetDir!, "datasheet.md"), DatasheetRenderer.Markdown(sheet));
            AtomicTextFile.Write(Path.Combine(datasheetDir!, "datasheet.json"), DatasheetContract.Write(DatasheetBuilder.Document(sheet, datasheet, job)));
        }
        AtomicTextFile.Write(context.Resolve(call.Out), DataAuditContract.Write(job.Document));
    }
}
