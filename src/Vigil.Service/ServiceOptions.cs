namespace Vigil.Service;

/// <summary>
/// How `vigil serve` runs: the store ("sqlite:PATH" — the embedded default — or a "postgres://" / "Host=..." connection
/// string), an optional config file (YAML or JSON) and the addresses to listen on.
/// </summary>
/// <param name="Store">"sqlite:PATH", "postgres://user:pass@host:port/db" or an Npgsql connection string.</param>
/// <param name="ConfigPath">The service config (pseudonym key file, JWT settings, limits, webhooks), or null for defaults and environment variables.</param>
/// <param name="Urls">Addresses to listen on (e.g. "http://127.0.0.1:5088").</param>
public sealed record ServiceOptions(string Store, string? ConfigPath, IReadOnlyList<string> Urls);
