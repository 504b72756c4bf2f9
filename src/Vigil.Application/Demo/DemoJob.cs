using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vigil.Application.Output;
using Vigil.Core;

namespace Vigil.Application.Demo;

/// <summary>The options of `vigil demo`: which demo, where its outputs go, and whether the report step also prints a PDF.</summary>
public sealed record DemoOptions(string Name, string Out, bool Pdf = false);

/// <summary>The folder, the report's path in it, the text of summary.md, and the seconds each step took.</summary>
public sealed record DemoResult(string OutDir, string ReportPath, string Summary, IReadOnlyList<double> StepSeconds);

/// <summary>
/// `vigil demo NAME` as a job: runs the demo's steps in order through the application's jobs
/// (<see cref="DirectDemoStepRunner"/>), stops at the first failure (its error propagates), and writes commands.sh (the
/// same pipeline as plain `vigil` command lines) and summary.md into the output folder.
/// </summary>
public static class DemoJob
{
    /// <summary>The folder holding the shipped examples: next to the vigil assembly (copied there at build and pack time).</summary>
    public static string ExamplesRoot => Path.Combine(AppContext.BaseDirectory, "examples");

    public static DemoResult Run(DemoOptions options, IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var demo = DemoCatalog.Find(options.Name)
            ?? throw VigilException.Usage($"no demo named '{options.Name}'; demos: {string.Join(", ", DemoCatalog.Names)}");
        if (options.Pdf) demo = DemoCatalog.WithPdf(demo);
        var exampleDir = Path.Combine(ExamplesRoot, demo.Name);
        if (!Directory.Exists(exampleDir))
            throw VigilException.Usage($"demo '{demo.Name}': its data folder {exampleDir} is missing; reinstall vigil or run from a full checkout");
        var outDir = Path.GetFullPath(options.Out);
        Directory.CreateDirectory(outDir);
        var context = new DemoContext(exampleDir, outDir);

        var seconds = new List<double>(demo.Steps.Count);
        for (var i = 0; i < demo.Steps.Count; i++)
        {
            var step = demo.Steps[i];
            progress.Report($"[{i + 1}/{demo.Steps.Count}] {step.Title}", (double)i / demo.Steps.Count);
            var watch = Stopwatch.StartNew();
            DirectDemoStepRunner.Run(step.Call, context);
            seconds.Add(watch.Elapsed.TotalSeconds);
            progress.Note(string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds:0.0} s"));
        }
        var summary = DemoSummary.Build(demo, exampleDir, outDir);
        AtomicTextFile.Write(Path.Combine(outDir, "commands.sh"), Script(demo, context));
        AtomicTextFile.Write(Path.Combine(outDir, "summary.md"), summary);
        return new DemoResult(outDir, Path.Combine(outDir, demo.ReportPath), summary, seconds);
    }

    /// <summary>commands.sh: the demo's steps as plain `vigil` command lines, each under its title.</summary>
    public static string Script(DemoDefinition demo, DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(demo);
        ArgumentNullException.ThrowIfNull(context);
        var script = new StringBuilder();
        script.Append("#!/bin/sh\n# The pipeline `vigil demo ").Append(demo.Name).Append("` ran, as plain commands.\nset -e\n");
        foreach (var step in demo.Steps)
            script.Append("\n# ").Append(step.Title).Append('\n').Append(ShellLine(step.Resolve(context))).Append('\n');
        return script.ToString();
    }

    /// <summary>A POSIX shell line for the arguments, quoting only where needed.</summary>
    public static string ShellLine(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var line = new StringBuilder("vigil");
        foreach (var a in args)
        {
            line.Append(' ');
            var plain = a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:+@".Contains(c, StringComparison.Ordinal));
            line.Append(plain ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'");
        }
        return line.ToString();
    }
}
