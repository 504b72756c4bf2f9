using Vigil.Application.Simulation;
using Vigil.Core;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Simulation;

/// <summary>The sepsis simulator: determinism, the presets' documented targets, the injections and the feedback loop.</summary>
public sealed class SimulatorTests(ITestOutputHelper output)
{
    private static SimulationSettings Settings(int days, int perDay, long seed, SepsisPreset? preset = null, params string[] inject) =>
        new(days, perDay, seed, preset ?? SepsisPreset.Default, InjectionParser.ParseAll(inject, days), SimulationSettings.DefaultStart);

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        var a = SepsisSimulator.Run(Settings(3, 200, 42, null, "fnr-rise:group=age:65+,from-day=1,factor=2"));
        var b = SepsisSimulator.Run(Settings(3, 200, 42, null, "fnr-rise:group=age:65+,from-day=1,factor=2"));
        var c = SepsisSimulator.Run(Settings(3, 200, 43, null, "fnr-rise:group=age:65+,from-day=1,factor=2"));
        Assert.Equal(600, a.Encounters.Count);
        Assert.Equal(SimulationFiles.Ndjson(a.Predictions), SimulationFiles.Ndjson(b.Predictions));
        Assert.NotEqual(SimulationFiles.Ndjson(a.Predictions), SimulationFiles.Ndjson(c.Predictions));

