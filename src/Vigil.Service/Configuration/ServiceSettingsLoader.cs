using System.Globalization;
using Vigil.Core;
using Vigil.Monitoring;

namespace Vigil.Service.Configuration;

/// <summary>
/// Builds <see cref="ServiceSettings"/> from the config file and the environment (an environment variable wins over
/// the file's key). Every failure names the key or variable; a missing pseudonym key refuses to start with how to make
/// one, because without it identifiers could not be replaced at the edge.
/// </summary>
internal static class ServiceSettingsLoader
{
    /// <summary>Config key → environment variable: the whole set of settings (any other key in the file is refused).</summary>
    internal static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pseudonym_key"] = "VIGIL_PSEUDONYM_KEY",
        ["pseudonym_key_file"] = "VIGIL_PSEUDONYM_KEY_FILE",
        ["bootstrap_admin_key"] = "VIGIL_BOOTSTRAP_ADMIN_KEY",
        ["jwt.issuer"] = "VIGIL_JWT_ISSUER",
        ["jwt.audience"] = "VIGIL_JWT_AUDIENCE",
        ["jwt.signing_key"] = "VIGIL_JWT_SIGNING_KEY",
        ["limits.max_request_bytes"] = "VIGIL_MAX_REQUEST_BYTES",
        ["limits.max_batch_events"] = "VIGIL_MAX_BATCH_EVENTS",
        ["limits.rate_limit_per_second"] = "VIGIL_RATE_LIMIT_PER_SECOND",
        ["evaluation.interval_seconds"] = "VIGIL_EVALUATION_INTERVAL_SECONDS",
        ["webhooks.poll_seconds"] = "VIGIL_WEBHOOK_POLL_SECONDS",
        ["webhooks.retry_base_delay_ms"] = "VIGIL_WEBHOOK_RETRY_BASE_DELAY_MS",
        ["webhooks.max_attempts"] = "VIGIL_WEBHOOK_MAX_ATTEMPTS",
    };

    /// <summary>The message of a service started without a pseudonym key.</summary>
    internal const string MissingPseudonymKey =
        "no pseudonym key: set VIGIL_PSEUDONYM_KEY (or pseudonym_key / pseudonym_key_file in the config file) to a secret of at least 32 bytes in base64, "
        + "made once with `openssl rand -base64 32` and kept stable (a new key breaks the join of later outcomes to earlier predictions). "
        + "The service replaces patient and encounter ids with keyed pseudonyms at the edge and will not start without it";

    /// <summary>Loads the settings; <paramref name="environment"/> reads a variable (null: unset).</summary>
    public static ServiceSettings Load(string? configPath, Func<string, string?> environment)
    {
        var file = configPath is null ? new Dictionary<string, string>(StringComparer.Ordinal) : ConfigFileReader.Read(configPath);
        foreach (var key in file.Keys)
            if (!Keys.ContainsKey(key))
                throw VigilException.Option("config", $"{configPath}: unknown key '{key}'; expected one of: {string.Join(", ", Keys.Keys)}");

        string? Get(string key) => environment(Keys[key]) is { Length: > 0 } env ? env : file.GetValueOrDefault(key);
        string Name(string key) => environment(Keys[key]) is { Length: > 0 } ? Keys[key] : key;

        return new ServiceSettings(
            PseudonymKey: PseudonymKey(Get("pseudonym_key"), Get("pseudonym_key_file"), Name("pseudonym_key"), Name("pseudonym_key_file")),
            BootstrapAdminKey: Get("bootstrap_admin_key"),
            Jwt: Jwt(Get("jwt.issuer"), Get("jwt.audience"), Get("jwt.signing_key"), Name("jwt.signing_key")),
            MaxRequestBytes: Integer(Get("limits.max_request_bytes"), Name("limits.max_request_bytes"), ServiceSettings.DefaultMaxRequestBytes, 1024, 1L << 30),
            MaxBatchEvents: (int)Integer(Get("limits.max_batch_events"), Name("limits.max_batch_events"), ServiceSettings.DefaultMaxBatchEvents, 1, ServiceSettings.DefaultMaxBatchEvents),
            RateLimitPerSecond: (int)Integer(Get("limits.rate_limit_per_second"), Name("limits.rate_limit_per_second"), ServiceSettings.DefaultRateLimitPerSecond, 1, 1_000_000),
            EvaluationInterval: TimeSpan.FromSeconds(Number(Get("evaluation.interval_seconds"), Name("evaluation.interval_seconds"), 60, 0, 86_400)),
            WebhookPollInterval: TimeSpan.FromSeconds(Number(Get("webhooks.poll_seconds"), Name("webhooks.poll_seconds"), 5, 0.01, 3_600)),
            WebhookRetryBaseDelay: TimeSpan.FromMilliseconds(Number(Get("webhooks.retry_base_delay_ms"), Name("webhooks.retry_base_delay_ms"), 2_000, 1, 600_000)),
            WebhookMaxAttempts: (int)Integer(Get("webhooks.max_attempts"), Name("webhooks.max_attempts"), 10, 1, 100));
    }

    private static byte[] PseudonymKey(string? base64, string? file, string name, string fileName)
    {
        if (base64 is null && file is not null)
        {
            if (!File.Exists(file)) throw VigilException.Option("pseudonym_key_file", $"{fileName}: {file}: no such file");
            base64 = File.ReadAllText(file).Trim();
            name = fileName;
        }
        if (base64 is null) throw VigilException.Option("pseudonym_key", MissingPseudonymKey);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw VigilException.Option("pseudonym_key", $"{name}: not base64; make a key with `openssl rand -base64 32`");
        }
        if (key.Length < Pseudonymizer.MinKeyBytes)
            throw VigilException.Option("pseudonym_key", $"{name}: {key.Length} bytes; expected at least {Pseudonymizer.MinKeyBytes} (make one with `openssl rand -base64 32`)");
        return key;
    }

    private static JwtSettings? Jwt(string? issuer, string? audience, string? signingKey, string keyName)
    {
        if (issuer is null && audience is null && signingKey is null) return null;
        if (issuer is null || audience is null || signingKey is null)
            throw VigilException.Option("jwt", "JWT needs all of issuer, audience and signing_key (VIGIL_JWT_ISSUER, VIGIL_JWT_AUDIENCE, VIGIL_JWT_SIGNING_KEY)");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(signingKey.Trim());
        }
        catch (FormatException)
        {
            throw VigilException.Option("jwt.signing_key", $"{keyName}: not base64; make a key with `openssl rand -base64 32`");
        }
        if (key.Length < 32)
            throw VigilException.Option("jwt.signing_key", $"{keyName}: {key.Length} bytes; HS256 needs at least 32");
        return new JwtSettings(issuer, audience, key);
    }

    private static long Integer(string? text, string name, long fallback, long min, long max)
    {
        if (text is null) return fallback;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw VigilException.Option(name, $"{name}: '{text}'; expected a whole number in [{min}, {max}]");
        return v;
    }

    private static double Number(string? text, string name, double fallback, double min, double max)
    {
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= min && v <= max))
            throw VigilException.Option(name, $"{name}: '{text}'; expected a number in [{min}, {max}]");
        return v;
    }
}
