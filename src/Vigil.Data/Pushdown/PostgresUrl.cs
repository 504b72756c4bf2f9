using System.Globalization;
using Npgsql;
using Vigil.Core;

namespace Vigil.Data.Pushdown;

/// <summary>
/// PostgreSQL URLs (postgres://user:password@host:port/database?sslmode=...) as Npgsql connection strings, and their
/// form without the password for messages: one grammar for the monitoring store's --store and the audit's --source (each
/// caller names the option it is parsing).
/// </summary>
public static class PostgresUrl
{
    /// <summary>True for a postgres:// or postgresql:// value.</summary>
    public static bool Is(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Npgsql connection string of a URL; user, password and database are URL-decoded.</summary>
    /// <exception cref="VigilException">Not a usable URL (named by <paramref name="parameter"/>); the message never holds the password.</exception>
    public static string ToConnectionString(string url, string parameter)
    {
        const string Expected = "expected postgres://user[:password]@host[:port]/database";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw VigilException.Option(parameter, "not a PostgreSQL URL: " + Expected);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
                builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
            throw VigilException.Option(parameter, $"{Display(url)}: the URL names no database: " + Expected);
        builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw VigilException.Option(parameter, $"sslmode={value}: expected disable, allow, prefer, require, verify-ca or verify-full"),
                    };
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                        throw VigilException.Option(parameter, $"connect_timeout={value}: expected whole seconds");
                    builder.Timeout = seconds;
                    break;
                default:
                    throw VigilException.Option(parameter, $"unsupported PostgreSQL URL parameter '{key}' (supported: sslmode, application_name, connect_timeout)");
            }
        }
        return builder.ConnectionString;
    }

    /// <summary>The URL as messages show it: postgres://user@host:port/database, without password or parameters.</summary>
    public static string Display(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return "(a PostgreSQL URL)";
        var user = uri.UserInfo.Split(':', 2)[0];
        var port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port;
        return $"postgres://{(user.Length > 0 ? user + "@" : "")}{uri.Host}:{port.ToString(CultureInfo.InvariantCulture)}{uri.AbsolutePath}";
    }
}
