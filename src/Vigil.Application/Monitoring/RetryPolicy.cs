namespace Vigil.Application.Monitoring;

/// <summary>
/// How <see cref="MonitorClient"/> retries a request that may be repeated safely (reads, and ingest, which is
/// idempotent by event id): after a network error, a timeout, a 5xx or a 429 it waits
/// delay(k) = min(<see cref="MaxDelay"/>, <see cref="FirstDelay"/> × 2^(k−1)) × (1 + jitter in [0, 0.25)) before attempt k + 1
/// (a 429's Retry-After, when longer, wins), up to <see cref="MaxAttempts"/> attempts in all.
/// </summary>
/// <param name="MaxAttempts">Attempts in all, the first included (1 = no retry).</param>
/// <param name="FirstDelay">The wait before the second attempt.</param>
/// <param name="MaxDelay">The longest wait between two attempts.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>6 attempts over about 8 seconds: rides out a restart of the service or a brief network failure.</summary>
    public static RetryPolicy Default { get; } = new(6, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(4));

    /// <summary>One attempt only.</summary>
    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt, double jitter)
    {
        var ms = FirstDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        ms = Math.Min(ms, MaxDelay.TotalMilliseconds) * (1 + (0.25 * Math.Clamp(jitter, 0, 1)));
        return TimeSpan.FromMilliseconds(ms);
    }
}
