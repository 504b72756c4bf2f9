using System.CommandLine;
using Vigil.Application.Demo;
using Vigil.Cli.Demo;
using Vigil.Cli.Output;
using Vigil.Core;

namespace Vigil.Cli.Commands;

/// <summary>`vigil demo NAME`: the whole pipeline on a shipped example, ending in the governance report.</summary>
public static class DemoCommand
{
    public static Command Create(CliIO io)
    {
        var name = new Argument<string>("name") { Description = $"Which demo: {string.Join(", ", DemoCatalog.Names)}" };
        var output = new Option<string?>("--out") { Description = "Folder for every output (default: ./vigil-demo-NAME)" };
        var pdf = new Option<bool>("--pdf") { Description = "Also print the report to PDF with headless Chromium" };
        var readme = new Option<string?>("--readme") { Description = "Also write the run's summary.md into this README's generated block (the examples' READMEs are made so)" };

        var cmd = new Command("demo", "Run the whole pipeline (data audit, training, audit, validation, drift, mitigation, report) on a shipped example.");
        cmd.Arguments.Add(name);
        cmd.Options.Add(output);
        cmd.Options.Add(pdf);
        cmd.Options.Add(readme);
        cmd.SetAction(parse =>
        {
            var demoName = parse.GetValue(name)!;
            var demo = DemoCatalog.Find(demoName)
                ?? throw VigilException.Usage($"no demo named '{demoName}'; demos: {string.Join(", ", DemoCatalog.Names)}");
            var outDir = Path.GetFullPath(parse.GetValue(output) ?? $"vigil-demo-{demo.Name}");
            var readmePath = parse.GetValue(readme);
            if (readmePath is not null && !File.Exists(readmePath))
                throw VigilException.Usage($"--readme {readmePath}: no such file");
            var code = DemoRunner.Run(parse.GetValue(pdf) ? DemoCatalog.WithPdf(demo) : demo, outDir, io);
            if (code != VigilApp.Ok || readmePath is null) return code;
            var summary = File.ReadAllText(Path.Combine(outDir, "summary.md"));
            AtomicFile.WriteAllText(readmePath, ReadmeBlock.Replace(File.ReadAllText(readmePath), summary));
            io.Err.WriteLine($"vigil: wrote the generated block of {readmePath}");
            return code;
        });
        return cmd;
    }
}
