using System.Data.Common;
using System.Globalization;
using Vigil.Core;

namespace Vigil.Data.Pushdown;

/// <summary>
/// ClickHouse URLs for --source: <c>clickhouse://user[:password]@host[:port][/database][?secure=true]</c>, spoken over
/// ClickHouse's HTTP interface (<see cref="ClickHouseHttpConnection"/>), so the port is the HTTP port (8123 by default,
/// 8443 with <c>secure=true</c>, which uses https). The user defaults to <c>default</c>, the database to <c>default</c>;
/// without a password in the URL, CLICKHOUSE_PASSWORD is used (as clickhouse-client does). Values are URL-decoded.
/// </summary>
public static class ClickHouseUrl
{
    /// <summary>The environment variable that holds the password when the URL has none.</summary>
    public const string PasswordVariable = "CLICKHOUSE_PASSWORD";

    private const string Expected = "expected clickhouse://user[:password]@host[:port][/database][?secure=true]";

    /// <summary>True for a clickhouse:// value.</summary>
    public static bool Is(string value) => value.StartsWith("clickhouse://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string (Host, Port, User, Password, Database, Secure) that <see cref="ClickHouseHttpConnection"/> reads.</summary>
    /// <exception cref="VigilException">Not a usable URL (named by <paramref name="parameter"/>); the message never holds the password.</exception>
    public static string ToConnectionString(string url, string parameter)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw VigilException.Option(parameter, "not a ClickHouse URL: " + Expected);
        var secure = false;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            if (!key.Equals("secure", StringComparison.OrdinalIgnoreCase))
                throw VigilException.Option(parameter, $"{Display(url)}: unsupported ClickHouse URL parameter '{key}' (supported: secure)");
            secure = value.ToLowerInvariant() switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                _ => throw VigilException.Option(parameter, $"{Display(url)}: secure={value}: expected true or false"),
            };
        }
        var path = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (path.Contains('/', StringComparison.Ordinal))
            throw VigilException.Option(parameter, $"{Display(url)}: the path must be one database name: " + Expected);
        var (user, password) = UserInfo(uri);
        var builder = new DbConnectionStringBuilder
        {
            ["Host"] = uri.Host,
            ["Port"] = Port(uri, secure).ToString(CultureInfo.InvariantCulture),
            ["User"] = user,
            ["Database"] = path.Length == 0 ? "default" : path,
            ["Secure"] = secure ? "true" : "false",
        };
        password ??= Environment.GetEnvironmentVariable(PasswordVariable);
        if (!string.IsNullOrEmpty(password)) builder["Password"] = password;
        return builder.ConnectionString;
    }

    /// <summary>The URL as messages show it: clickhouse://user@host:port/database, without password or parameters.</summary>
    public static string Display(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return "(a ClickHouse URL)";
        var secure = uri.Query.Contains("secure=true", StringComparison.OrdinalIgnoreCase) || uri.Query.Contains("secure=1", StringComparison.Ordinal);
        var database = uri.AbsolutePath.Trim('/');
        return $"clickhouse://{UserInfo(uri).User}@{uri.Host}:{Port(uri, secure).ToString(CultureInfo.InvariantCulture)}/{(database.Length == 0 ? "default" : database)}";
    }

    private static int Port(Uri uri, bool secure) => uri.IsDefaultPort || uri.Port < 0 ? secure ? 8443 : 8123 : uri.Port;

    private static (string User, string? Password) UserInfo(Uri uri)
    {
        if (uri.UserInfo.Length == 0) return ("default", null);
        var parts = uri.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(parts[0]);
        return (user.Length == 0 ? "default" : user, parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : null);
    }
}
