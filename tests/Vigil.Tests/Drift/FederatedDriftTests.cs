using System.Text.Json;
using Vigil.Application.Drift;
using Vigil.Contracts.DriftSummary;
using Vigil.Core;
using Vigil.Tests.Application;
using Vigil.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Drift;

/// <summary>
/// Federated drift (docs/federated.md, drift): the drift fixtures split into three sites; each site writes its summary
/// (`vigil drift --summary-out`), and the pooled summaries (`vigil drift --summaries`) give the drift of the pooled rows:
/// to 1e-9 when the sites sent counts per value, within the binning's bound when they sent fine bins; every site is a
/// group of 'site' equal to that site's own drift. Bad summaries get one line naming the file.
/// </summary>
public sealed class FederatedDriftTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Rows [from, to) of a CSV (header kept) as a site's file.</summary>
    private string Slice(string csv, string name, int from, int to)
    {
        var lines = File.ReadAllLines(csv);
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllLines(path, [lines[0], .. lines.Skip(1 + from).Take(to - from)]);
        return path;
    }

    private static readonly (string Name, int From, int To)[] Sites = [("north", 0, 2000), ("south", 2000, 3600), ("east", 3600, 5000)];

    private List<string> WriteSiteSummaries(string tests, int? maxValues)
    {
        var files = new List<string>();
        foreach (var (name, from, to) in Sites)
        {
            var summary = Path.Combine(_dir.Path, name + ".json");
            DriftJob.Run(new DriftJobOptions
            {
                ReferenceData = Slice(DriftFixtures.ReferenceCsv, name + "-ref.csv", from, to),
                CurrentData = Slice(DriftFixtures.CurrentCsv, name + "-cur.csv", from, to),
                Tests = tests, SummaryOut = summary, SiteName = name, MaxExactValues = maxValues,
            });
            files.Add(summary);
        }
        return files;
    }

    [Fact]
    public void Three_sites_with_exact_summaries_give_the_drift_of_the_pooled_rows_and_each_site_its_own()
    {
        var files = WriteSiteSummaries("all", null);
        foreach (var f in files) ModelContractSchemas.AssertValid(DriftSummaryContract.Schema, File.ReadAllText(f));

        var pooled = DriftJob.Run(new DriftJobOptions { ReferenceData = "", CurrentData = "", Summaries = files, Tests = "all" });
        var rows = DriftJob.Run(new DriftJobOptions { ReferenceData = DriftFixtures.ReferenceCsv, CurrentData = DriftFixtures.CurrentCsv, Tests = "all" });
        var compared = DriftPushdownTests.Compare(rows.Report, pooled.Report, 1e-9);
        Assert.True(compared >= 60, $"only {compared} scores compared");
        Assert.Equal(rows.Report.Overall.Dataset, pooled.Report.Overall.Dataset);
        Assert.Equal((5000L, 5000L), (pooled.Report.ReferenceRows, pooled.Report.CurrentRows));

        var site = Assert.Single(pooled.Groups);
        Assert.Equal(DriftFederation.SiteAttribute, site.Name);
        Assert.Equal(["east", "north", "south"], site.Drift.Groups.Select(g => g.Value));
        Assert.Equal("north", site.ReferenceGroup); // the most current rows
        foreach (var (name, from, to) in Sites)
        {
            var own = DriftJob.Run(new DriftJobOptions
            {
                ReferenceData = Path.Combine(_dir.Path, name + "-ref.csv"), CurrentData = Path.Combine(_dir.Path, name + "-cur.csv"), Tests = "all",
            });
            var group = site.Drift.Groups.Single(g => g.Value == name);
            Assert.Equal((long)(to - from), group.ReferenceRows);
            var asReport = own.Report with { Overall = group.Result };
            Assert.True(DriftPushdownTests.Compare(own.Report, asReport, 1e-9) >= 40, name);
        }
    }

    [Fact]
    public void Binned_site_summaries_stay_within_the_binning_bound_of_the_pooled_rows_with_the_same_verdicts()
    {
        // A value limit of 0 sends every column with more than 20 distinct reference values as 100,000 fine bins.
        const string tests = "ks,wasserstein,psi,jensenshannon,kl_div,t_test";
        var files = WriteSiteSummaries(tests, 0);
        using (var doc = JsonDocument.Parse(File.ReadAllText(files[0])))
            Assert.Contains(doc.RootElement.GetProperty("columns").EnumerateArray(), c => c.GetProperty("numeric").ValueKind == JsonValueKind.Object
                && c.GetProperty("numeric").GetProperty("fine_bins").ValueKind == JsonValueKind.Array);
        var pooled = DriftJob.Run(new DriftJobOptions { ReferenceData = "", CurrentData = "", Summaries = files, Tests = tests });
        var rows = DriftJob.Run(new DriftJobOptions { ReferenceData = DriftFixtures.ReferenceCsv, CurrentData = DriftFixtures.CurrentCsv, Tests = tests });
        var worst = 0.0;
        foreach (var (e, a) in rows.Report.Overall.Columns.Zip(pooled.Report.Overall.Columns))
            foreach (var (te, ta) in e.Tests.Zip(a.Tests))
                if (te.Score is { } x && ta.Score is { } y) worst = Math.Max(worst, Math.Abs(x - y));
        output.WriteLine($"largest |pooled − rows| over every score: {worst:E2}");
        var compared = DriftPushdownTests.Compare(rows.Report, pooled.Report, 1e-3, histogramTolerance: 1e-3);
        Assert.True(compared >= 50, $"only {compared} scores compared");
        Assert.Equal(rows.Report.Overall.Dataset, pooled.Report.Overall.Dataset);
    }

    [Fact]
    public void The_cli_writes_a_site_summary_and_pools_summaries_into_a_drift_document_with_sites_as_groups()
    {
        var summaries = new List<string>();
        foreach (var (name, from, to) in Sites)
        {
            var summary = Path.Combine(_dir.Path, name + "-cli.json");
            var (code, _, err) = CliRunner.Run("drift", "--reference-data", Slice(DriftFixtures.ReferenceCsv, name + "-r.csv", from, to),
                "--current-data", Slice(DriftFixtures.CurrentCsv, name + "-c.csv", from, to), "--summary-out", summary, "--site-name", name,
                "--format", "json", "--out", Path.Combine(_dir.Path, name + "-drift.json"));
            Assert.True(code == 0, err);
            summaries.Add(summary);
        }
        using var pooled = CliRunner.Json(["drift", "--summaries", .. summaries]);
        var root = pooled.RootElement;
        Assert.Equal("vigil.drift/v2", root.GetProperty("schema").GetString());
        var grouping = Assert.Single(root.GetProperty("groups").EnumerateArray().ToList());
        Assert.Equal("site", grouping.GetProperty("attribute").GetString());
        Assert.Equal("north", grouping.GetProperty("reference_group").GetString());
        Assert.Equal(3, grouping.GetProperty("groups").GetArrayLength());
        Assert.StartsWith("summaries: ", root.GetProperty("inputs")[0].GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_below_the_summaries_min_cell_is_suppressed_in_the_pooled_output_and_large_sites_are_shown()
    {
        var files = new List<string>();
        foreach (var (name, from, to) in new[] { ("large", 0, 3000), ("tiny", 3000, 3006), ("medium", 3006, 5000) })
        {
            var summary = Path.Combine(_dir.Path, name + "-s.json");
            DriftJob.Run(new DriftJobOptions
            {
                ReferenceData = Slice(DriftFixtures.ReferenceCsv, name + "-sr.csv", from, to),
                CurrentData = Slice(DriftFixtures.CurrentCsv, name + "-sc.csv", from, to),
                SummaryOut = summary, SiteName = name,
            });
            files.Add(summary);
        }
        var pooled = DriftJob.Run(new DriftJobOptions { ReferenceData = "", CurrentData = "", Summaries = files });
        Assert.Equal(Vigil.Application.AnalysisDefaults.MinCell, pooled.Document.Settings.MinCell);
        var sites = Assert.Single(pooled.Document.Groups).Groups.ToDictionary(g => g.Group);
        Assert.NotNull(sites["tiny"].SuppressedReason);
        Assert.Null(sites["tiny"].ReferenceRows);
        Assert.Empty(sites["tiny"].Columns);
        // The large site's numbers stay (rounded to 10 at most, when it is the one protecting the tiny site).
        Assert.NotNull(sites["large"].ReferenceRows);
        Assert.NotEmpty(sites["large"].Columns);
        Assert.NotNull(sites["medium"].ReferenceRows);
    }

    [Fact]
    public void Bad_summaries_get_one_line_naming_the_file()
    {
        var files = WriteSiteSummaries("auto", null);
        string Error(params string[] args)
        {
            var (code, _, err) = CliRunner.Run(["drift", .. args]);
            Assert.True(code is 2 or 3, $"exit {code}: {err}");
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
            return err;
        }

        Assert.Contains("--summaries replaces", Error("--summaries", files[0], "--reference-data", DriftFixtures.ReferenceCsv), StringComparison.Ordinal);
        Assert.Contains("named by two summaries", Error("--summaries", files[0], files[0]), StringComparison.Ordinal);
        Assert.Contains("needs the rows", Error("--summaries", files[0], files[1], "--tests", "anderson"), StringComparison.Ordinal);

        var audit = Path.Combine(_dir.Path, "audit.json");
        File.WriteAllText(audit, "{\"schema\": \"vigil.audit-summary/v2\"}");
        Assert.Contains("expected a vigil.drift-summary/v1 document, found schema vigil.audit-summary/v2", Error("--summaries", audit), StringComparison.Ordinal);

        // A count edited by hand: the totals no longer add up.
        var text = File.ReadAllText(files[1]);
        var edited = Path.Combine(_dir.Path, "edited.json");
        var summary = DriftSummaryContract.Parse(text, files[1]);
        var column = summary.Columns.First(c => c.Levels is { Count: > 0 });
        var levels = column.Levels!.ToList();
        levels[0] = levels[0] with { Reference = levels[0].Reference + 5 };
        var columns = summary.Columns.Select(c => c == column ? c with { Levels = levels } : c).ToList();
        // Levels alone are not checked against a total; change a numeric side's count instead, which must add up.
        var numeric = columns.First(c => c.Numeric is not null);
        columns[columns.IndexOf(numeric)] = numeric with { Numeric = numeric.Numeric! with { Reference = numeric.Numeric.Reference with { Count = numeric.Numeric.Reference.Count + 1 } } };
        File.WriteAllText(edited, DriftSummaryContract.Write(summary with { Columns = columns, Site = "edited" }));
        var err = Error("--summaries", files[0], edited);
        Assert.Contains("edited.json: column '" + numeric.Name + "'", err, StringComparison.Ordinal);
        Assert.Contains("add up to", err, StringComparison.Ordinal);

        var huge = Path.Combine(_dir.Path, "huge.json");
        File.WriteAllText(huge, DriftSummaryContract.Write(summary with { Settings = summary.Settings with { FineBins = 2_000_000_000 } }));
        Assert.Contains("fine_bins 2000000000; expected 1 to", Error("--summaries", huge), StringComparison.Ordinal);

        var other = Path.Combine(_dir.Path, "other.json");
        File.WriteAllText(other, DriftSummaryContract.Write(summary with { Columns = [.. summary.Columns.Skip(1)], Site = "other" }));
        Assert.Contains("summarise the same columns at every site", Error("--summaries", files[0], other), StringComparison.Ordinal);
    }

    [Fact]
    public void The_published_schema_is_the_one_the_contract_generates()
    {
        var generated = DriftSummaryContract.JsonSchema();
        var path = ModelContractSchemas.PathOf(DriftSummaryContract.Schema);
        if (Environment.GetEnvironmentVariable("VIGIL_WRITE_SCHEMAS") == "1") File.WriteAllText(path, generated);
        Assert.Equal(generated, File.ReadAllText(path));
        var e = Assert.Throws<VigilException>(() => DriftSummaryContract.Parse("{\"schema\": \"vigil.drift-summary/v0\"}", "old.json"));
        Assert.Contains("older format; re-run `vigil drift --summary-out`", e.Message, StringComparison.Ordinal);
    }
}
