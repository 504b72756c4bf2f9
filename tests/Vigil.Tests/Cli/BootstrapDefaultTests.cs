using System.Text.Json;
using Vigil.Cli;
using Vigil.Cli.Options;
using Vigil.Core;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Cli;

/// <summary>
/// One bootstrap default (#11): every command with --bootstrap takes the catalogue's one default, and --bootstrap 0 means
/// no bootstrap interval anywhere in the output (group metrics, curves' calibration, a validation's calibration).
/// </summary>
public sealed class BootstrapDefaultTests
{
    [Fact]
    public void Every_bootstrap_option_defaults_to_the_one_default()
    {
        var root = VigilApp.BuildRoot(new CliIO(TextWriter.Null, TextWriter.Null), out _);
        var commands = new List<string>();
        foreach (var (command, option) in Options(root, "").Where(x => x.Option.Name == "--bootstrap"))
        {
            commands.Add(command);
            Assert.True(option.HasDefaultValue, $"{command} --bootstrap has no default");
            Assert.Equal(StatisticalDefaults.Bootstrap, Convert.ToInt32(option.GetDefaultValue(), System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal(StatisticalDefaults.Bootstrap, OptionCatalog.DefaultBootstrap);
        Assert.Superset(new HashSet<string>(["audit", "validate", "estimate", "mitigate"]), commands.ToHashSet());
    }

    [Fact]
    public void Bootstrap_zero_gives_no_bootstrap_interval_in_an_audit_with_curves()
    {
        var args = new[] { "audit", "--data", TestFiles.Heart, "--label", "disease", "--score", "score", "--protected", "sex,age", "--bands", "age=45,65", "--curves" };
        using var noneDocument = CliRunner.Json([.. args, "--bootstrap", "0"]);
        var none = noneDocument.RootElement;
        Assert.Equal(0, BootstrapIntervals(none));
        Assert.All(CalibrationMetrics(none), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("ci").ValueKind));

        // Without the flag: the one default, with intervals on the curves' calibration too.
        using var defaultDocument = CliRunner.Json(args);
        var byDefault = defaultDocument.RootElement;
        Assert.Equal(StatisticalDefaults.Bootstrap, byDefault.GetProperty("settings").GetProperty("bootstrap").GetInt32());
        Assert.Equal(StatisticalDefaults.Bootstrap, byDefault.GetProperty("curves").GetProperty("settings").GetProperty("bootstrap").GetInt32());
        Assert.Equal(JsonValueKind.Array, byDefault.GetProperty("curves").GetProperty("overall").GetProperty("calibration").GetProperty("slope").GetProperty("ci").ValueKind);
        Assert.True(BootstrapIntervals(byDefault) > 0);
    }

    [Fact]
    public void Bootstrap_zero_gives_no_calibration_interval_in_a_validation()
    {
        using var dir = new TempDir();
        var sites = Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites", "heart-4sites.csv");
        var r = CliRunner.Run(["validate", "--data", sites, "--site", "site", "--train-site", "cleveland", "--label", "disease",
            "--features", Vigil.Tests.Models.TrainedHeartFixture.Features, "--categorical", Vigil.Tests.Models.TrainedHeartFixture.Categorical, "--protected", "sex",
            "--bootstrap", "0", "--out", dir.Path]);
        Assert.True(r.Code == 0, r.Err);
        using var document = JsonDocument.Parse(File.ReadAllText(dir.Combine("validation.json")));
        var root = document.RootElement;
        Assert.Equal(0, BootstrapIntervals(root));
        foreach (var site in root.GetProperty("sites").EnumerateArray())
        {
            var calibration = site.GetProperty("calibration");
            Assert.Equal(JsonValueKind.Number, calibration.GetProperty("slope").GetProperty("value").ValueKind);
            foreach (var name in Vigil.Core.Calibration.CalibrationMetrics.Names)
                Assert.Equal(JsonValueKind.Null, calibration.GetProperty(name).GetProperty("ci").ValueKind);
        }
    }

    /// <summary>Bootstrap intervals anywhere in the document: a non-null "bootstrap_ci", or a "ci_method" of the bootstrap.</summary>
    private static int BootstrapIntervals(JsonElement e)
    {
        var count = 0;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "bootstrap_ci" && p.Value.ValueKind != JsonValueKind.Null) count++;
                    if (p.Name == "ci_method" && p.Value.GetString()!.StartsWith("bootstrap", StringComparison.Ordinal)) count++;
                    count += BootstrapIntervals(p.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) count += BootstrapIntervals(item);
                break;
        }
        return count;
    }

    private static IEnumerable<JsonElement> CalibrationMetrics(JsonElement audit)
    {
        var calibration = audit.GetProperty("curves").GetProperty("overall").GetProperty("calibration");
        return Vigil.Core.Calibration.CalibrationMetrics.Names.Select(calibration.GetProperty);
    }

    private static IEnumerable<(string Command, System.CommandLine.Option Option)> Options(System.CommandLine.Command parent, string prefix)
    {
        foreach (var command in parent.Subcommands)
        {
            var name = prefix + command.Name;
            foreach (var o in command.Options) yield return (name, o);
            foreach (var nested in Options(command, name + " ")) yield return nested;
        }
    }
}
