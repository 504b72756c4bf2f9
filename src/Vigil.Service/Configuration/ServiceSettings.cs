namespace Vigil.Service.Configuration;

/// <summary>
/// Everything `vigil serve` reads besides its store and addresses: from the config file (YAML or JSON, snake_case
/// keys; docs/service.md) overridden by environment variables. Secrets (the pseudonym key, the bootstrap admin key, the
/// JWT signing key) are best given by environment so the config file can be shared.
/// </summary>
/// <param name="PseudonymKey">HMAC key of patient and encounter pseudonyms (at least 32 bytes). Required.</param>
/// <param name="BootstrapAdminKey">An admin API key secret stored (hashed) as "bootstrap-admin" only when no key exists yet.</param>
/// <param name="Jwt">JWT bearer settings, or null when only API keys authenticate.</param>
/// <param name="MaxRequestBytes">Largest request body accepted (413 above).</param>
/// <param name="MaxBatchEvents">Most events in one ingest request (413 above).</param>
/// <param name="RateLimitPerSecond">Requests per second one caller may make (token bucket, burst of the same size; 429 above).</param>
/// <param name="EvaluationInterval">How often maturity and the monitors run in the background (zero: never; POST /v1/evaluate still runs them).</param>
/// <param name="WebhookPollInterval">How often the outbox is polled for due webhook deliveries.</param>
/// <param name="WebhookRetryBaseDelay">First in-process retry delay of a webhook POST (exponential with jitter after it).</param>
/// <param name="WebhookMaxAttempts">Outbox attempts before a delivery is given up (each attempt retries in process too).</param>
public sealed record ServiceSettings(
    byte[] PseudonymKey,
    string? BootstrapAdminKey,
    JwtSettings? Jwt,
    long MaxRequestBytes,
    int MaxBatchEvents,
    int RateLimitPerSecond,
    TimeSpan EvaluationInterval,
    TimeSpan WebhookPollInterval,
    TimeSpan WebhookRetryBaseDelay,
    int WebhookMaxAttempts)
{
    /// <summary>Default largest body: 8 MiB (10,000 predictions of a few hundred bytes fit).</summary>
    public const long DefaultMaxRequestBytes = 8L << 20;

    /// <summary>Default and hard ceiling of events per ingest request.</summary>
    public const int DefaultMaxBatchEvents = 10_000;

    /// <summary>Default requests per second per caller.</summary>
    public const int DefaultRateLimitPerSecond = 1_000;
}

/// <summary>JWT bearer validation (HS256): tokens must carry this issuer and audience, a "sub" (the user) and a "role".</summary>
/// <param name="Issuer">Expected "iss".</param>
/// <param name="Audience">Expected "aud".</param>
/// <param name="SigningKey">The HS256 key (at least 32 bytes).</param>
public sealed record JwtSettings(string Issuer, string Audience, byte[] SigningKey);
