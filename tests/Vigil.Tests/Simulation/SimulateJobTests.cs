using System.Text.Json;
using Vigil.Application.Simulation;
using Vigil.Contracts.Simulation;
using Vigil.Monitoring.Client;
using Vigil.Monitoring.Registration;
using Vigil.Tests.Application;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Simulation;

/// <summary>
/// `vigil simulate sepsis --out DIR` as a job: the folder it writes, simulation.json as a typed vigil.simulation/v2
/// document that matches its published schema, and the CLI writing the same bytes as the job.
/// </summary>
public sealed class SimulateJobTests
{
    private static SimulationSettings Settings(long seed) =>
        new(2, 150, seed, SepsisPreset.Default, InjectionParser.ParseAll(["fnr-rise:group=age:65+,from-day=1,factor=2"], 2), SimulationSettings.DefaultStart);

    [Fact]
    public void The_job_writes_every_file_and_a_typed_summary_that_reads_back()
    {
        using var dir = new TempDir();
        var outDir = Path.Combine(dir.Path, "sim");
        var outcome = SimulateJob.WriteFiles(Settings(7), outDir);

        foreach (var name in new[] { SimulationFiles.Registration, SimulationFiles.Predictions, SimulationFiles.Actions, SimulationFiles.Outcomes,
                     SimulationFiles.Truth, SimulationFiles.Reference, SimulationFiles.Summary })
            Assert.True(File.Exists(Path.Combine(outDir, name)), name);

        var summary = SimulationContract.Read(Path.Combine(outDir, SimulationFiles.Summary));
        Assert.Equal(("vigil.simulation/v2", "vigil", "sepsis"), (summary.Schema, summary.Tool.Name, summary.Scenario));
        Assert.Equal((2, 150, 7L, "default"), (summary.Settings.Days, summary.Settings.EncountersPerDay, summary.Settings.Seed, summary.Settings.Preset));
        Assert.Single(summary.Settings.Injections);
        Assert.Equal(300, summary.Measured.Encounters);
        Assert.Equal(outcome.Metrics.Auroc, summary.Measured.Auroc);
        Assert.Equal(outcome.Run.Calibration.Model.Threshold, summary.Solved.Threshold);

        var registration = RegistrationFile.Read(Path.Combine(outDir, SimulationFiles.Registration));
        Assert.Equal(SepsisRegistration.IntendedUse, registration.IntendedUse);
        Assert.Equal(outcome.Run.Calibration.Model.Threshold, registration.Threshold);
    }

    [Fact]
    public void The_summary_matches_its_published_schema_and_the_schema_is_the_generated_one()
    {
        var generated = SimulationContract.JsonSchema();
        var path = ModelContractSchemas.PathOf(SimulationContract.Schema);
        if (Environment.GetEnvironmentVariable("VIGIL_WRITE_SCHEMAS") == "1") File.WriteAllText(path, generated);
        Assert.Equal(generated, File.ReadAllText(path));

        var settings = Settings(11);
        var run = SepsisSimulator.Run(settings);
        var json = SimulationContract.Write(SimulateJob.Document(new SimulationOutcome(settings, run, SimulationMetrics.Measure(run.Encounters))));
        ModelContractSchemas.AssertValid(SimulationContract.Schema, json);
    }

    [Fact]
    public void The_cli_writes_the_same_files_as_the_job_and_refuses_to_overwrite_nothing_half_written()
    {
        using var dir = new TempDir();
        var viaJob = Path.Combine(dir.Path, "job");
        var viaCli = Path.Combine(dir.Path, "cli");
        SimulateJob.WriteFiles(Settings(5), viaJob);
        var (code, output, err) = CliRunner.Run("simulate", "sepsis", "--days", "2", "--encounters-per-day", "150", "--seed", "5",
            "--inject", "fnr-rise:group=age:65+,from-day=1,factor=2", "--out", viaCli);
        Assert.True(code == 0, err);
        Assert.Contains("simulated 2 days × 150 encounters (seed 5", output, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(viaJob))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(viaCli, Path.GetFileName(file))));

        // An invalid setting is refused before anything is written.
        var bad = Path.Combine(dir.Path, "bad");
        var (badCode, _, badErr) = CliRunner.Run("simulate", "sepsis", "--days", "0", "--out", bad);
        Assert.Equal(2, badCode);
        Assert.Contains("days", badErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bad));
    }

    [Fact]
    public void An_older_summary_gets_the_one_line_rerun_error()
    {
        var e = Assert.Throws<Vigil.Core.VigilException>(() =>
            SimulationContract.Parse("{\"schema\": \"vigil.simulation/v1\", \"scenario\": \"sepsis\"}", "simulation.json"));
        Assert.Contains("older format; re-run `vigil simulate sepsis --out DIR`", e.Message, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(SimulationContract.JsonSchema());
        Assert.Equal("vigil.simulation/v2", doc.RootElement.GetProperty("properties").GetProperty("schema").GetProperty("const").GetString());
    }
}