        var dirA = Directory.CreateTempSubdirectory("vigil-sim-a").FullName;
        var dirB = Directory.CreateTempSubdirectory("vigil-sim-b").FullName;
        try
        {
            SimulationFiles.WriteStream(a, dirA);
            SimulationFiles.WriteStream(b, dirB);
            foreach (var name in new[] { SimulationFiles.Predictions, SimulationFiles.Actions, SimulationFiles.Outcomes, SimulationFiles.Truth })
                Assert.Equal(File.ReadAllBytes(Path.Combine(dirA, name)), File.ReadAllBytes(Path.Combine(dirB, name)));
            Assert.True(new FileInfo(Path.Combine(dirA, SimulationFiles.Outcomes)).Length > 0);
        }
        finally
        {
            Directory.Delete(dirA, true);
            Directory.Delete(dirB, true);
        }
    }

    [Fact]
    public void The_default_preset_meets_its_documented_targets()
    {
        var cal = SepsisCalibration.For(SepsisPreset.Default);
        output.WriteLine($"default: theta0={cal.WorldIntercept:F3} sigma_u={cal.UnobservedSd:F3} a={cal.Model.Intercept:F3} b={cal.Model.Slope:F3} threshold={cal.Model.Threshold:F4}");
        output.WriteLine($"pilot: prevalence={cal.PilotPrevalence:F4} auroc={cal.PilotAuroc:F3} alert={cal.PilotAlertRate:F3} sensitivity={cal.PilotSensitivity:F3}");
        var run = SepsisSimulator.Run(Settings(20, 1000, 7));
        var m = SimulationMetrics.Measure(run.Encounters);
        Report("default run", m);
        Assert.InRange(m.Prevalence, 0.055, 0.065);
        Assert.InRange(m.Auroc, 0.78, 0.82);
        Assert.InRange(m.AlertRate, 0.17, 0.19);
        Assert.InRange(m.OverrideRate, 0.2, 0.45);
        Assert.True(m.OverrideRateByAgeBand[2] > m.OverrideRateByAgeBand[0], "65+ alerts are overridden more often than under-45 ones (documented)");
    }

    [Fact]
    public void The_poor_model_preset_is_calibrated_to_the_external_validation()
    {
        var cal = SepsisCalibration.For(SepsisPreset.PoorModel);
        output.WriteLine($"poor: noise={cal.Model.NoiseSd:F3} a={cal.Model.Intercept:F3} b={cal.Model.Slope:F3} threshold={cal.Model.Threshold:F4}");
        var run = SepsisSimulator.Run(Settings(20, 1000, 7, SepsisPreset.PoorModel));
        var m = SimulationMetrics.Measure(run.Encounters);
        Report("poor-model run", m);
        Assert.InRange(m.Prevalence, 0.055, 0.065);
        Assert.InRange(m.Auroc, 0.60, 0.66);
        Assert.InRange(m.AlertRate, 0.17, 0.19);
        Assert.InRange(m.TrueSensitivity, 0.28, 0.38); // Wong et al.: 33%
    }

    [Fact]
    public void Treatment_on_accepted_alerts_makes_naive_sensitivity_lower_than_true()
    {
        var m = SimulationMetrics.Measure(SepsisSimulator.Run(Settings(10, 1000, 11)).Encounters);
        Report("feedback", m);
        Assert.True(m.Averted > 0);
        Assert.True(m.NaiveSensitivity < m.TrueSensitivity - 0.03, $"naive {m.NaiveSensitivity:F3} vs true {m.TrueSensitivity:F3}");
        Assert.True(m.RecordedPrevalence < m.Prevalence);
    }

    [Fact]
    public void An_fnr_rise_multiplies_the_groups_true_fnr_from_its_day_only()
    {
        var run = SepsisSimulator.Run(Settings(20, 1000, 5, null, "fnr-rise:group=age_band:65+,from-day=10,factor=1.5"));
        bool Older(SimulatedEncounter e) => e.AgeBand == 2;
        var before = SimulationMetrics.Measure(run.Encounters, e => Older(e) && e.Day < 10);
        var after = SimulationMetrics.Measure(run.Encounters, e => Older(e) && e.Day >= 10);
        var youngerAfter = SimulationMetrics.Measure(run.Encounters, e => !Older(e) && e.Day >= 10);
        var youngerBefore = SimulationMetrics.Measure(run.Encounters, e => !Older(e) && e.Day < 10);
        double fnrBefore = 1 - before.TrueSensitivity, fnrAfter = 1 - after.TrueSensitivity;
        output.WriteLine($"65+ true FNR before {fnrBefore:F3} after {fnrAfter:F3} (ratio {fnrAfter / fnrBefore:F2}); others {1 - youngerBefore.TrueSensitivity:F3} -> {1 - youngerAfter.TrueSensitivity:F3}");
        Assert.InRange(fnrAfter / fnrBefore, 1.3, 1.7);
        Assert.InRange(Math.Abs(youngerAfter.TrueSensitivity - youngerBefore.TrueSensitivity), 0, 0.05);
        // The same encounters as a run without the injection, apart from the lost alerts.
        var plain = SepsisSimulator.Run(Settings(20, 1000, 5));
        var changed = 0;
        for (var i = 0; i < run.Encounters.Count; i++)
        {
            var (x, y) = (run.Encounters[i], plain.Encounters[i]);
            Assert.Equal(y.SepsisUntreated, x.SepsisUntreated);
            if (x.Alert != y.Alert)
            {
                changed++;
                Assert.True(x.Day >= 10 && Older(x) && x.SepsisUntreated && !x.Alert && x.Injected == "fnr-rise");
            }
        }
        Assert.True(changed > 0);
    }

    [Fact]
    public void A_feature_shift_an_outage_and_a_label_change_act_from_their_day()
    {
        var run = SepsisSimulator.Run(Settings(4, 500, 9, null,
            "feature-shift:lactate,from-day=2,scale=1.5", "outage:from-day=1,hours=6,start-hour=3", "label-change:from-day=3,extra=0.05"));
        var plain = SepsisSimulator.Run(Settings(4, 500, 9));
        for (var i = 0; i < run.Encounters.Count; i++)
        {
            var (x, y) = (run.Encounters[i], plain.Encounters[i]);
            var lactate = x.Features[SepsisModel.Lactate];
            if (x.Day >= 2 && !double.IsNaN(lactate)) Assert.Equal(Math.Round(y.Features[SepsisModel.Lactate] * 1.5, 2), lactate);
            else Assert.Equal(y.Features[SepsisModel.Lactate], lactate);
            var inOutage = x.PredictionHours >= 27 && x.PredictionHours < 33;
            Assert.Equal(!inOutage, x.Emitted);
            if (!x.Emitted) Assert.Equal(ActionKind.None, x.Action);
        }
        var extra = run.Encounters.Count(e => e.Day >= 3 && e.OnsetRecorded && !e.SepsisUntreated);
        var extraBefore = run.Encounters.Count(e => e.Day < 3 && e.OnsetRecorded && !e.SepsisUntreated);
        Assert.Equal(0, extraBefore);
        Assert.InRange(extra, 10, 45); // about 5% of ~470 non-septic encounters of day 3
        Assert.DoesNotContain(run.Predictions, p => p.ArrivalHours >= 27 && p.ArrivalHours < 33);
    }

    [Theory]
    [InlineData("fnr-rise:group=age:65+,from-day=10,fator=2", "unknown key 'fator'")]
    [InlineData("fnr-rise:group=age:70+,from-day=10", "age level '70+'")]
    [InlineData("fnr-rise:group=height:tall,from-day=10", "unknown attribute 'height'")]
    [InlineData("fnr-rise:group=age:65+,from-day=40", "from-day=40")]
    [InlineData("fnr-rise:group=age:65+,from-day=3,factor=0.5", "factor=0.5")]
    [InlineData("fnr-rise:from-day=3", "missing group=")]
    [InlineData("feature-shift:lactose,from-day=3,scale=2", "unknown feature 'lactose'")]
    [InlineData("feature-shift:lactate,from-day=3", "give scale=S or offset=O")]
    [InlineData("outage:from-day=3", "missing hours=")]
    [InlineData("outage:from-day=3,hours=x", "hours=x: expected a number")]
    [InlineData("drift:from-day=3", "unknown kind 'drift'")]
    [InlineData("fnr-rise", "no ':' after the kind")]
    [InlineData("label-change:from-day=3,extra=2", "extra=2")]
    public void Bad_specs_are_refused_naming_the_part(string spec, string expected)
    {
        var e = Assert.Throws<VigilException>(() => InjectionParser.Parse(spec, 30));
        Assert.Equal("inject", e.Parameter);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(spec, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_settings_name_their_option()
    {
        Assert.Equal("days", Assert.Throws<VigilException>(() => SepsisSimulator.Run(Settings(0, 10, 1))).Parameter);
        Assert.Equal("encounters_per_day", Assert.Throws<VigilException>(() => SepsisSimulator.Run(Settings(1, 0, 1))).Parameter);
        Assert.Equal("preset", Assert.Throws<VigilException>(() => SepsisPreset.Parse("great")).Parameter);
    }

    private void Report(string what, SimulationMetrics m) =>
        output.WriteLine($"{what}: n={m.Encounters} prevalence={m.Prevalence:F4} recorded={m.RecordedPrevalence:F4} alert={m.AlertRate:F3} auroc={m.Auroc:F3} "
            + $"sens={m.TrueSensitivity:F3} naive={m.NaiveSensitivity:F3} spec={m.Specificity:F3} ppv={m.Ppv:F3} averted={m.Averted} "
            + $"override={m.OverrideRate:F3} by band={string.Join('/', m.OverrideRateByAgeBand.Select(x => x.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
}
