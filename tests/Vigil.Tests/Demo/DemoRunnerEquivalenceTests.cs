using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Vigil.Application.Demo;
using Vigil.Cli;
using Xunit;

namespace Vigil.Tests.Demo;

/// <summary>
/// The direct runner and the CLI are one path: each demo's commands.sh lines are run through the CLI
/// (<see cref="VigilApp.Run"/>, in-process) into the same folder the direct run used (moved away first, so files that
/// name their inputs compare as they are), and every file they write must equal the direct run's byte for byte.
/// What is legitimately not reproducible is listed in <see cref="Normalised"/> with the reason and compared after
/// normalising. commands.sh and summary.md are the demo's own files: summary.md is rebuilt from the CLI's outputs and
/// must equal the direct one.
/// </summary>
[Collection(DemoRunsGroup.Name)]
public sealed partial class DemoRunnerEquivalenceTests(DemoRuns runs)
{
    /// <summary>
    /// Files whose bytes differ between two runs of the same command, and how they are compared instead:
    /// <list type="bullet">
    /// <item>model.zip: ML.NET writes each zip entry with the time it was written, so the entries' names and contents are
    /// compared, not the archive.</item>
    /// <item>The SVG charts, and report.html that embeds them: SkiaSharp's SVG canvas numbers its clip paths (cl_HEX) from a
    /// hexadecimal counter that lives as long as the process, so a second report in the same process numbers them on from the first;
    /// the ids are renumbered in order of appearance in each file. Nothing else in the files is changed.</item>
    /// </list>
    /// Every other file (JSON, CSV, Markdown, XML, model.onnx) compares as bytes.
    /// </summary>
    private static byte[] Normalised(string relative, string path) =>
        relative == "model/model.zip" ? ZipEntries(path)
        : relative.EndsWith(".svg", StringComparison.Ordinal) || relative.EndsWith(".html", StringComparison.Ordinal) ? ClipIdsInOrder(path)
        : File.ReadAllBytes(path);

    [Theory]
    [InlineData("heart-disease")]
    [InlineData("diabetes-readmission")]
    public void Every_file_the_cli_writes_is_the_direct_runs_byte_for_byte(string name)
    {
        var direct = runs.Direct(name);
        var cli = runs.Once($"cli:{name}", () => CliReplay.Run(direct));

        var own = new[] { "commands.sh", "summary.md" };
        var directFiles = Files(direct.Dir).Where(f => !own.Contains(f)).ToList();
        Assert.Equal(directFiles, Files(cli.Dir));
        Assert.Contains("report/report.html", directFiles);
        Assert.Contains("model/model.zip", directFiles);
        var different = new List<string>();
        foreach (var file in directFiles)
        {
            if (!Normalised(file, Path.Combine(direct.Dir, file)).AsSpan().SequenceEqual(Normalised(file, Path.Combine(cli.Dir, file)))) different.Add(file);
        }
        Assert.True(different.Count == 0, $"{name}: the CLI wrote different bytes in {string.Join(", ", different)}");
        Assert.Equal(File.ReadAllText(direct.File("summary.md")), cli.Summary);
    }

    /// <summary>Relative paths of every file under <paramref name="dir"/>, sorted, with '/' separators.</summary>
    private static List<string> Files(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The file with each clip-path id cl_HEX renumbered 0, 1, 2... in order of first appearance.</summary>
    private static byte[] ClipIdsInOrder(string path)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var text = ClipId().Replace(File.ReadAllText(path), m =>
        {
            if (!numbers.TryGetValue(m.Groups[1].Value, out var n)) numbers[m.Groups[1].Value] = n = numbers.Count;
            return "cl_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        return Encoding.UTF8.GetBytes(text);
    }

    [GeneratedRegex(@"\bcl_([0-9a-f]+)\b")]
    private static partial Regex ClipId();

    /// <summary>Each entry's name and content, in archive order, without the entries' timestamps.</summary>
    private static byte[] ZipEntries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var all = new MemoryStream();
        foreach (var entry in zip.Entries)
        {
            all.Write(Encoding.UTF8.GetBytes(entry.FullName + "\n"));
            using var content = entry.Open();
            content.CopyTo(all);
        }
        return all.ToArray();
    }

    /// <summary>The CLI's run of a demo's commands.sh: where its files are, and summary.md as built from them.</summary>
    private sealed record CliReplay(string Dir, string Summary)
    {
        public static CliReplay Run(DemoRun direct)
        {
            Assert.False(Directory.Exists(direct.RunDir));
            Directory.CreateDirectory(direct.RunDir);
            foreach (var line in File.ReadAllLines(direct.File("commands.sh")).Where(l => l.StartsWith("vigil ", StringComparison.Ordinal)))
            {
                using var stdout = new StringWriter();
                using var stderr = new StringWriter();
                var code = VigilApp.Run([.. ShellWords.Split(line).Skip(1)], stdout, stderr);
                Assert.True(code == 0, $"exit {code}: {line}\n{stderr}");
            }
            var summary = DemoSummary.Build(direct.Demo, direct.ExampleDir, direct.RunDir);
            var dir = Path.Combine(Path.GetDirectoryName(direct.RunDir)!, "cli");
            Directory.Move(direct.RunDir, dir);
            return new CliReplay(dir, summary);
        }
    }
}
