using System.Diagnostics;
using System.Text;
using Vigil.Application.Demo;
using Vigil.Cli.Output;
using Vigil.Core;

namespace Vigil.Cli.Demo;

/// <summary>
/// Runs a demo's steps in order, each through <see cref="VigilApp.Run"/>, stops at the first failure, and writes
/// commands.sh into the output folder: the same pipeline as plain `vigil` command lines a user can rerun and edit.
/// </summary>
public static class DemoRunner
{
    /// <summary>The folder holding the shipped examples: next to the vigil assembly (copied there at build and pack time).</summary>
    public static string ExamplesRoot => Path.Combine(AppContext.BaseDirectory, "examples");

    public static int Run(DemoDefinition demo, string outDir, CliIO io)
    {
        var exampleDir = Path.Combine(ExamplesRoot, demo.Name);
        if (!Directory.Exists(exampleDir))
            throw VigilException.Usage($"demo '{demo.Name}': its data folder {exampleDir} is missing; reinstall vigil or run from a full checkout");
        Directory.CreateDirectory(outDir);

        var script = new StringBuilder();
        script.Append("#!/bin/sh\n# The pipeline `vigil demo ").Append(demo.Name).Append("` ran, as plain commands.\nset -e\n");
        var total = Stopwatch.StartNew();
        for (var i = 0; i < demo.Steps.Count; i++)
        {
            var step = demo.Steps[i];
            var args = step.Resolve(exampleDir, outDir);
            script.Append("\n# ").Append(step.Title).Append('\n').Append(ShellLine(args)).Append('\n');
            io.Err.WriteLine($"[{i + 1}/{demo.Steps.Count}] {step.Title}");
            var watch = Stopwatch.StartNew();
            using var stepOut = new StringWriter();
            using var stepErr = new StringWriter();
            var code = VigilApp.Run(args, stepOut, stepErr);
            if (code != VigilApp.Ok)
            {
                io.Err.Write(stepErr.ToString());
                io.Err.WriteLine($"vigil: demo step '{step.Title}' failed (exit {code}): {ShellLine(args)}");
                return code;
            }
            io.Err.WriteLine($"      {watch.Elapsed.TotalSeconds:0.0} s");
        }
        AtomicFile.WriteAllText(Path.Combine(outDir, "commands.sh"), script.ToString());
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.md"), DemoSummary.Build(demo, exampleDir, outDir));
        io.Err.WriteLine($"vigil: demo {demo.Name} finished in {total.Elapsed.TotalSeconds:0.0} s; open {Path.Combine(outDir, demo.ReportPath)}");
        return VigilApp.Ok;
    }

    /// <summary>A POSIX shell line for the arguments, quoting only where needed.</summary>
    internal static string ShellLine(IReadOnlyList<string> args)
    {
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
