namespace Vigil.Service.Startup;

/// <summary>Whether this process applied (or found applied) the store's migrations, for /ready.</summary>
internal sealed class StoreState
{
    public volatile bool Migrated;

    public string? Failure { get; set; }
}
