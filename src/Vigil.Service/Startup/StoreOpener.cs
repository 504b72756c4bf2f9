using Vigil.Monitoring.Store;

namespace Vigil.Service.Startup;

/// <summary>Opens the store named by --store ("sqlite:PATH", "postgres://..." or an Npgsql connection string).</summary>
internal static class StoreOpener
{
    public static IMonitorStore Open(string store) => throw new NotSupportedException("store not merged yet: " + store);
}
