using Vigil.Application.Governance;
using Vigil.Contracts.Gate;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Monitors;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;
using Vigil.Tests.Monitoring.Monitors;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Monitoring.Safeguards;

/// <summary>
/// Calibration, drift and documents rules of a policy on real monitoring windows: the seeded simulated stream summarised
/// as the store summarises it (hour cells, feature bins, matured rows; <see cref="MonitoringStream"/>), a calibrated and
/// stable stream, one whose lactate shifts by 1 mmol/L, and one whose true risk doubles. Calibration is judged per group
/// on the settled hours, drift on the watched features against the reference profile; what a window cannot judge (a
/// column that is not watched, the documents) is a skipped check that says so, and every policy alert names it.
/// </summary>
public sealed class PolicyWindowTests
{
    private const string Policy = """
        policy: window-kinds
        version: "1.0"
        re_validation: 2027-07-01
        exception_approvers: [AI Governance Committee]
        rules:
          - id: oe-range
            kind: calibration
            min: 0.8
            max: 1.25
          - id: drift-bounds
            kind: drift
            max_drifted_share: 0.4
            allow_dataset_drift: false
            columns: [lactate, heart_rate, creatinine]
          - id: docs
            kind: documents
            card_fields: [model_details.name]
        """;

    private static ModelRegistration Registration()
    {
        using var dir = new TempDir();
        var file = dir.File("window-kinds.yaml", Policy);
        return MonitoringStream.Registration(MonitoringStream.Reference) with { Policy = PolicyRegistration.Read(file) };
    }

    private static (GateEvaluation Evaluation, IReadOnlyList<AlertFinding> Findings) Run(MonitoringStream stream)
    {
        var registration = Registration();
        var (cells, bins, rows, last) = stream.Run(MonitoringStream.Reference);
        var settled = WindowSummary.Build(registration, MonitorEvaluator.SettledCells(registration, cells, stream.NowMs));
        var (_, evaluation) = PolicyMonitor.Check(registration, settled, bins, rows, stream.NowMs)!.Value;
        return (evaluation, MonitorEvaluator.Evaluate(registration, cells, bins, rows, last, stream.NowMs));
    }

    private static GateCheck Check(GateEvaluation e, string rule, string subject) => Assert.Single(e.Checks, c => c.Rule == rule && c.Subject == subject);

    [Fact]
    public void A_calibrated_stable_window_passes_calibration_and_drift_and_records_what_it_cannot_judge()
    {
        var (e, findings) = Run(new MonitoringStream { Seed = 3, Hours = 10 * 24 });
        var all = Check(e, "oe-range", "all patients");
        Assert.Equal(GateStatus.Pass, all.Status);
        Assert.InRange(all.Values["value"]!.Value, 0.9, 1.1);
        Assert.True(all.Values["ci_low"] >= 0.8 && all.Values["ci_high"] <= 1.25, all.Evidence);
        Assert.Contains(e.Checks, c => c.Rule == "oe-range" && c.Subject == "race = A");
        Assert.Equal(GateStatus.Pass, Check(e, "drift-bounds", "column lactate").Status);
        Assert.Equal(GateStatus.Pass, Check(e, "drift-bounds", "column heart_rate").Status);
        Assert.Equal(GateStatus.Pass, Check(e, "drift-bounds", "dataset drift").Status);

        var creatinine = Check(e, "drift-bounds", "column creatinine");
        Assert.Equal(GateStatus.Skipped, creatinine.Status);
        Assert.Contains("not evaluable per window: creatinine is not a watched feature of the registration (watched: lactate, heart_rate)", creatinine.Evidence, StringComparison.Ordinal);
        var docs = Check(e, "docs", "card.yaml");
        Assert.Equal(GateStatus.Skipped, docs.Status);
        Assert.StartsWith("not evaluable per window: the Model Card, CHAI and HTI-1 answers live in card.yaml", docs.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Kind == AlertKind.Policy && f.Attribute is null);
    }

    [Fact]
    public void A_lactate_shift_fails_the_drift_rule_and_the_alert_names_what_the_window_could_not_judge()
    {
        var (e, findings) = Run(new MonitoringStream { Seed = 11, Hours = 10 * 24, LactateShift = 1.0, InjectFromHour = 0 });
        var lactate = Check(e, "drift-bounds", "column lactate");
        Assert.Equal(GateStatus.Fail, lactate.Status);
        Assert.True(lactate.Values["psi"] > lactate.Values["bound"], lactate.Evidence);
        Assert.Equal(GateStatus.Pass, Check(e, "drift-bounds", "column heart_rate").Status);
        var share = Check(e, "drift-bounds", "drifted share of columns");
        Assert.Equal((GateStatus.Fail, 0.5), (share.Status, share.Values["share"]));
        Assert.Equal(GateStatus.Fail, Check(e, "drift-bounds", "dataset drift").Status); // 1 of 2 features: share 0.5 ≥ 0.5

        var alert = Assert.Single(findings, f => f.Kind == AlertKind.Policy && f.Metric == "policy:drift-bounds:column lactate");
        Assert.Equal(lactate.Values["psi"], alert.Value);
        Assert.Contains("Not evaluable per window: drift-bounds (drift, column creatinine); docs (documents, card.yaml)", alert.Message, StringComparison.Ordinal);
        Assert.Equal(2, alert.Evidence["not_evaluable"]);
    }

    [Fact]
    public void Doubled_risk_fails_calibration_for_all_patients_on_its_interval()
    {
        var (e, findings) = Run(new MonitoringStream { Seed = 9, Hours = 10 * 24, RiskFactor = 2 });
        var all = Check(e, "oe-range", "all patients");
        Assert.Equal(GateStatus.Fail, all.Status);
        Assert.True(all.Values["ci_low"] > 1.25, all.Evidence);
        var alert = Assert.Single(findings, f => f.Kind == AlertKind.Policy && f.Metric == "policy:oe-range:all patients");
        Assert.Equal(all.Values["value"], alert.Value);
        Assert.Equal(1.25, alert.Bound);
    }
}
