using Vigil.Monitoring.Store;

namespace Vigil.Bench;

/// <summary>
/// A SQLite monitoring store in a folder of its own under the temporary directory, for one benchmark class's life:
/// created (and migrated) in its GlobalSetup, closed and removed with the folder in its GlobalCleanup.
/// </summary>
internal sealed class TempMonitorStore
{
    /// <summary>Creates the folder <c>vigil-bench-{name}-{guid}</c> and opens <c>monitor.db</c> in it.</summary>
    public TempMonitorStore(string name)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"vigil-bench-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        Store = MonitorStoreFactory.OpenAsync("sqlite:" + Path.Combine(Folder, "monitor.db")).GetAwaiter().GetResult();
    }

    /// <summary>The folder, for other files the benchmark writes (removed with it).</summary>
    public string Folder { get; }

    public IMonitorStore Store { get; }

    /// <summary>Closes the store and removes the folder (a GlobalCleanup; BenchmarkDotNet does not dispose benchmark classes).</summary>
    public void Remove()
    {
        Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
