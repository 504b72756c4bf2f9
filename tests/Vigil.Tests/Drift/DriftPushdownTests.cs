using Vigil.Application.Drift;
using Vigil.Core.Drift;
using Vigil.Tests.Monitoring;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Drift;

/// <summary>
/// Drift push-down (docs/push-down.md, drift): the drift fixtures compared from files and from summaries computed in
/// DuckDB, a real PostgreSQL and a real ClickHouse. Exact summaries (counts per distinct value) give every summary test
/// to 1e-9; binned summaries (forced with a small value limit) are the same in every engine to 1e-9 and give ks,
/// wasserstein, psi, jensenshannon, kl_div and t_test within 1e-3 of the exact drift with the same verdicts; row tests are
/// null with the reason, or refused when named; bad sources name the source, never the password.
/// </summary>
[Collection(PushdownTestSource.Collection)]
public sealed class DriftPushdownTests(PostgresServer postgres, ClickHouseServer clickhouse) : IDisposable
{
    private const string BinnedTests = "ks,wasserstein,psi,jensenshannon,kl_div,t_test";

    private readonly PushdownTestSource _sources = new(postgres, clickhouse);

    public static TheoryData<PushdownEngine> Engines => PushdownTestSource.Engines;

    public void Dispose() => _sources.Dispose();

    /// <summary>DuckDB's CSV sniffer reads no/yes as BOOLEAN; the file loader keeps the text.</summary>
    private static string DuckQuery(string csv) => $"SELECT * FROM read_csv('{csv}', types={{'cat_binary_shift': 'VARCHAR'}})";

    private static DriftJobResult Files(string tests = "all") => DriftJob.Run(new DriftJobOptions
    {
        ReferenceData = DriftFixtures.ReferenceCsv, CurrentData = DriftFixtures.CurrentCsv, Tests = tests,
    });

