using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Vigil.Cli;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Cli;

/// <summary>The audit and data-audit JSON of the heart fixture, made once: the report cases need a good --audit beside the bad file.</summary>
public sealed class MalformedInputFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public MalformedInputFixture()
    {
        AuditJson = _dir.Combine("audit.json");
        DataAuditJson = _dir.Combine("data-audit.json");
        Run("audit", "--data", TestFiles.Heart, "--label", "disease", "--score", "score", "--protected", "sex", "--format", "json", "--out", AuditJson);
        Run("data-audit", "--data", TestFiles.Heart, "--label", "disease", "--protected", "sex", "--format", "json", "--out", DataAuditJson);
    }

    public string AuditJson { get; }

    public string DataAuditJson { get; }

    private static void Run(params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        if (code != 0) throw new InvalidOperationException($"fixture failed: {err}");
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// Runs every case of <see cref="MalformedInputCases"/> through the real command line (in process) and checks the
/// contract for bad input: the expected exit code (never 70, never a crash), one printable stderr line starting
/// "vigil: error: " with the expected words and no stack trace, nothing on stdout, finished within a generous
/// bound (a hang fails, it does not block the suite), the input files byte for byte unchanged, and the earlier good
/// output (a file or a folder put there before the run) left exactly as it was, with no partial or temporary file.
/// </summary>
public sealed partial class MalformedInputTests(MalformedInputFixture fixture) : IClassFixture<MalformedInputFixture>
{
    /// <summary>A bound for hangs, not a timing assertion: each case takes well under a second when it behaves.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private const string EarlierFile = "EARLIER GOOD OUTPUT\n";

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in MalformedInputCases.All()) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_ends_in_one_clean_error(string name)
    {
        var c = MalformedInputCases.All().Single(x => x.Name == name);
        using var dir = new TempDir();
        MalformedInputFiles.Write(dir.Path, TestFiles.Heart, fixture.AuditJson, fixture.DataAuditJson);
        var outputs = Directory.CreateDirectory(dir.Combine("outputs")).FullName;
        var outFile = Path.Combine(outputs, "earlier.json");
        var outDir = Path.Combine(outputs, "earlier-dir");
        File.WriteAllText(outFile, EarlierFile);
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "earlier.txt"), EarlierFile);

        var args = Args(c.Args, dir.Path, outFile, outDir);
        var inputsBefore = Snapshot(dir.Path, exclude: outputs);
        var outputsBefore = Snapshot(outputs, exclude: null);

        var run = Task.Run(() => CliRunner.Run(args));
        var first = await Task.WhenAny(run, Task.Delay(Bound));
        Assert.True(first == run, $"{name}: no answer within {Bound.TotalMinutes} minutes (a hang)");
        var (code, stdout, stderr) = await run;

        AssertOneCleanError(name, code, stderr, c.Exit, c.MustContain);
        Assert.True(stdout.Length == 0, $"{name}: wrote to stdout: {Head(stdout)}");
        Assert.Equal(inputsBefore, Snapshot(dir.Path, exclude: outputs));
        Assert.Equal(outputsBefore, Snapshot(outputs, exclude: null));
    }

    /// <summary>The corpus is as large as the README says (README.md, "Malformed input").</summary>
    [Fact]
    public void The_readme_states_the_size_of_the_corpus()
    {
        var readme = File.ReadAllText(Path.Combine(Vigil.Tests.Reporting.ReportRunner.RepoRoot(), "README.md"));
        var m = CorpusLine().Match(readme);
        Assert.True(m.Success, "README.md has no line 'malformed-input corpus of N cases'");
        Assert.Equal(MalformedInputCases.Count, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(MalformedInputCases.Count >= 150, $"the corpus shrank to {MalformedInputCases.Count} cases");
        Assert.Equal(MalformedInputCases.Count, MalformedInputCases.All().Select(c => c.Name).Distinct().Count());
    }

    /// <summary>
    /// The cases that could kill or stall the process itself (a stack overflow from deep YAML cannot be caught in
    /// process; a 64 MB line; a YAML alias bomb), run as real `vigil` processes with a bound: killed when late.
    /// </summary>
    [Theory]
    [InlineData("deep-yaml")]
    [InlineData("alias-bomb")]
    [InlineData("64mb-line")]
    public void Cases_that_could_kill_the_process_fail_cleanly_as_real_processes(string which)
    {
        using var dir = new TempDir();
        MalformedInputFiles.Write(dir.Path, TestFiles.Heart, fixture.AuditJson, fixture.DataAuditJson);
        string[] args = which switch
        {
            "deep-yaml" => ["report", "--audit", dir.Combine("audit.json"), "--card", dir.Combine("deep.yaml"), "--out", dir.Combine("report")],
            "alias-bomb" => ["report", "--audit", dir.Combine("audit.json"), "--card", dir.Combine("bomb.yaml"), "--out", dir.Combine("report")],
            _ => ["audit", "--data", Huge(dir), "--label", "a", "--score", "b", "--protected", "c", "--out", dir.Combine("a.json")],
        };
        var (code, stderr) = RunProcess(args);
        AssertOneCleanError(which, code, stderr, 3, which == "64mb-line" ? ["longer than 1 MiB"] : which == "deep-yaml" ? ["nested more than 64"] : ["aliases expanded"]);
        Assert.False(Directory.Exists(dir.Combine("report")), "a partial report was left");
        Assert.False(File.Exists(dir.Combine("a.json")), "a partial output was left");
    }

    /// <summary>A --chromium that starts and never answers: the run ends at the timeout with a clean error, no report left.</summary>
    [Fact]
    public void A_chromium_that_never_answers_times_out_cleanly()
    {
        if (OperatingSystem.IsWindows()) return; // the fake browser is a shell script
        using var dir = new TempDir();
        var fake = dir.File("fake-chromium", "#!/bin/sh\nexec sleep 600\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var (code, stderr) = RunProcess(["report", "--audit", fixture.AuditJson, "--pdf", "--chromium", fake, "--out", dir.Combine("report")],
            ("VIGIL_CHROMIUM_TIMEOUT", "5"));
        AssertOneCleanError("chromium", code, stderr, 2, ["--pdf", "did not finish within 5 s"]);
        Assert.False(Directory.Exists(dir.Combine("report")), "a partial report was left");
    }

    [Fact]
    public void An_internal_error_is_one_line_without_a_trace_unless_verbose()
    {
        Exception bug;
        try
        {
            throw new InvalidOperationException("Sequence contains no elements\u0001");
        }
        catch (InvalidOperationException e)
        {
            bug = e;
        }
        using var quiet = new StringWriter();
        Assert.Equal(70, VigilApp.InternalFailure(bug, verbose: false, quiet));
        var line = quiet.ToString().TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("vigil: internal error", line, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: Sequence contains no elements?", line, StringComparison.Ordinal);
        Assert.Contains("run with --verbose for the trace", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);

        using var verbose = new StringWriter();
        Assert.Equal(70, VigilApp.InternalFailure(bug, verbose: true, verbose));
        Assert.Contains(" at ", verbose.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(An_internal_error_is_one_line_without_a_trace_unless_verbose), verbose.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_is_a_global_option_every_command_accepts()
    {
        var (code, _, err) = CliRunner.Run("plan-study", "--verbose", "--sensitivity", "0.8", "--width", "0.05", "--prevalence", "0.1");
        Assert.True(code == 0, err);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("two\nlines\r\n", "two lines")]
    [InlineData("bell\u0007 esc\u001b[31m nul\0 bad\uFFFD", "bell? esc?[31m nul? bad?")]
    [InlineData("émoji 😀 ok", "émoji 😀 ok")]
    public void Error_text_is_one_printable_line(string raw, string expected) =>
        Assert.Equal(expected, ErrorText.Clean(raw));

    [Fact]
    public void Error_text_is_cut_with_a_count()
    {
        var cleaned = ErrorText.Clean(new string('x', ErrorText.MaxLength + 500));
        Assert.EndsWith("... (500 more characters)", cleaned, StringComparison.Ordinal);
        Assert.Equal(ErrorText.MaxLength + "... (500 more characters)".Length, cleaned.Length);
    }

    private static void AssertOneCleanError(string name, int code, string stderr, int expectedExit, string[] mustContain)
    {
        Assert.True(code != VigilApp.InternalError, $"{name}: internal error (a crash): {Head(stderr)}");
        Assert.True(code == expectedExit, $"{name}: exit {code}, expected {expectedExit}: {Head(stderr)}");
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"{name}: expected one stderr line, got {lines.Length}: {Head(stderr)}");
        var line = lines[0];
        Assert.StartsWith("vigil: error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain("INTERNAL", line, StringComparison.Ordinal);
        Assert.False(System.Text.RegularExpressions.Regex.IsMatch(line, @"\b(Vigil|System)\.[A-Z][A-Za-z]*\."), $"{name}: a .NET type name in: {line}");
        Assert.True(line.Length <= ErrorText.MaxLength + 40, $"{name}: a {line.Length}-character message");
        Assert.True(line.All(ch => ch >= ' ' && ch != '\u007f' && ch != '\uFFFD'), $"{name}: unprintable characters in: {line}");
        foreach (var word in mustContain)
            Assert.True(line.Contains(word, StringComparison.Ordinal), $"{name}: '{word}' not in: {line}");
    }

    private static string[] Args(string template, string dir, string outFile, string outDir) =>
        template.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(token => Placeholder().Replace(token, m => m.Groups[1].Value switch
            {
                "out" => outFile,
                "outdir" => outDir,
                var file => Path.Combine(dir, file),
            }))
            .ToArray();

    /// <summary>SHA-256 of every file under <paramref name="root"/> (and the folder names), sorted by path.</summary>
    private static List<string> Snapshot(string root, string? exclude)
    {
        var entries = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            if (exclude is not null && path.StartsWith(exclude, StringComparison.Ordinal)) continue;
            var rel = Path.GetRelativePath(root, path);
            entries.Add(Directory.Exists(path) ? rel + "/" : rel + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
        }
        entries.Sort(StringComparer.Ordinal);
        return entries;
    }

    private static string Huge(TempDir dir)
    {
        var path = dir.Combine("huge.csv");
        using var w = new StreamWriter(path);
        w.Write("a,b,c\n");
        var chunk = new string('x', 1 << 20);
        for (var i = 0; i < 64; i++) w.Write(chunk);
        w.Write(",1,1\n");
        return path;
    }

    private static (int Code, string Stderr) RunProcess(string[] args, params (string Name, string Value)[] environment)
    {
        var (code, _, stderr, timedOut) = ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "vigil.dll"), .. args], Bound, environment);
        if (timedOut) Assert.Fail($"vigil {string.Join(' ', args.Take(3))}: no answer within {Bound.TotalMinutes} minutes (a hang); killed");
        return (code, stderr);
    }

    private static string Head(string s) => s.Length <= 600 ? s : s[..600] + "...";

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"malformed-input corpus of (\d+) cases")]
    private static partial Regex CorpusLine();
}
