using Xunit;
using Vigil.Tests.TestSupport;

namespace Vigil.Tests.Reporting;

/// <summary>The heart example audited once and reported once (with the shipped card.yaml and a volume), shared by tests.</summary>
public sealed class HeartReportFixture : IDisposable
{
    private readonly TempDir _tmp = new();

    public HeartReportFixture()
    {
        AuditJson = _tmp.Combine("heart-audit.json");
        ReportRunner.HeartAudit(AuditJson);
        OutDir = _tmp.Combine("report");
        var (code, err) = ReportRunner.Report("--audit", AuditJson, "--card", CardPath, "--volume", "10000", "--prevalence", "0.1", "--out", OutDir);
        Assert.True(code == 0, $"report exit {code}: {err}");
        Files = ReportRunner.Files(OutDir);
    }

    public static string CardPath => Path.Combine(ReportRunner.RepoRoot(), "examples", "heart-disease", "card.yaml");

    public string AuditJson { get; }

    public string OutDir { get; }

    public IReadOnlyDictionary<string, string> Files { get; }

    public string Scratch(string name) => _tmp.Combine(name);

    public void Dispose() => _tmp.Dispose();
}