    private static DriftJobResult Pushed(string source, string reference, string current, string tests = "all", int? maxValues = null) =>
        DriftJob.Run(new DriftJobOptions
        {
            ReferenceData = "", CurrentData = "", Source = source, ReferenceQuery = reference, CurrentQuery = current, Tests = tests,
            MaxExactValues = maxValues,
        });

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Exact_summaries_of_the_fixtures_give_the_in_process_drift(PushdownEngine engine)
    {
        var url = await LoadAsync(engine);
        var expected = Files();
        var pushed = Pushed(url, "SELECT * FROM drift_ref", "SELECT * FROM drift_cur;");
        Assert.True(Compare(expected.Report, pushed.Report, 1e-9) >= 60);
        Assert.Equal(expected.Report.Overall.Dataset, pushed.Report.Overall.Dataset);
        Assert.Equal(5000, pushed.Report.ReferenceRows);
        Assert.Equal(5000, pushed.Report.CurrentRows);
        Assert.StartsWith(PushdownTestSource.Display(url, engine) + ": SELECT", pushed.Document.Inputs[0].Path, StringComparison.Ordinal);
        if (PushdownTestSource.Password(engine) is not { } password) return;
        foreach (var input in pushed.Document.Inputs) Assert.DoesNotContain(password, input.Path, StringComparison.Ordinal);

        // Through the CLI: the vigil.drift/v2 document, without the password.
        using var json = CliRunner.Json(["drift", "--source", url, "--reference-query", "SELECT * FROM drift_ref",
            "--current-query", "SELECT * FROM drift_cur"]);
        Assert.Equal("vigil.drift/v2", json.RootElement.GetProperty("schema").GetString());
        Assert.DoesNotContain(password, json.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(expected.Document.DatasetDrift.DriftedColumns, json.RootElement.GetProperty("dataset_drift").GetProperty("drifted_columns").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Binned_summaries_are_the_same_in_every_engine_and_within_1e_3_of_the_exact_drift(PushdownEngine engine)
    {
        // A value limit of 0 sends every column with more than 20 distinct reference values as 100,000 fine bins.
        var url = await LoadAsync(engine);
        var expected = Files(BinnedTests);
        var pushed = Pushed(url, "SELECT * FROM drift_ref", "SELECT * FROM drift_cur", BinnedTests, maxValues: 0);
        Assert.True(Compare(expected.Report, pushed.Report, 1e-3) >= 50);
        Assert.Equal(expected.Report.Overall.Dataset, pushed.Report.Overall.Dataset);
        // The bins are counted the same way everywhere: DuckDB reading the CSV in memory is the reference.
        var duck = Pushed("duckdb:", DuckQuery(DriftFixtures.ReferenceCsv), DuckQuery(DriftFixtures.CurrentCsv), BinnedTests, maxValues: 0);
        Assert.True(Compare(duck.Report, pushed.Report, 1e-9) >= 50);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task User_columns_named_like_the_generated_aliases_keep_their_own_values(PushdownEngine engine)
    {
        // In ClickHouse an alias replaces a column of the same name: the generated aliases must not be c0, c1 or side.
        var url = await LoadAsync(engine);
        const string Columns = "num_stable_normal AS c1, num_mean_shift AS c0, cat_shift AS side";
        var expected = Files("ks,psi");
        foreach (var maxValues in new int?[] { null, 0 })
        {
            var pushed = Pushed(url, $"SELECT {Columns} FROM drift_ref", $"SELECT {Columns} FROM drift_cur", "ks,psi", maxValues);
            var byName = pushed.Report.Overall.Columns.ToDictionary(c => c.Column);
            foreach (var (alias, column) in new[] { ("c1", "num_stable_normal"), ("c0", "num_mean_shift"), ("side", "cat_shift") })
            {
                var (e, a) = (expected.Report.Overall.Columns.Single(c => c.Column == column), byName[alias]);
                Assert.Equal(e.Drift, a.Drift);
                Assert.Equal(e.ReferenceCount, a.ReferenceCount);
                for (var k = 0; k < e.Tests.Count; k++)
                    Assert.True(Math.Abs(e.Tests[k].Score!.Value - a.Tests[k].Score!.Value) <= (maxValues is null ? 1e-9 : 1e-3), $"{alias} {e.Tests[k].Test}");
            }
            Assert.NotEqual(byName["c0"].Drift, byName["c1"].Drift);
        }
    }

    [Fact]
    public async Task Bad_sources_queries_and_row_tests_are_refused_naming_the_source_and_never_the_password()
    {
        const string Password = PushdownTestSource.PostgresPassword;
        var port = PushdownTestSource.ClosedPort();
        var (code, _, err) = CliRunner.Run(["drift", "--source", $"postgres://vigil:{Password}@127.0.0.1:{port}/clinic",
            "--reference-query", "SELECT 1", "--current-query", "SELECT 1"]);
        Assert.Equal(3, code);
        Assert.Contains($"postgres://vigil@127.0.0.1:{port}/clinic: cannot connect to PostgreSQL", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err, StringComparison.Ordinal);

        var url = await LoadAsync(PushdownEngine.PostgreSQL);
        var display = PushdownTestSource.Display(url, PushdownEngine.PostgreSQL);
        (code, _, err) = CliRunner.Run(["drift", "--source", url, "--reference-query", "SELECT * FROM drift_ref",
            "--current-query", "SELECT * FROM no_such_table"]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: the current query failed in PostgreSQL", err, StringComparison.Ordinal);
        Assert.Contains("no_such_table", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run(["drift", "--source", url, "--reference-query", "SELECT * FROM drift_ref",
            "--current-query", "SELECT cat_stable FROM drift_cur", "--columns", "cat_stable,num_mean_shift"]);
        Assert.Equal(3, code);
        Assert.Contains($"{display}: the current query's result has no column 'num_mean_shift'; its columns: cat_stable", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run(["drift", "--source", url, "--reference-query", "SELECT * FROM drift_ref",
            "--current-query", "SELECT * FROM drift_cur", "--tests", "ks,anderson"]);
        Assert.Equal(2, code);
        Assert.Contains("test 'anderson' needs the rows and cannot run on --source summaries", err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run(["drift", "--source", "duckdb:", "--reference-query", "SELEC 1", "--current-query", "SELECT 1"]);
        Assert.Equal(3, code);
        Assert.Contains("duckdb: (in memory): the reference query failed in DuckDB", err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run(["drift", "--source", "duckdb:", "--reference-query", "SELECT 1 AS x", "--current-query", "SELECT 'a' AS x"]);
        Assert.Equal(3, code);
        Assert.Contains("column 'x' is numeric in the reference query but text in the current query", err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run(["drift", "--source", "duckdb:", "--reference-query", "SELECT 1 AS x", "--current-query", "SELECT 1 AS x",
            "--domain-classifier"]);
        Assert.Equal(2, code);
        Assert.Contains("--domain-classifier", err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run(["drift", "--source", "duckdb:", "--reference-query", "SELECT 1 AS x"]);
        Assert.Equal(2, code);
        Assert.Contains("--current-query", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run(["drift", "--reference-data", DriftFixtures.ReferenceCsv, "--current-data", DriftFixtures.CurrentCsv,
            "--reference-query", "SELECT 1"]);
        Assert.Equal(2, code);
        Assert.Contains("--source", err, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every column's verdict, default and drift test, counts and every test both runs scored within <paramref name="tolerance"/>
    /// (the same drift decisions); row tests are null with the push-down reason. Returns the number of scores compared.
    /// </summary>
    /// <summary>Compares every column's counts, tests, verdicts and histogram; returns how many scores were compared.</summary>
    internal static int Compare(DriftReport expected, DriftReport actual, double tolerance, double histogramTolerance = 1e-12)
    {
        Assert.Equal(expected.Overall.Columns.Select(c => c.Column), actual.Overall.Columns.Select(c => c.Column));
        var compared = 0;
        for (var i = 0; i < expected.Overall.Columns.Count; i++)
        {
            var (e, a) = (expected.Overall.Columns[i], actual.Overall.Columns[i]);
            Assert.Equal((e.Type, e.ReferenceCount, e.CurrentCount, e.MissingReference, e.MissingCurrent, e.DefaultTest, e.DriftTest, e.Drift),
                (a.Type, a.ReferenceCount, a.CurrentCount, a.MissingReference, a.MissingCurrent, a.DefaultTest, a.DriftTest, a.Drift));
            Assert.Equal(e.Tests.Select(t => t.Test), a.Tests.Select(t => t.Test));
            for (var k = 0; k < e.Tests.Count; k++)
            {
                var (te, ta) = (e.Tests[k], a.Tests[k]);
                if (ta.Score is null && ta.Reason == Vigil.Core.Drift.Summaries.SummaryColumnAnalyzer.RowTestReason) continue;
                Assert.True(te.Score.HasValue == ta.Score.HasValue, $"{e.Column} {te.Test}: {te.Score} vs {ta.Score} ({ta.Reason})");
                if (te.Score is not { } x) continue;
                Assert.True(Math.Abs(x - ta.Score!.Value) <= tolerance, $"{e.Column} {te.Test}: {x} vs {ta.Score}");
                Assert.Equal(te.Drift, ta.Drift);
                compared++;
            }
            if (e.Histogram is { } h)
            {
                var g = a.Histogram!;
                Assert.Equal(h.Keys, g.Keys);
                Assert.Equal(h.Edges, g.Edges);
                for (var b = 0; b < h.ReferenceShares.Count; b++)
                {
                    Assert.True(Math.Abs(h.ReferenceShares[b] - g.ReferenceShares[b]) <= histogramTolerance, $"{e.Column} bin {b}: {h.ReferenceShares[b]} vs {g.ReferenceShares[b]}");
                    Assert.True(Math.Abs(h.CurrentShares[b] - g.CurrentShares[b]) <= histogramTolerance, $"{e.Column} bin {b}: {h.CurrentShares[b]} vs {g.CurrentShares[b]}");
                }
            }
        }
        return compared;
    }

    /// <summary>The fixtures as tables drift_ref and drift_cur of a fresh database of <paramref name="engine"/>; its --source URL with a password.</summary>
    private Task<string> LoadAsync(PushdownEngine engine)
    {
        static TableColumnKind Kind(string column) => column.StartsWith("num_", StringComparison.Ordinal) ? TableColumnKind.Real : TableColumnKind.Text;
        return _sources.LoadAsync(engine, ("drift_ref", DriftFixtures.ReferenceCsv, Kind), ("drift_cur", DriftFixtures.CurrentCsv, Kind));
    }
}
