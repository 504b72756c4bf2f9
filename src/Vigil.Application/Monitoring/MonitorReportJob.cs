using Vigil.Application.Reporting;
using Vigil.Core;
using Vigil.Core.DataAudit;

namespace Vigil.Application.Monitoring;

/// <summary>
/// The options of `vigil monitor report`: the model (and version; null: all versions), the period [From, To), the
/// output folder, and the report options `vigil report` takes with them.
/// </summary>
public sealed record MonitorReportOptions(string Model, DateTimeOffset From, DateTimeOffset To, string Out)
{
    /// <summary>Only this version (null: every version of the model).</summary>
    public string? Version { get; init; }

    /// <summary>card.yaml: the Model Card facts only people know.</summary>
    public string? Card { get; init; }

    /// <summary>Small-cell threshold (null: the audit's).</summary>
    public int? MinCell { get; init; }

    /// <summary>Also print report.pdf.</summary>
    public bool Pdf { get; init; }

    /// <summary>The Chromium executable for the PDF.</summary>
    public string? Chromium { get; init; }

    /// <summary>A governance policy (YAML): checked on the period (<see cref="Governance.PeriodGate"/>); the report gets the gate's table and safeguards, and gate.json and gate.md are written beside it.</summary>
    public string? Policy { get; init; }

    /// <summary>When the policy's exceptions and safeguards are judged (tests fix it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>
/// `vigil monitor report` as a job: fetches the period's audit from the service (GET /v1/models/{id}/audit, a
/// vigil.audit/v2 document computed from the period's merged hourly summaries, which equals the batch `vigil audit` of
/// the same matured rows) and runs <see cref="ReportJob"/> over it, so the governance report of a period from the
/// store is the same set of files `vigil report` writes, plus the audit itself as audit.json.
/// </summary>
public static class MonitorReportJob
{
    public static async Task<ReportResult> RunAsync(MonitorClient client, MonitorReportOptions options, Func<Datasheet, string> renderDatasheet, IJobProgress progress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        if (options.To <= options.From) throw VigilException.Option("to", $"{options.To:o}: must be after {Param.Ref("from")} ({options.From:o})");
        progress.Report("fetching the period's audit");
        var json = await client.GetAuditJsonAsync(options.Model, options.From, options.To, options.Version, ct).ConfigureAwait(false);
        var staging = Path.Combine(Path.GetTempPath(), $"vigil-monitor-report-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var audit = Path.Combine(staging, "audit.json");
            await File.WriteAllTextAsync(audit, json, new System.Text.UTF8Encoding(false), ct).ConfigureAwait(false);
            string? gateFile = null;
            string? gateMarkdown = null;
            List<Contracts.Monitoring.ModelSafeguard>? safeguards = null;
            if (options.Policy is { } policy)
            {
                progress.Report("checking the policy on the period");
                var status = await client.GetStatusAsync(options.Model, options.From, options.To, options.Version, ct).ConfigureAwait(false);
                var gate = Governance.PeriodGate.Run(policy, audit, status, options.Card, options.Clock.GetUtcNow());
                gateFile = Path.Combine(staging, "gate.json");
                await File.WriteAllTextAsync(gateFile, Contracts.Gate.GateContract.Write(gate), new System.Text.UTF8Encoding(false), ct).ConfigureAwait(false);
                gateMarkdown = Governance.GateMarkdown.Render(gate);
                safeguards = [.. (await client.ListSafeguardsAsync(options.Model, ct).ConfigureAwait(false))
                    .Where(s => options.Version is null || s.Version is null || s.Version == options.Version)];
            }
            var result = ReportJob.Run(
                new ReportOptions(audit, options.Card, MinCell: options.MinCell, Pdf: options.Pdf, Chromium: options.Chromium, Out: options.Out)
                {
                    Gates = gateFile is null ? [] : [gateFile], Clock = options.Clock, StoreSafeguards = safeguards,
                },
                renderDatasheet, progress);
            File.Move(audit, Path.Combine(options.Out, "audit.json"), overwrite: true);
            if (gateFile is null) return result with { Files = result.Files + 1 };
            File.Move(gateFile, Path.Combine(options.Out, "gate.json"), overwrite: true);
            await File.WriteAllTextAsync(Path.Combine(options.Out, "gate.md"), gateMarkdown, new System.Text.UTF8Encoding(false), ct).ConfigureAwait(false);
            return result with { Files = result.Files + 3 };
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}
