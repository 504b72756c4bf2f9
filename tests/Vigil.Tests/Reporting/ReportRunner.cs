using Xunit;
using System.Text.RegularExpressions;
using Vigil.Tests.TestSupport;

namespace Vigil.Tests.Reporting;

/// <summary>Runs vigil audit and vigil report in-process and reads what they wrote.</summary>
internal static class ReportRunner
{
    /// <summary>Runs the audit on <paramref name="csv"/> and writes its JSON to <paramref name="jsonPath"/>.</summary>
    public static void Audit(string csv, string jsonPath, params string[] extra)
    {
        var (code, _, err) = CliRunner.Run(["audit", "--data", csv, "--label", "disease", "--score", "score", .. extra, "--format", "json", "--out", jsonPath]);
        Assert.True(code == 0, $"audit exit {code}: {err}");
    }

    /// <summary>The heart example's audit, as the README runs it (a small bootstrap, so AUROC and ECE have intervals).</summary>
    public static void HeartAudit(string jsonPath) =>
        Audit(TestFiles.Heart, jsonPath, "--protected", "sex,age", "--bands", "age=45,65", "--intersections", "sex*age", "--bootstrap", "200");

    /// <summary>Runs vigil report; returns the exit code and standard error.</summary>
    public static (int Code, string Err) Report(params string[] args)
    {
        var (code, _, err) = CliRunner.Run(["report", .. args]);
        return (code, err);
    }

    /// <summary>Every file under <paramref name="dir"/>, by relative path with '/' separators.</summary>
    public static Dictionary<string, string> Files(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText);

    /// <summary>The repository root (the directory holding Vigil.slnx), found upwards from the test assembly.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Vigil.slnx not found above the test assembly");
    }

    /// <summary>A small CSV: label, score, and the given protected columns (name → value per row).</summary>
    public static string Csv(TempDir tmp, string name, int[] labels, double[] scores, params (string Column, string[] Values)[] columns)
    {
        var lines = new List<string> { "disease,score" + string.Concat(columns.Select(c => "," + c.Column)) };
        for (var i = 0; i < labels.Length; i++)
            lines.Add(FormattableString.Invariant($"{labels[i]},{scores[i]}") + string.Concat(columns.Select(c => "," + c.Values[i])));
        return tmp.File(name, string.Join("\n", lines) + "\n");
    }

    /// <summary>True when a staging directory of a report was left in <paramref name="parent"/>.</summary>
    public static bool StagingLeft(string parent) =>
        Directory.EnumerateDirectories(parent).Any(d => Regex.IsMatch(Path.GetFileName(d), @"^\..*\.tmp$"));
}
