using System.Globalization;
using Npgsql;
using Vigil.Core;

namespace Vigil.Monitoring.Store;

/// <summary>PostgreSQL URLs (postgres://user:password@host:port/database?sslmode=...) as Npgsql connection strings.</summary>
internal static class PostgresUrl
{
    /// <summary>The Npgsql connection string of a URL; user, password and database are URL-decoded.</summary>
    /// <exception cref="VigilException">Not a usable URL (parameter "store").</exception>
    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw VigilException.Option("store", "not a PostgreSQL URL: expected postgres://user:password@host:port/database");
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
            throw VigilException.Option("store", "the PostgreSQL URL names no database: expected postgres://user:password@host:port/database");
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
                        _ => throw VigilException.Option("store", $"sslmode={value}: expected disable, allow, prefer, require, verify-ca or verify-full"),
                    };
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw VigilException.Option("store", $"unsupported PostgreSQL URL parameter '{key}' (supported: sslmode, application_name, connect_timeout)");
            }
        }
        return builder.ConnectionString;
    }
}
