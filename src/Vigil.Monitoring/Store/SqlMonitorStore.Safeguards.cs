using System.Data.Common;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Safeguards;

namespace Vigil.Monitoring.Store;

internal sealed partial class SqlMonitorStore
{
    private const string SafeguardColumns = """
        id, model, version_key, attribute_key, level_key, subject, action, rule, source, started_at_ms, ends_at_ms,
        ended_at_ms, ended_by, end_note
        """;

    /// <remarks>
    /// One transaction: each activation is an INSERT ... ON CONFLICT DO NOTHING on the unique key (model, version, rule,
    /// subject, source), so a decision activated twice, or one policy alert raised by two replicas, holds one safeguard.
    /// </remarks>
    public async Task<IReadOnlyList<(ModelSafeguard Safeguard, bool Created)>> ActivateSafeguardsAsync(
        IReadOnlyList<SafeguardActivation> activations, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var atMs = at.ToUnixTimeMilliseconds();
        var ids = await WriteAsync(async (c, tx) =>
        {
            var result = new List<(long, bool)>(activations.Count);
            foreach (var a in activations)
            {
                ArgumentException.ThrowIfNullOrEmpty(a.Model);
                await using (var insert = Sql.Command(c, tx, """
                    INSERT INTO safeguards (model, version_key, attribute_key, level_key, subject, action, rule, source, started_at_ms, ends_at_ms)
                    VALUES (@model, @version, @attribute, @level, @subject, @action, @rule, @source, @at, @ends)
                    ON CONFLICT (model, version_key, rule, subject, source) DO NOTHING
                    RETURNING id
                    """))
                {
                    AddKey(insert, a);
                    Sql.Add(insert, "attribute", a.Attribute ?? "");
                    Sql.Add(insert, "level", a.Level ?? "");
                    Sql.Add(insert, "action", a.Action);
                    Sql.Add(insert, "at", atMs);
                    Sql.Add(insert, "ends", a.EndsAt?.ToUnixTimeMilliseconds());
                    var newId = await insert.ExecuteScalarAsync(ct);
                    if (newId is not null and not DBNull)
                    {
                        result.Add((Sql.Long(newId), true));
                        continue;
                    }
                }
                await using var select = Sql.Command(c, tx,
                    "SELECT id FROM safeguards WHERE model = @model AND version_key = @version AND rule = @rule AND subject = @subject AND source = @source");
                AddKey(select, a);
                result.Add((Sql.Long((await select.ExecuteScalarAsync(ct))!), false));
            }
            return result;
        }, ct);
        var list = new List<(ModelSafeguard, bool)>(ids.Count);
        foreach (var (id, created) in ids)
            list.Add(((await GetSafeguardAsync(id, at, ct))!, created));
        return list;
    }

    public async Task<IReadOnlyList<ModelSafeguard>> ListSafeguardsAsync(string model, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null,
            $"SELECT {SafeguardColumns} FROM safeguards WHERE model = @model AND started_at_ms <= @at ORDER BY started_at_ms, id");
        Sql.Add(command, "model", model);
        Sql.Add(command, "at", at.ToUnixTimeMilliseconds());
        return await ReadSafeguardsAsync(command, at, ct);
    }

    public async Task<ModelSafeguard?> GetSafeguardAsync(long id, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var connection = await _dialect.OpenAsync(ct);
        await using var command = Sql.Command(connection, null, $"SELECT {SafeguardColumns} FROM safeguards WHERE id = @id");
        Sql.Add(command, "id", id);
        var found = await ReadSafeguardsAsync(command, at, ct);
        return found.Count == 0 ? null : found[0];
    }

    /// <remarks>One conditional UPDATE: only a safeguard not yet ended moves, so two users ending it at once end it once.</remarks>
    public async Task<ModelSafeguard?> EndSafeguardAsync(long id, string user, string? note, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        var ended = await WriteAsync(async (c, tx) =>
        {
            await using var update = Sql.Command(c, tx,
                "UPDATE safeguards SET ended_at_ms = @at, ended_by = @user, end_note = @note WHERE id = @id AND ended_at_ms IS NULL");
            Sql.Add(update, "at", at.ToUnixTimeMilliseconds());
            Sql.Add(update, "user", user);
            Sql.Add(update, "note", note);
            Sql.Add(update, "id", id);
            return await update.ExecuteNonQueryAsync(ct) == 1;
        }, ct);
        return ended ? await GetSafeguardAsync(id, at, ct) : null;
    }

    private static void AddKey(DbCommand command, SafeguardActivation a)
    {
        Sql.Add(command, "model", a.Model);
        Sql.Add(command, "version", a.Version ?? "");
        Sql.Add(command, "rule", a.Rule);
        Sql.Add(command, "subject", a.Subject);
        Sql.Add(command, "source", a.Source);
    }

    private static async Task<IReadOnlyList<ModelSafeguard>> ReadSafeguardsAsync(DbCommand command, DateTimeOffset at, CancellationToken ct)
    {
        var atMs = at.ToUnixTimeMilliseconds();
        var result = new List<ModelSafeguard>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var endsAt = Sql.LongOrNull(reader, 10);
            var endedAt = Sql.LongOrNull(reader, 11);
            result.Add(new ModelSafeguard(
                Sql.Long(reader, 0), reader.GetString(1), Empty(reader.GetString(2)), Empty(reader.GetString(3)), Empty(reader.GetString(4)),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8),
                DateTimeOffset.FromUnixTimeMilliseconds(Sql.Long(reader, 9)), Time(endsAt), Time(endedAt), Sql.TextOrNull(reader, 12),
                Sql.TextOrNull(reader, 13), SafeguardStates.At(endsAt, endedAt, atMs)));
        }
        return result;
    }

    private static string? Empty(string text) => text.Length == 0 ? null : text;

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
