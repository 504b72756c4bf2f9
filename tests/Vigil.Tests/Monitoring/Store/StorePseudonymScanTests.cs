using System.Text;
using Microsoft.Data.Sqlite;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Xunit;
using static Vigil.Tests.Monitoring.Store.StoreTestData;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>The store only ever receives pseudonyms: no raw patient or encounter identifier is in the database's bytes.</summary>
public sealed class StorePseudonymScanTests
{
    [Fact]
    public async Task SqliteFiles_HoldNoRawIdentifier_AfterIngest()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigil-store-" + Guid.NewGuid().ToString("N"));
        var raw = new List<string>();
        try
        {
            await using (var store = await MonitorStoreFactory.OpenAsync("sqlite:" + Path.Combine(folder, "monitor.db")))
            {
                await store.RegisterModelAsync(Registration(), DateTimeOffset.UnixEpoch);
                var predictions = new List<StoredPrediction>();
                var outcomes = new List<StoredOutcome>();
                for (var i = 0; i < 50; i++)
                {
                    var encounter = $"ENC-{900_000 + i}";
                    var patient = $"MRN-{700_000 + i}";
                    raw.Add(encounter);
                    raw.Add(patient);
                    predictions.Add(Prediction($"evt-{i}", encounter, T0 + i * 60_000, alert: i % 3 == 0, patient: patient));
                    if (i % 4 == 0)
                        outcomes.Add(Outcome_($"out-{i}", encounter, "sepsis_onset", T0 + (i + 5) * 60_000));
                }
                await store.AddOutcomesAsync(outcomes);
                await store.AddPredictionsAsync(predictions);
                await store.AddActionsAsync([Action("act-1", "evt-0", ClinicianAction.Accepted, T0 + 1000)]);
                await store.MatureDueAsync(T0 + 500 * Hour);
                Assert.Equal(50, Total(await store.GetHourCellsAsync(Model, V1, long.MinValue, long.MaxValue)).Predictions);
            }
            SqliteConnection.ClearAllPools();
            var files = Directory.GetFiles(folder); // the database, and its -wal / -shm files if any remain
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var bytes = await File.ReadAllBytesAsync(file);
                foreach (var id in raw)
                {
                    Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(id)) < 0, $"{id} found in {Path.GetFileName(file)}");
                    Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(id)) < 0, $"{id} (UTF-16) found in {Path.GetFileName(file)}");
                }
            }
            // The scan does find what is there: the pseudonym of the first encounter.
            var all = files.SelectMany(File.ReadAllBytes).ToArray();
            Assert.True(all.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Pseudonyms.Encounter("ENC-900000"))) >= 0);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
