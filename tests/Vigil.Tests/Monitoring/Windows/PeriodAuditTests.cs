using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Application.Audit;
using Vigil.Contracts;
using Vigil.Contracts.Audit;
using Vigil.Contracts.Monitoring;
using Vigil.Core.Statistics;
using Vigil.Monitoring.Monitors;
using Vigil.Monitoring.Registration;
using Vigil.Monitoring.Store;
using Vigil.Monitoring.Windows;
using Vigil.Tests.Monitoring.Monitors;
using Xunit;

namespace Vigil.Tests.Monitoring.Windows;

/// <summary>A period's audit equals the batch `vigil audit` of a CSV holding the same rows (every block but "inputs").</summary>
public sealed class PeriodAuditTests
{
    private static readonly ProtectedSpec Age = new("age", [45, 65], null);
    private static readonly ProtectedSpec Sex = new("sex", null, "M");

    private static ModelRegistration Registration(int minCell = 11) => new(
        ModelRegistration.SchemaName, "sepsis", "1.0", "test", [Sex, Age], [], 0.3,
        new OutcomeDefinition("sepsis_onset", 72, 24, []), minCell, RegistrationDefaults.Settings(null), null);

    /// <summary>Rows with an age in years (for the CSV) and its band (for the store), alert = score ≥ 0.3.</summary>
    private static (List<MaturedRow> Rows, string Csv) Rows(int n, int seed, bool someMissingSex = false, bool noOldPatients = false)
    {
        var rng = new SplitMix64(SplitMix64.ReplicateStream(seed, 0));
        var labels = Vigil.Data.Bands.Parse("age=45,65").Labels();
        var rows = new List<MaturedRow>();
        var csv = new StringBuilder("label,score,sex,age\n");
        for (var i = 0; i < n; i++)
        {
            var age = 18 + (int)(SequentialThresholds.Uniform(rng) * (noOldPatients ? 47 : 80));
            var sex = someMissingSex && i % 37 == 5 ? null : SequentialThresholds.Uniform(rng) < 0.45 ? "F" : "M";
            var score = Math.Round(SequentialThresholds.Uniform(rng), 4);
            var label = SequentialThresholds.Uniform(rng) < score * 0.8 ? 1 : 0;
            var band = labels[age < 45 ? 0 : age < 65 ? 1 : 2];
            rows.Add(new MaturedRow(1_000_000L + i * 60_000L, [sex ?? Vigil.Data.AuditLoader.MissingLevel, band], label, score >= 0.3 ? 1 : 0, score));
            csv.Append(CultureInfo.InvariantCulture, $"{label},{score.ToString("R", CultureInfo.InvariantCulture)},{sex},{age}\n");
        }
        return (rows, csv.ToString());
    }

    private static JsonObject WithoutInputs(AuditDocument document)
    {
        var node = JsonNode.Parse(ContractFile.Write(document, AuditJsonContext.Default.AuditDocument))!.AsObject();
        node.Remove("inputs");
        return node;
    }

    [Theory]
    [InlineData(600, 1, false, false, 0)]
    [InlineData(250, 2, true, true, 0)]
    [InlineData(400, 3, false, false, 50)]
    public void Period_audit_equals_the_batch_audit_of_the_same_rows(int n, int seed, bool missingSex, bool noOld, int bootstrap)
    {
        var (rows, csv) = Rows(n, seed, missingSex, noOld);
        var registration = Registration();
        using var dir = new Vigil.Tests.TestSupport.TempDir();
        var file = dir.File("rows.csv", csv);
        var batch = AuditJob.Run(new AuditJobOptions
        {
            Data = file,
            Label = "label",
            Score = "score",
            Threshold = 0.3,
            Groups = PeriodAudit.Groups(registration),
            Bootstrap = bootstrap,
        });
        // The store hands rows in any order.
        var shuffled = rows.OrderBy(r => r.Score).ToList();
        var period = PeriodAudit.Run(registration, shuffled, "monitor:sepsis@1.0 test period", bootstrap);
        var expected = WithoutInputs(batch.Document).ToJsonString();
        var actual = WithoutInputs(period.Document).ToJsonString();
        Assert.Equal(expected, actual);
        Assert.Equal(n, period.Document.Rows);
        if (noOld) Assert.Contains(period.Document.Notes, x => x.Contains("bands of 'age' with no rows", StringComparison.Ordinal));
        if (missingSex) Assert.Contains(period.Document.Notes, x => x.Contains("'sex' is missing", StringComparison.Ordinal));
        Assert.Equal("monitor:sepsis@1.0 test period", period.Document.Inputs[0].Path);
    }

    [Fact]
    public void Period_audit_takes_the_batch_audits_one_bootstrap_default_curves_included()
    {
        var (rows, csv) = Rows(300, 4, false, false);
        var registration = Registration();
        using var dir = new Vigil.Tests.TestSupport.TempDir();
        var file = dir.File("rows.csv", csv);
        // Neither is given a bootstrap: both take the one default, for the groups and for the curves' calibration.
        var batch = AuditJob.Run(new AuditJobOptions
        {
            Data = file, Label = "label", Score = "score", Threshold = 0.3, Groups = PeriodAudit.Groups(registration), Curves = true,
        });
        var period = PeriodAudit.Run(registration, rows, "monitor:sepsis@1.0 test period", curves: true);
        var actual = WithoutInputs(period.Document);
        Assert.Equal(WithoutInputs(batch.Document).ToJsonString(), actual.ToJsonString());
        Assert.Equal(Vigil.Core.StatisticalDefaults.Bootstrap, actual["settings"]!["bootstrap"]!.GetValue<int>());
        Assert.Equal(Vigil.Core.StatisticalDefaults.Bootstrap, period.Curves!.Options.Bootstrap);
        Assert.NotNull(period.Curves.Overall.Calibration!.Metrics.Slope.Ci);

        // 0 = none, in the curves too.
        var none = PeriodAudit.Run(registration, rows, "monitor:sepsis@1.0 test period", bootstrap: 0, curves: true);
        Assert.Null(none.Curves!.Overall.Calibration!.Metrics.Slope.Ci);
        Assert.Equal(none.Curves.Overall.Calibration.Metrics.Slope.Value, period.Curves.Overall.Calibration.Metrics.Slope.Value);
    }

    [Fact]
    public void An_empty_period_is_a_clear_error()
    {
        var e = Assert.Throws<Vigil.Core.VigilException>(() => PeriodAudit.Run(Registration(), [], "monitor:sepsis@1.0 2026-11"));
        Assert.Contains("no matured predictions", e.Message, StringComparison.Ordinal);
    }
}
