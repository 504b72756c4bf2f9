namespace Vigil.Monitoring.Store;

internal sealed partial class SqlMonitorStore
{
    public async Task EnqueueWebhookAsync(string url, string payload, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentNullException.ThrowIfNull(payload);
        await WriteAsync(async (c, tx) =>
        {
            await using var command = Sql.Command(c, tx, """
                INSERT INTO webhook_outbox (url, payload, created_at_ms, attempts, next_at_ms) VALUES (@url, @payload, @at, 0, @at)
                """);
            Sql.Add(command, "url", url);
            Sql.Add(command, "payload", payload);
            Sql.Add(command, "at", at.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    /// <remarks>
    /// A delivery is due when it is not delivered, not given up (next_at set), its next attempt time has come and no
    /// lease on it is running. Claiming sets its lease end; PostgreSQL skips rows another replica is claiming at the same
    /// moment (FOR UPDATE SKIP LOCKED), SQLite's single writer serialises claims. <see cref="WebhookDelivery.Attempts"/>
    /// is the number of attempts completed before this one.
    /// </remarks>
    public async Task<IReadOnlyList<WebhookDelivery>> ClaimWebhooksAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var nowMs = now.ToUnixTimeMilliseconds();
        return await WriteAsync(async (c, tx) =>
        {
            await using var command = Sql.Command(c, tx, $"""
                UPDATE webhook_outbox SET lease_until_ms = @lease
                WHERE id IN (
                    SELECT id FROM webhook_outbox
                    WHERE delivered_at_ms IS NULL AND next_at_ms IS NOT NULL AND next_at_ms <= @now
                      AND (lease_until_ms IS NULL OR lease_until_ms <= @now)
                    ORDER BY next_at_ms, id LIMIT @max{_dialect.SkipLocked})
                RETURNING id, url, payload, attempts
                """);
            Sql.Add(command, "lease", nowMs + (long)lease.TotalMilliseconds);
            Sql.Add(command, "now", nowMs);
            Sql.Add(command, "max", max);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var result = new List<WebhookDelivery>();
            while (await reader.ReadAsync(ct))
                result.Add(new WebhookDelivery(Sql.Long(reader, 0), reader.GetString(1), reader.GetString(2), (int)Sql.Long(reader, 3)));
            result.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            return (IReadOnlyList<WebhookDelivery>)result;
        }, ct);
    }

    /// <remarks>Delivered: delivered_at is set. Not delivered: the attempt is counted and the error kept; with a retry time the lease ends and the delivery is due again then, without one it is given up (kept for the record, never claimed again).</remarks>
    public async Task CompleteWebhookAsync(long id, bool delivered, DateTimeOffset? retryAt, string? error, CancellationToken ct = default)
    {
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await WriteAsync(async (c, tx) =>
        {
            await using var command = Sql.Command(c, tx, delivered
                ? "UPDATE webhook_outbox SET delivered_at_ms = @now, attempts = attempts + 1, lease_until_ms = NULL, error = NULL WHERE id = @id"
                : "UPDATE webhook_outbox SET attempts = attempts + 1, next_at_ms = @next, lease_until_ms = NULL, error = @error WHERE id = @id");
            Sql.Add(command, "id", id);
            if (delivered)
            {
                Sql.Add(command, "now", nowMs);
            }
            else
            {
                Sql.Add(command, "next", retryAt?.ToUnixTimeMilliseconds());
                Sql.Add(command, "error", error);
            }
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }
}
