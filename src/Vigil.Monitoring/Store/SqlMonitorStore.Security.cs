using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.AuditTrail;

namespace Vigil.Monitoring.Store;

internal sealed partial class SqlMonitorStore
{
    /// <summary>The advisory lock key of the audit chain ("VIGILAUD").</summary>
    private const long AuditLockKey = 0x5649_4749_4C41_5544;

    public async Task AddApiKeyAsync(StoredApiKey key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(key.SecretHash);
        var added = await WriteAsync(async (c, tx) =>
        {
            await using var command = Sql.Command(c, tx, """
                INSERT INTO api_keys (secret_hash, name, role, created_at_ms, revoked) VALUES (@hash, @name, @role, @at, @revoked)
                ON CONFLICT (secret_hash) DO NOTHING
                """);
            Sql.Add(command, "hash", key.SecretHash);
            Sql.Add(command, "name", key.Name);
            Sql.Add(command, "role", key.Role.ToString().ToLowerInvariant());
            Sql.Add(command, "at", key.CreatedAt.ToUnixTimeMilliseconds());
            Sql.Add(command, "revoked", key.Revoked ? 1 : 0);
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
        if (added != 1)
            throw VigilException.Option("key", "a key with this secret exists already; generate a new secret");
    }

    public async Task<StoredApiKey?> FindApiKeyAsync(string secretHash, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            "SELECT name, role, secret_hash, created_at_ms, revoked FROM api_keys WHERE secret_hash = @hash");
        Sql.Add(command, "hash", secretHash);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadKey(reader) : null;
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListApiKeysAsync(CancellationToken ct = default)
    {
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            "SELECT name, role, secret_hash, created_at_ms, revoked FROM api_keys ORDER BY created_at_ms, name, secret_hash");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<StoredApiKey>();
        while (await reader.ReadAsync(ct))
            keys.Add(ReadKey(reader));
        return keys;
    }

    /// <remarks>One transaction: find the keys whose hash starts with the id, and mark the one found revoked.</remarks>
    public async Task<StoredApiKey?> RevokeApiKeyAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != StoredApiKey.IdLength || !id.All(char.IsAsciiHexDigitLower))
            throw VigilException.Option("id", $"'{id}': expected a key id of {StoredApiKey.IdLength} lower-case hex digits (as `vigil serve keys list` and GET /v1/keys show it)");
        return await WriteAsync(async (c, tx) =>
        {
            var found = new List<StoredApiKey>();
            await using (var select = Sql.Command(c, tx,
                "SELECT name, role, secret_hash, created_at_ms, revoked FROM api_keys WHERE substr(secret_hash, 1, @length) = @id"))
            {
                Sql.Add(select, "length", StoredApiKey.IdLength);
                Sql.Add(select, "id", id);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    found.Add(ReadKey(reader));
            }
            if (found.Count == 0)
                return null;
            if (found.Count > 1)
                throw VigilException.Option("id", $"key id {id} matches {found.Count} keys, so it cannot name one; nothing was revoked");
            await using var update = Sql.Command(c, tx, "UPDATE api_keys SET revoked = 1 WHERE secret_hash = @hash");
            Sql.Add(update, "hash", found[0].SecretHash);
            await update.ExecuteNonQueryAsync(ct);
            return found[0];
        }, ct);
    }

    private static StoredApiKey ReadKey(System.Data.Common.DbDataReader reader) =>
        new(reader.GetString(0), Enum.Parse<ServiceRole>(reader.GetString(1), ignoreCase: true), reader.GetString(2),
            DateTimeOffset.FromUnixTimeMilliseconds(Sql.Long(reader, 3)), Sql.Long(reader, 4) != 0);

    public async Task<bool> AnyApiKeyAsync(CancellationToken ct = default)
    {
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, "SELECT 1 FROM api_keys LIMIT 1");
        return await command.ExecuteScalarAsync(ct) is not null and not DBNull;
    }

    /// <remarks>
    /// The next sequence and the previous hash are read and the entry written in one transaction that holds the audit
    /// lock (PostgreSQL advisory transaction lock; SQLite's single writer), so replicas append one after another: no
    /// gaps, no forks. The entry's time is kept to the millisecond (the precision the hash covers).
    /// </remarks>
    public async Task<AuditLogEntry> AppendAuditAsync(string actor, string action, string subject, string detail, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(detail);
        var time = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
        return await WriteAsync(async (c, tx) =>
        {
            await _dialect.LockAsync(c, tx, AuditLockKey, ct);
            long sequence = 1;
            var previous = AuditChain.Genesis;
            await using (var last = Sql.Command(c, tx, "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1"))
            {
                await using var reader = await last.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct))
                {
                    sequence = Sql.Long(reader, 0) + 1;
                    previous = reader.GetString(1);
                }
            }
            var hash = AuditChain.HashOf(previous, sequence, time, actor, action, subject, detail);
            await using var insert = Sql.Command(c, tx, """
                INSERT INTO audit_log (sequence, at_ms, actor, action, subject, detail, previous_hash, hash)
                VALUES (@sequence, @at, @actor, @action, @subject, @detail, @previous, @hash)
                """);
            Sql.Add(insert, "sequence", sequence);
            Sql.Add(insert, "at", time.ToUnixTimeMilliseconds());
            Sql.Add(insert, "actor", actor);
            Sql.Add(insert, "action", action);
            Sql.Add(insert, "subject", subject);
            Sql.Add(insert, "detail", detail);
            Sql.Add(insert, "previous", previous);
            Sql.Add(insert, "hash", hash);
            await insert.ExecuteNonQueryAsync(ct);
            return new AuditLogEntry(sequence, time, actor, action, subject, detail, previous, hash);
        }, ct);
    }

    public async Task<IReadOnlyList<AuditLogEntry>> ReadAuditLogAsync(long fromSequence, int max, CancellationToken ct = default)
    {
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, """
            SELECT sequence, at_ms, actor, action, subject, detail, previous_hash, hash FROM audit_log
            WHERE sequence >= @from ORDER BY sequence LIMIT @max
            """);
        Sql.Add(command, "from", fromSequence);
        Sql.Add(command, "max", max);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<AuditLogEntry>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new AuditLogEntry(Sql.Long(reader, 0), DateTimeOffset.FromUnixTimeMilliseconds(Sql.Long(reader, 1)), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        }
        return result;
    }
}
