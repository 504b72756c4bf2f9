using System.CommandLine;
using System.Globalization;
using Vigil.Application.Validation;
using Vigil.Cli.Options;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil validate`: parses the options, runs <see cref="ValidateJob"/> (internal out-of-fold versus external validation
/// per site: performance, calibration, per-group error rates; validation.json as vigil.validation/v2, validation.md,
/// predictions per site) and prints one line per site. docs/validation.md.
/// </summary>
public static class ValidateCommand
{
    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var data = new Option<string?>("--data") { Description = "One file holding every site (with --site and --train-site)" };
        var site = OptionCatalog.Site();
        var trainSite = new Option<string?>("--train-site") { Description = "The --site value to train on; every other value is validated" };
        var train = new Option<string?>("--train") { Description = "Training file (instead of --data)" };
        var validate = new Option<string[]>("--validate") { Description = "Validation file(s), repeatable or comma-separated (with --train)", AllowMultipleArgumentsPerToken = true };
        var learner = LearnerCommandOptions.Create();
        var groups = new GroupOptions();
        var bootstrap = OptionCatalog.Bootstrap();
        var output = OptionCatalog.OutDirectory();
        var cmd = new Command("validate", "Internal (out-of-fold) versus external validation on other sites or periods: performance, calibration and fairness");
        foreach (var o in new Option[] { data, site, trainSite, train, validate }.Concat(learner.All).Concat(groups.All).Concat([bootstrap, output]))
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var selection = groups.Read(parse);
            var options = new ValidateOptions(parse.GetValue(data), parse.GetValue(site), parse.GetValue(trainSite), parse.GetValue(train),
                OptionParsing.List(parse.GetValue(validate)), learner.Parse(parse), selection.Protected, selection.Bands, parse.GetValue(bootstrap),
                selection.MinCell, parse.GetValue(output)!, selection.Intersections, selection.References);
            var result = ValidateJob.Run(options, new StderrProgress(io.Err));
            foreach (var s in result.Document.Sites)
            {
                var p = s.Performance;
                var a = p.Auroc;
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Role} {s.Site}: n {p.N}, AUROC {F(a.Value)} ({F(a.Ci?[0])}-{F(a.Ci?[1])}), " +
                    $"O/E {F(p.ObservedExpected.Value)}, sensitivity {F(p.Sensitivity.Value)}"));
            }
            io.Out.WriteLine($"wrote {options.Out}");
            return VigilApp.Ok;
        });
        return cmd;
    }

    private static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("F3", CultureInfo.InvariantCulture) : "n/a";
}
