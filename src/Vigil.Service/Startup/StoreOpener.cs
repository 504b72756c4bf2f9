using Vigil.Monitoring.Store;

namespace Vigil.Service.Startup;

/// <summary>Opens the store named by --store ("sqlite:PATH", "postgres://..." or an Npgsql connection string); its migrations run in <see cref="StoreStartup"/>.</summary>
internal static class StoreOpener
{
    public static IMonitorStore Open(string store) => MonitorStoreFactory.Open(store);
}
