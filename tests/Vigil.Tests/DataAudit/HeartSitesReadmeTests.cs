using Vigil.Cli;
using Vigil.Contracts.Datasheet;
using Xunit;

namespace Vigil.Tests.DataAudit;

/// <summary>examples/heart-disease/sites/README.md (and datasheet.md/.json) are the output of `vigil data-audit` with data-audit.args: it cannot drift.</summary>
public sealed class HeartSitesReadmeTests : IDisposable
{
    private static readonly string Sites = Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites");
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-heart-sites-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Readme_is_what_the_command_generates()
    {
        var args = File.ReadAllLines(Path.Combine(Sites, "data-audit.args")).Where(a => a.Length > 0).ToArray();
        var output = Path.Combine(_dir, "README.md");
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i - 1] is "--data" or "--reference-population")
                args[i] = string.Join(",", args[i].Split(',').Select(f => Path.Combine(Sites, f)));
            if (args[i - 1] == "--out") args[i] = output;
            if (args[i - 1] == "--datasheet") args[i] = Path.Combine(Sites, args[i]);
            if (args[i - 1] == "--datasheet-out") args[i] = _dir;
        }
        var stderr = new StringWriter();
        Assert.True(VigilApp.Run(args, TextWriter.Null, stderr) == 0, stderr.ToString());
        var expected = File.ReadAllText(Path.Combine(Sites, "README.md"));
        var actual = File.ReadAllText(output);
        Assert.True(expected == actual, "examples/heart-disease/sites/README.md is stale: run examples/heart-disease/sites/regenerate.sh");
        Assert.Contains("| female | 194 |", actual, StringComparison.Ordinal);
        Assert.True(File.ReadAllText(Path.Combine(Sites, "datasheet.md")) == File.ReadAllText(Path.Combine(_dir, "datasheet.md")),
            "examples/heart-disease/sites/datasheet.md is stale: run examples/heart-disease/sites/regenerate.sh");
        // datasheet.json names its inputs as given (relative in regenerate.sh, absolute here): compare them by file name.
        Assert.True(ByFileName(Path.Combine(Sites, "datasheet.json")) == ByFileName(Path.Combine(_dir, "datasheet.json")),
            "examples/heart-disease/sites/datasheet.json is stale: run examples/heart-disease/sites/regenerate.sh");
    }

    private static string ByFileName(string path)
    {
        var doc = DatasheetContract.Read(path);
        return DatasheetContract.Write(doc with { Inputs = doc.Inputs.Select(i => i with { Path = Path.GetFileName(i.Path) }).ToList() });
    }
}
