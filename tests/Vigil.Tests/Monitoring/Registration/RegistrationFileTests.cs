using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.Registration;
using Vigil.Tests.Monitoring.Monitors;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Monitoring.Registrations;

/// <summary>vigil.model-registration/v1 round trip, defaults, and validation errors that name the field.</summary>
public sealed class RegistrationFileTests
{
    private static ModelRegistration Valid() => MonitoringStream.Registration(MonitoringStream.BuildReference(2000, 5));

    [Fact]
    public void Registration_round_trips_through_its_file()
    {
        var registration = Valid();
        using var dir = new TempDir();
        var json = RegistrationFile.Write(registration);
        Assert.Contains("\"schema\": \"vigil.model-registration/v1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"in_control_run_length\": 10000", json, StringComparison.Ordinal);
        var path = dir.File("model.json", json);
        var read = RegistrationFile.Read(path);
        Assert.Equal(json, RegistrationFile.Write(read));
        Assert.Equal(registration.Id, read.Id);
        Assert.Equal(registration.Reference!.Features[0].Edges, read.Reference!.Features[0].Edges);
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var reference = MonitoringStream.BuildReference(2000, 5);
        var m = RegistrationDefaults.Settings(reference);
        var fnr = RegistrationDefaults.ReferenceFnr(reference)!.Value;
        Assert.Equal(new RateBound(MonitoredRate.Fnr, RateBoundKind.Gap, 0.10), m.Bounds[0]);
        Assert.Equal(Math.Round(fnr + 0.15, 2), m.Bounds[1].Bound);
        // doubled odds of a miss (Steiner et al. 2000), ARL₀ 10,000 matured positives per model
        var odds = 2 * fnr / (1 - fnr);
        Assert.Equal(new SequentialMonitor(SequentialDetector.Cusum, MonitoredRate.Fnr, Math.Round(odds / (1 + odds), 3), 10_000), m.Sequential[0]);
        Assert.Equal(new DriftMonitor(0.2, 0.05, 500), m.Drift);
        Assert.Equal(new CalibrationMonitor(0.8, 1.25), m.Calibration);
        Assert.Equal(new VolumeMonitor(2, 0.3, 0.10), m.Volume);
        Assert.Equal((0.5, 0.95, 30, 720.0), (m.OverrideRateMax!.Value, m.Confidence, m.MinRows, m.LookbackHours));
        Assert.Equal(0.5, RegistrationDefaults.Settings(null).Bounds[1].Bound);
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "window_hours", "outcome.window_hours" },
        { "min_cell", "min_cell" },
        { "bands", "protected[0].bands" },
        { "bound", "monitors.bounds[0].bound" },
        { "features", "reference.features" },
        { "threshold", "threshold" },
        { "in_control_run_length", "monitors.sequential[0].in_control_run_length" },
        { "webhooks", "monitors.webhooks[0]" },
        { "name", "protected[1].name" },
        { "reference_group", "protected[0].reference_group" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validation_errors_name_the_field(string parameter, string path)
    {
        var r = Valid();
        var m = r.Monitors;
        var broken = parameter switch
        {
            "window_hours" => r with { Outcome = r.Outcome with { WindowHours = -1 } },
            "min_cell" => r with { MinCell = 200 },
            "bands" => r with { Protected = [new ProtectedSpec("race", [65, 45], null)] },
            "bound" => r with { Monitors = m with { Bounds = [new RateBound(MonitoredRate.Fnr, RateBoundKind.Absolute, 1.5)] } },
            "features" => r with { WatchedFeatures = ["lactate"] },
            "threshold" => r with { Threshold = 2 },
            "in_control_run_length" => r with { Monitors = m with { Sequential = [m.Sequential[0] with { InControlRunLength = 1 }] } },
            "webhooks" => r with { Monitors = m with { Webhooks = ["ftp://x"] } },
            "name" => r with { Protected = [r.Protected[0], r.Protected[0]] },
            "reference_group" => r with { Protected = [new ProtectedSpec("race", [45, 65], "45-65")] },
            _ => throw new ArgumentException(parameter),
        };
        var e = Assert.Throws<VigilException>(() => RegistrationValidator.Validate(broken));
        Assert.Equal(parameter, e.Parameter);
        Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
        Assert.Throws<VigilException>(() => RegistrationFile.Write(broken));
    }

    [Fact]
    public void A_file_of_another_schema_is_refused_with_one_line()
    {
        var e = Assert.Throws<VigilException>(() => RegistrationFile.Parse("{\"schema\": \"vigil.audit/v2\"}", "body"));
        Assert.Equal("body: expected a vigil.model-registration/v1 document, found schema vigil.audit/v2", e.Message);
    }
}
