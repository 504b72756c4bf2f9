using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Xunit;
using static Vigil.Tests.Monitoring.Store.StoreTestData;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>Migrations, idempotent ingest, label maturity and action counting, on a real SQLite file and a real PostgreSQL.</summary>
[Collection(PostgresServer.Collection)]
public sealed class StoreIngestTests(PostgresServer server) : IAsyncLifetime
{
    private readonly StoreHarness _harness = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.CleanUpAsync();

    public static TheoryData<string> Backends => StoreHarness.Backends;

    private async Task<IMonitorStore> OpenWithModelAsync(string backend)
    {
        var store = await _harness.OpenAsync(backend);
        Assert.True(await store.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch));
        return store;
    }

    private static async Task<HourCell> TotalAsync(IMonitorStore store, string? version = V1) =>
        Total(await store.GetHourCellsAsync(Model, version, long.MinValue, long.MaxValue));

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Migrate_TwiceAndConcurrently_AppliesEachMigrationOnce(string backend)
    {
        var database = await _harness.NewDatabaseAsync(backend);
        var a = MonitorStoreFactory.Open(database);
        var b = MonitorStoreFactory.Open(database);
        try
        {
            await Task.WhenAll(a.MigrateAsync(), b.MigrateAsync());
            await a.MigrateAsync();
            // Each migration once: as many rows as the highest version (0001, 0002 safeguards, ... none skipped, none twice).
            var applied = await StoreHarness.ScalarAsync(database, "SELECT COUNT(*) FROM schema_migrations");
            Assert.Equal(await StoreHarness.ScalarAsync(database, "SELECT MAX(version) FROM schema_migrations"), applied);
            Assert.True(applied >= 2, $"{applied} migrations applied; expected at least 0001 and 0002");
            Assert.True(await a.PingAsync());
            Assert.Equal(backend, a.Kind);
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RegisterModel_IsWriteOnce_AndNewestVersionIsFound(string backend)
    {
        var store = await OpenWithModelAsync(backend);
        Assert.False(await store.RegisterModelAsync(Registration() with { IntendedUse = "changed" }, DateTimeOffset.UnixEpoch));
        Assert.True(await store.RegisterModelAsync(Registration(version: "2.0.0"), DateTimeOffset.UnixEpoch.AddDays(1)));
        Assert.Equal("early warning of sepsis in adult inpatients", (await store.GetModelAsync(Model, V1))!.IntendedUse);
        Assert.Equal("2.0.0", (await store.GetModelAsync(Model, null))!.Version);
        Assert.Null(await store.GetModelAsync("unknown", null));
        Assert.Equal(["1.0.0", "2.0.0"], (await store.ListModelsAsync()).Select(m => m.Version));
        Assert.Equal(Outcome.CensorKinds, (await store.GetModelAsync(Model, V1))!.Outcome.CensorKinds);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task AddPredictions_Duplicates_AreCountedOnce(string backend)
    {
        var store = await OpenWithModelAsync(backend);
        var first = await store.AddPredictionsAsync([
            Prediction("p1", "e1", T0, alert: true, score: 0.8),
            Prediction("p2", "e2", T0 + 10, score: 0.25),
            Prediction("p2", "e2", T0 + 10, score: 0.25), // duplicate within the batch
        ]);
        Assert.Equal(new IngestResult(2, 1), first);
        var second = await store.AddPredictionsAsync([Prediction("p1", "e1", T0, alert: true, score: 0.8), Prediction("p3", "e3", T0 + Hour, sex: "M")]);
        Assert.Equal(new IngestResult(1, 1), second);

        var cells = await store.GetHourCellsAsync(Model, V1, T0, T0 + 2 * Hour);
        Assert.Equal(2, cells.Count);
        Assert.Equal(new HourCell(T0, CellKey.Of(["F", "45-64"]), 2, 1, 1.05, 0, 0, 0, 0, 0, 0, 0, 0, 0), cells[0]);
        Assert.Equal(new HourCell(T0 + Hour, CellKey.Of(["M", "45-64"]), 1, 0, 0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0), cells[1]);
        Assert.Equal(T0 + Hour, await store.GetLastPredictionTimeAsync(Model, V1));
        Assert.Equal(T0 + Hour, await store.GetLastPredictionTimeAsync(Model, null));
        Assert.Null(await store.GetLastPredictionTimeAsync("other", null));

        // Bins: feature 0 in bin 3, feature 1 missing (-1), the score in bin 7; each counted once per new prediction.
        var bins = await store.GetHourBinsAsync(Model, V1, T0, T0 + Hour);
        Assert.Equal([new HourBin(T0, -1, 7, 2), new HourBin(T0, 0, 3, 2), new HourBin(T0, 1, -1, 2)], bins);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Outcome_BeforeItsPrediction_LabelsThePredictionWhenItArrives(string backend)
    {
        var store = await OpenWithModelAsync(backend);
        Assert.Equal(new IngestResult(1, 0), await store.AddOutcomesAsync([Outcome_("o1", "e1", "sepsis_onset", T0 + 5 * Hour)]));
        Assert.Equal(new IngestResult(0, 1), await store.AddOutcomesAsync([Outcome_("o1", "e1", "sepsis_onset", T0 + 5 * Hour)]));
        await store.AddPredictionsAsync([Prediction("p1", "e1", T0, alert: false, score: 0.4), Prediction("p2", "e1", T0 + Hour, alert: true, score: 0.6)]);

        var total = await TotalAsync(store);
        Assert.Equal((1L, 1L, 0L, 0L), (total.Fn, total.Tp, total.Tn, total.Fp));
        Assert.Equal(1.0, total.MaturedScoreSum, 9);
        var rows = await store.GetMaturedRowsAsync(Model, V1, T0, T0 + 2 * Hour);
        Assert.Equal([new MaturedRow(T0, rows[0].Levels, 1, 0, 0.4), new MaturedRow(T0 + Hour, rows[1].Levels, 1, 1, 0.6)], rows);
        Assert.Equal(["F", "45-64"], rows[0].Levels);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task LatePositive_AfterMaturedNegative_MovesTheCountsToPositive(string backend)
    {
        var store = await OpenWithModelAsync(backend);
        await store.AddPredictionsAsync([Prediction("p1", "e1", T0, alert: false, score: 0.2), Prediction("p2", "e2", T0, alert: true, score: 0.9)]);
        Assert.Equal(0, await store.MatureDueAsync(T0 + 119 * Hour)); // 72 h window + 48 h delay not over yet
        Assert.Equal(2, await store.MatureDueAsync(T0 + 120 * Hour));
        var matured = await TotalAsync(store);
        Assert.Equal((1L, 1L, 0L, 0L), (matured.Tn, matured.Fp, matured.Fn, matured.Tp));

        // Chart review finds sepsis onset 10 h after both predictions: tn → fn and fp → tp, nothing counted twice.
        await store.AddOutcomesAsync([Outcome_("o1", "e1", "sepsis_onset", T0 + 10 * Hour), Outcome_("o2", "e2", "sepsis_onset", T0 + 10 * Hour)]);
        var corrected = await TotalAsync(store);
        Assert.Equal((0L, 0L, 1L, 1L), (corrected.Tn, corrected.Fp, corrected.Fn, corrected.Tp));
        Assert.Equal(1.1, corrected.MaturedScoreSum, 9);
        Assert.Equal(2, corrected.Predictions);

        // An outcome after the window changes nothing.
        await store.AddOutcomesAsync([Outcome_("o3", "e1", "sepsis_onset", T0 + 80 * Hour)]);
        Assert.Equal(corrected, await TotalAsync(store));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Censoring_TransferFirst_OrConditionAlreadyPresent(string backend)
    {
        var store = await OpenWithModelAsync(backend);
        await store.AddPredictionsAsync([
            Prediction("p1", "e1", T0), // transfer at +5 h before onset at +6 h → censored
            Prediction("p2", "e2", T0), // onset before the prediction → censored
            Prediction("p3", "e3", T0), // onset and transfer at the same instant → positive
            Prediction("p4", "e4", T0), // transfer after the window → matures negative
        ]);
        await store.AddOutcomesAsync([
            Outcome_("o1", "e1", "transfer_out", T0 + 5 * Hour), Outcome_("o2", "e1", "sepsis_onset", T0 + 6 * Hour),
            Outcome_("o3", "e2", "sepsis_onset", T0 - Hour),
            Outcome_("o4", "e3", "transfer_out", T0 + 7 * Hour), Outcome_("o5", "e3", "sepsis_onset", T0 + 7 * Hour),
            Outcome_("o6", "e4", "transfer_out", T0 + 73 * Hour),
        ]);
        Assert.Equal(1, await store.MatureDueAsync(T0 + 200 * Hour));
        var total = await TotalAsync(store);
        Assert.Equal((2L, 1L, 1L), (total.Censored, total.Fn, total.Tn));
        Assert.Equal(2, (await store.GetMaturedRowsAsync(Model, null, T0, T0 + 1)).Count);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task MatureDue_MaturesOnlyDuePredictions_AndTheStoredNowAppliesToLaterArrivals(string backend)
    {
        var store = await OpenWithModelAsync(backend);
        await store.AddPredictionsAsync([Prediction("p1", "e1", T0), Prediction("p2", "e2", T0 + 10 * Hour)]);
        Assert.Equal(1, await store.MatureDueAsync(T0 + 125 * Hour));
        Assert.Equal(0, await store.MatureDueAsync(T0 + 125 * Hour));
        Assert.Equal(0, await store.MatureDueAsync(T0)); // an earlier now never un-matures
        var total = await TotalAsync(store);
        Assert.Equal((2L, 1L), (total.Predictions, total.Tn));

        // A prediction arriving late, already past its maturity at the stored now, is matured as it arrives.
        await store.AddPredictionsAsync([Prediction("p3", "e3", T0 + Hour)]);
        Assert.Equal(2, (await TotalAsync(store)).Tn);
        Assert.Equal(1, await store.MatureDueAsync(T0 + 130 * Hour));
        Assert.Equal(3, (await TotalAsync(store)).Tn);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Actions_BeforeOrAfterTheirPrediction_AreCountedOnce(string backend)
    {
        var store = await OpenWithModelAsync(backend);
        Assert.Equal(new IngestResult(1, 0), await store.AddActionsAsync([Action("a1", "p1", ClinicianAction.Accepted, T0 + 60_000)]));
        Assert.Equal(0, (await TotalAsync(store)).Accepted);
        await store.AddPredictionsAsync([Prediction("p1", "e1", T0, alert: true), Prediction("p2", "e2", T0, alert: true)]);
        Assert.Equal(1, (await TotalAsync(store)).Accepted);
        Assert.Equal(new IngestResult(2, 1), await store.AddActionsAsync([
            Action("a2", "p2", ClinicianAction.Overridden, T0 + 60_000),
            Action("a3", "p2", ClinicianAction.Ignored, T0 + 90_000),
            Action("a1", "p1", ClinicianAction.Accepted, T0 + 60_000),
        ]));
        await store.MatureDueAsync(T0); // the sweep finds nothing left to count
        var total = await TotalAsync(store);
        Assert.Equal((1L, 1L, 1L), (total.Accepted, total.Overridden, total.Ignored));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task HourCells_VersionNull_SumsVersions(string backend)
    {
        var store = await OpenWithModelAsync(backend);
        await store.RegisterModelAsync(Registration(version: "2.0.0"), DateTimeOffset.UnixEpoch);
        await store.AddPredictionsAsync([Prediction("p1", "e1", T0, alert: true), Prediction("p2", "e2", T0, version: "2.0.0")]);
        var both = await store.GetHourCellsAsync(Model, null, T0, T0 + Hour);
        Assert.Equal(new HourCell(T0, CellKey.Of(["F", "45-64"]), 2, 1, 0.6, 0, 0, 0, 0, 0, 0, 0, 0, 0), Assert.Single(both));
        Assert.Equal(1, Assert.Single(await store.GetHourCellsAsync(Model, "2.0.0", T0, T0 + Hour)).Predictions);
        Assert.Empty(await store.GetHourCellsAsync(Model, null, T0 + Hour, T0 + 2 * Hour));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task AddPredictions_UnknownModel_IsRefusedNamingTheModel(string backend)
    {
        var store = await _harness.OpenAsync(backend);
        var e = await Assert.ThrowsAsync<Vigil.Core.VigilException>(() => store.AddPredictionsAsync([Prediction("p1", "e1", T0)]));
        Assert.Equal("model", e.Parameter);
        Assert.Contains("not registered", e.Message, StringComparison.Ordinal);
    }
}
