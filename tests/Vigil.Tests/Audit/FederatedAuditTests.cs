using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Tests.TestSupport;
using Xunit;
using static Vigil.Tests.Audit.AuditJsonComparison;

namespace Vigil.Tests.Audit;

/// <summary>
/// Federated audits through the real command line: three sites write their summaries (--summary-out), and the
/// audit of the pooled summaries (--summaries) equals the audit of the pooled rows — counts exactly, score metrics
/// within 1e-4 — with every site reported as a group of the 'site' attribute.
/// </summary>
public sealed class FederatedAuditTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-federated-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Three_sites_summaries_pooled_equal_the_audit_of_the_pooled_rows()
    {
        var rows = new List<string>[3];
        var rng = new Random(13);
        for (var s = 0; s < 3; s++)
        {
            rows[s] = [];
            var n = 2000 + 700 * s;
            for (var i = 0; i < n; i++)
            {
                var sex = rng.NextDouble() < 0.45 + 0.05 * s ? "F" : "M";
                var race = rng.NextDouble() switch { < 0.6 => "A", < 0.85 => "B", < 0.97 => "C", _ => "D" };
                var label = rng.NextDouble() < 0.25 + 0.05 * s ? 1 : 0;
                var z = (label == 1 ? 1.2 - 0.3 * s : 0) + Normal(rng) - 0.6;
                var score = Math.Round(1 / (1 + Math.Exp(-z)), 6);
                rows[s].Add(string.Create(CultureInfo.InvariantCulture, $"{sex},{race},{label},{score}"));
            }
        }
        var sites = new string[3];
        for (var s = 0; s < 3; s++) sites[s] = Write($"hospital{s + 1}.csv", rows[s]);
        var pooled = Write("pooled.csv", rows.SelectMany(r => r));

        string[] common = ["--label", "y", "--score", "score", "--protected", "sex,race", "--intersections", "sex*race"];
        var summaries = new string[3];
        for (var s = 0; s < 3; s++)
        {
            summaries[s] = Path.Combine(_dir, $"site{s + 1}.json");
            var (code, _, err) = CliRunner.Run(["audit", "--data", sites[s], .. common, "--summary-out", summaries[s], "--format", "json"]);
            Assert.True(code == 0, err);
            var text = File.ReadAllText(summaries[s]);
            Assert.Contains("\"schema\":\"vigil.audit-summary/v2\"", text, StringComparison.Ordinal);
            // No row leaves the site: none of its scores (six decimals) appears in the summary, only bin numbers.
            foreach (var row in rows[s].Take(50))
            {
                var score = row[(row.LastIndexOf(',') + 1)..];
                if (score.Length >= 7) Assert.DoesNotContain(score, text, StringComparison.Ordinal);
            }
        }

        using var fromRows = CliRunner.Json(["audit", "--data", pooled, .. common]);
        using var fromSummaries = CliRunner.Json(["audit", "--summaries", .. summaries, .. common[..2], .. common[4..]]);
        var rowsRoot = fromRows.RootElement;
        var summaryRoot = fromSummaries.RootElement;
        var compared = CompareAudits(rowsRoot, summaryRoot, ["sex", "race", "sex*race"]);
        Assert.True(compared > 200, $"only {compared} values compared");

        // Every site is a group of 'site', equal to that site's own audit.
        var siteAttribute = Attribute(summaryRoot, "site");
        for (var s = 0; s < 3; s++)
        {
            using var own = CliRunner.Json(["audit", "--data", sites[s], .. common]);
            var group = siteAttribute.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == $"hospital{s + 1}");
            Compare(own.RootElement.GetProperty("overall"), group, $"site hospital{s + 1}");
        }
    }

    [Fact]
    public void A_file_of_another_schema_is_refused_naming_it()
    {
        var audit = Path.Combine(_dir, "audit.json");
        File.WriteAllText(audit, "{\"schema\": \"vigil.audit/v2\", \"rows\": 1}");
        var older = Path.Combine(_dir, "older.json");
        File.WriteAllText(older, "{\"schema\": \"vigil.audit-summary/v1\", \"rows\": 1}");
        var (code, _, err) = CliRunner.Run("audit", "--summaries", audit, "--protected", "sex");
        Assert.NotEqual(0, code);
        Assert.Contains($"{audit}: expected a vigil.audit-summary/v2 document, found schema vigil.audit/v2", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("audit", "--summaries", older, "--protected", "sex");
        Assert.NotEqual(0, code);
        Assert.Contains($"{older}: schema vigil.audit-summary/v1 is an older format", err, StringComparison.Ordinal);
    }

    private string Write(string name, IEnumerable<string> rows)
    {
        var path = Path.Combine(_dir, name);
        var sb = new StringBuilder("sex,race,y,score\n");
        foreach (var r in rows) sb.Append(r).Append('\n');
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
