using System.Diagnostics;
using System.Text;
using Vigil.Core;

namespace Vigil.Application.Demo;

/// <summary>Runs one demo step: a `vigil` command line. Throws when the step fails (the shell decides what failure means to its user).</summary>
public interface IDemoStepRunner
{
    void Run(IReadOnlyList<string> arguments);
}

/// <summary>The options of `vigil demo`: which demo, where its outputs go, and whether the report step also prints a PDF.</summary>
public sealed record DemoOptions(string Name, string Out, bool Pdf = false);

/// <summary>The folder, the report's path in it, the text of summary.md, and the seconds each step took.</summary>
public sealed record DemoResult(string OutDir, string ReportPath, string Summary, IReadOnlyList<double> StepSeconds);

/// <summary>
/// `vigil demo NAME` as a job: runs the demo's steps in order through <see cref="IDemoStepRunner"/> (the CLI runs them
/// in-process as the command lines a user would type), stops at the first failure, and writes commands.sh (the same
/// pipeline as plain `vigil` command lines) and summary.md into the output folder.
/// </summary>
public static class DemoJob
{
    /// <summary>The folder holding the shipped examples: next to the vigil assembly (copied there at build and pack time).</summary>
    public static string ExamplesRoot => Path.Combine(AppContext.BaseDirectory, "examples");

    public static DemoResult Run(DemoOptions options, IDemoStepRunner runner, IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(progress);
        var demo = DemoCatalog.Find(options.Name)
            ?? throw VigilException.Usage($"no demo named '{options.Name}'; demos: {string.Join(", ", DemoCatalog.Names)}");
        if (options.Pdf) demo = DemoCatalog.WithPdf(demo);
        var exampleDir = Path.Combine(ExamplesRoot, demo.Name);
        if (!Directory.Exists(exampleDir))
            throw VigilException.Usage($"demo '{demo.Name}': its data folder {exampleDir} is missing; reinstall vigil or run from a full checkout");
        var outDir = Path.GetFullPath(options.Out);
        Directory.CreateDirectory(outDir);

        var script = new StringBuilder();
        script.Append("#!/bin/sh\n# The pipeline `vigil demo ").Append(demo.Name).Append("` ran, as plain commands.\nset -e\n");
        var seconds = new List<double>(demo.Steps.Count);
        for (var i = 0; i < demo.Steps.Count; i++)
        {
            var step = demo.Steps[i];
            var args = step.Resolve(exampleDir, outDir);
            script.Append("\n# ").Append(step.Title).Append('\n').Append(ShellLine(args)).Append('\n');
            progress.Report($"[{i + 1}/{demo.Steps.Count}] {step.Title}", (double)i / demo.Steps.Count);
            var watch = Stopwatch.StartNew();
            runner.Run(args);
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        var summary = DemoSummary.Build(demo, exampleDir, outDir);
        WriteAtomically(Path.Combine(outDir, "commands.sh"), script.ToString());
        WriteAtomically(Path.Combine(outDir, "summary.md"), summary);
        return new DemoResult(outDir, Path.Combine(outDir, demo.ReportPath), summary, seconds);
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

    private static void WriteAtomically(string path, string content)
    {
        var tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(tmp, content, new UTF8Encoding(false));
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
