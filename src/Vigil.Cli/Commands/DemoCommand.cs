using System.CommandLine;
using Vigil.Application;
using Vigil.Application.Demo;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Core;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil demo [NAME]`: parses the options, runs <see cref="DemoJob"/> (each step through the application's jobs) and,
/// with --readme, updates the README's generated block; `sepsis-monitoring` runs the monitoring service demo
/// (<see cref="SepsisDemo"/>); without a name every demo runs in turn, the sepsis one last (it keeps serving).
/// </summary>
public static class DemoCommand
{
    public static Command Create(CliIO io)
    {
        var name = new Argument<string?>("name") { Description = $"Which demo: {string.Join(", ", DemoCatalog.Names)} or {SepsisDemo.Name} (none: all in turn)", Arity = ArgumentArity.ZeroOrOne };
        var output = OptionCatalog.OutDirectory(required: false);
        var pdf = OptionCatalog.Pdf();
        var readme = new Option<string?>("--readme") { Description = "Also write the run's summary.md into this README's generated block (the examples' READMEs are made so)" };
        var noWait = new Option<bool>("--no-wait") { Description = $"{SepsisDemo.Name}: stop the service once the simulation is done instead of serving until Ctrl+C" };
        var urls = OptionCatalog.Urls();

        var cmd = new Command("demo", "Run the whole pipeline (data audit, training, audit, validation, drift, mitigation, report) on a shipped example. " +
            "--out defaults to ./vigil-demo-NAME and holds one folder per step; sepsis-monitoring also writes the service's log there as it runs.");
        cmd.Arguments.Add(name);
        cmd.Options.Add(output);
        cmd.Options.Add(pdf);
        cmd.Options.Add(readme);
        cmd.Options.Add(noWait);
        cmd.Options.Add(urls);
        cmd.SetAction(parse =>
        {
            var listen = OptionParsing.List(parse.GetValue(urls));
            int Sepsis(string dir) => SepsisDemo.Run(io, dir, listen.Count > 0 ? listen : [OptionCatalog.DefaultUrl], SepsisExample.DefaultSeed, !parse.GetValue(noWait));
            if (parse.GetValue(name) is not { } demoName)
            {
                // Every demo in turn: before deployment (heart disease, readmission), then monitoring in production.
                foreach (var each in DemoCatalog.Names)
                {
                    io.Err.WriteLine($"vigil: demo {each}");
                    var code = RunBatch(io, each, parse.GetValue(output) is { } o ? Path.Combine(o, each) : $"vigil-demo-{each}", parse.GetValue(pdf), null);
                    if (code != VigilApp.Ok) return code;
                }
                io.Err.WriteLine($"vigil: demo {SepsisDemo.Name}");
                return Sepsis(parse.GetValue(output) is { } so ? Path.Combine(so, SepsisDemo.Name) : $"vigil-demo-{SepsisDemo.Name}");
            }
            if (demoName == SepsisDemo.Name) return Sepsis(parse.GetValue(output) ?? $"vigil-demo-{demoName}");
            return RunBatch(io, demoName, parse.GetValue(output) ?? $"vigil-demo-{demoName}", parse.GetValue(pdf), parse.GetValue(readme));
        });
        return cmd;
    }

    private static int RunBatch(CliIO io, string demoName, string outDir, bool pdf, string? readmePath)
    {
        if (readmePath is not null && !File.Exists(readmePath))
            throw VigilException.Usage($"--readme {readmePath}: no such file");
        var result = DemoJob.Run(new DemoOptions(demoName, outDir, pdf), new DemoProgress(io.Err));
        io.Err.WriteLine($"vigil: demo {demoName} finished in {result.StepSeconds.Sum():0.0} s; open {result.ReportPath}");
        if (readmePath is null) return VigilApp.Ok;
        AtomicFile.WriteAllText(readmePath, ReadmeBlock.Replace(File.ReadAllText(readmePath), result.Summary));
        io.Err.WriteLine($"vigil: wrote the generated block of {readmePath}");
        return VigilApp.Ok;
    }

    /// <summary>"[i/n] step" lines and each step's time on standard error.</summary>
    private sealed class DemoProgress(TextWriter err) : IJobProgress
    {
        public void Report(string stage, double? fraction = null) => err.WriteLine(stage);

        public void Note(string message) => err.WriteLine($"vigil: note: {message}");
    }
}
