using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Reporting;

/// <summary>The render and interval-rule tests share one run of each demo.</summary>
[CollectionDefinition(Name)]
public sealed class DemoReportsGroup : ICollectionFixture<DemoReportsFixture>
{
    /// <summary>The collection of the tests that share the demo runs.</summary>
    public const string Name = "demo reports";
}

/// <summary>
/// Both shipped demos (heart-disease, diabetes-readmission) run once through `vigil demo NAME --out DIR`, shared by the
/// render tests; each demo's report.html is the page a committee opens.
/// </summary>
public sealed class DemoReportsFixture : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly Dictionary<string, Lazy<string>> _runs = [];

    public DemoReportsFixture()
    {
        foreach (var name in Names)
            _runs[name] = new Lazy<string>(() => Run(name), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The demos.</summary>
    public static readonly string[] Names = ["heart-disease", "diabetes-readmission"];

    /// <summary>The output folder of <paramref name="demo"/>, running it on first use.</summary>
    public string OutDir(string demo) => _runs[demo].Value;

    /// <summary>The demo's report.html.</summary>
    public string ReportHtml(string demo) => Path.Combine(OutDir(demo), "report", "report.html");

    private string Run(string demo)
    {
        var dir = _tmp.Combine(demo);
        var (code, _, err) = CliRunner.Run("demo", demo, "--out", dir);
        Assert.True(code == 0, $"vigil demo {demo}: exit {code}: {err}");
        return dir;
    }

    public void Dispose() => _tmp.Dispose();
}
