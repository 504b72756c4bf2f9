using Microsoft.Data.Sqlite;
using Vigil.Monitoring.Store;
using Vigil.Tests.Governance;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Reliability.Tamper;

/// <summary>
/// Editing, deleting or reordering any row of the service's audit trail (in its SQLite store) or any record of the gate's
/// decision log is found by the real commands, `vigil audit-log verify --store` and `vigil gate verify`, which name the
/// first broken link. Table-driven: every row × every kind of tampering. Removing the newest rows leaves a shorter chain
/// that is valid by construction; it is found by comparing the entry count and last hash with those kept elsewhere
/// (`vigil gate` prints its record's hash; the audit trail's last hash is in GET /v1/audit-log) — checked here too.
/// </summary>
public sealed class TamperEvidenceTests : IDisposable
{
    private const int Rows = 8;

    private readonly TempDir _dir = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    public static TheoryData<string, int> AuditTampering()
    {
        var data = new TheoryData<string, int>();
        for (var row = 1; row <= Rows; row++)
        {
            data.Add("edit-detail", row);
            data.Add("edit-actor", row);
            data.Add("edit-time", row);
            data.Add("edit-hash", row);
            if (row < Rows)
            {
                data.Add("delete", row);
                data.Add("swap-with-next", row);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AuditTampering))]
    public async Task AuditLog_AnyRowEditedDeletedOrReordered_IsNamedByAuditLogVerify(string tampering, int row)
    {
        var db = await AuditStoreAsync();
        var ok = CliRunner.Run("audit-log", "verify", "--store", "sqlite:" + db);
        Assert.True(ok.Code == 0, ok.Err);
        Assert.Equal($"intact: {Rows} entries", ok.Out.Trim());

        var sql = tampering switch
        {
            "edit-detail" => $"UPDATE audit_log SET detail = detail || ' (edited)' WHERE sequence = {row}",
            "edit-actor" => $"UPDATE audit_log SET actor = 'someone-else' WHERE sequence = {row}",
            "edit-time" => $"UPDATE audit_log SET at_ms = at_ms + 1 WHERE sequence = {row}",
            "edit-hash" => $"UPDATE audit_log SET hash = replace(hash, substr(hash, 1, 1), CASE substr(hash, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END) WHERE sequence = {row}",
            "delete" => $"DELETE FROM audit_log WHERE sequence = {row}",
            _ => $"UPDATE audit_log SET sequence = -1 WHERE sequence = {row}; UPDATE audit_log SET sequence = {row} WHERE sequence = {row + 1}; UPDATE audit_log SET sequence = {row + 1} WHERE sequence = -1",
        };
        await ExecuteAsync(db, sql);
        var broken = CliRunner.Run("audit-log", "verify", "--store", "sqlite:" + db);
        Assert.Equal(3, broken.Code);
        // the first broken link: the edited or moved row itself, or (a row deleted) the one after it
        var expected = tampering == "delete" ? row + 1 : row;
        // an edited hash is found at the next entry, whose previous hash no longer matches (the last entry: its own hash)
        if (tampering == "edit-hash") Assert.Contains($"audit trail broken at entry {row}", broken.Err, StringComparison.Ordinal);
        else Assert.Contains($"audit trail broken at entry {expected}:", broken.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLog_NewestRowDeleted_LeavesAShorterChain_FoundByTheKeptCountAndHash()
    {
        var db = await AuditStoreAsync();
        await using var store = MonitorStoreFactory.Open("sqlite:" + db);
        var kept = (await store.ReadAuditLogAsync(1, 100))[^1];
        await ExecuteAsync(db, $"DELETE FROM audit_log WHERE sequence = {Rows}");
        var result = CliRunner.Run("audit-log", "verify", "--store", "sqlite:" + db);
        Assert.Equal($"intact: {Rows - 1} entries", result.Out.Trim());
        var last = (await store.ReadAuditLogAsync(1, 100))[^1];
        Assert.NotEqual(kept.Hash, last.Hash);
        Assert.Equal(Rows - 1, last.Sequence);
    }

    public static TheoryData<string, int> DecisionTampering()
    {
        var data = new TheoryData<string, int>();
        for (var row = 1; row <= DecisionRows; row++)
        {
            data.Add("edit-outcome", row);
            data.Add("edit-byte", row);
            if (row < DecisionRows)
            {
                data.Add("delete", row);
                data.Add("swap-with-next", row);
            }
        }
        return data;
    }

    private const int DecisionRows = 4;

    [Theory]
    [MemberData(nameof(DecisionTampering))]
    public void GateDecisionLog_AnyRecordEditedDeletedOrReordered_IsNamedByGateVerify(string tampering, int row)
    {
        var log = DecisionLog();
        var ok = CliRunner.Run("gate", "verify", "--decisions", log);
        Assert.True(ok.Code == 0, ok.Out + ok.Err);
        Assert.Contains($"intact, {DecisionRows} records", ok.Out, StringComparison.Ordinal);

        var lines = File.ReadAllLines(log).ToList();
        var i = row - 1;
        switch (tampering)
        {
            case "edit-outcome":
                Assert.Contains("\"fail\"", lines[i], StringComparison.Ordinal);
                lines[i] = lines[i].Replace("\"fail\"", "\"pass\"", StringComparison.Ordinal);
                break;
            case "edit-byte":
                var at = lines[i].IndexOf("\"policy\"", StringComparison.Ordinal) + 12;
                lines[i] = lines[i][..at] + (lines[i][at] == 'x' ? 'y' : 'x') + lines[i][(at + 1)..];
                break;
            case "delete":
                lines.RemoveAt(i);
                break;
            default:
                (lines[i], lines[i + 1]) = (lines[i + 1], lines[i]);
                break;
        }
        File.WriteAllLines(log, lines);
        var broken = CliRunner.Run("gate", "verify", "--decisions", log);
        Assert.Equal(1, broken.Code);
        Assert.Contains($"BROKEN at record {row}:", broken.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void GateDecisionLog_NewestRecordDeleted_IsFoundByTheHashTheGatePrinted()
    {
        var log = DecisionLog();
        var head = CliRunner.Run("gate", "verify", "--decisions", log).Out;
        var lines = File.ReadAllLines(log);
        File.WriteAllLines(log, lines[..^1]);
        var after = CliRunner.Run("gate", "verify", "--decisions", log);
        Assert.Equal(0, after.Code);
        Assert.Contains($"intact, {DecisionRows - 1} records", after.Out, StringComparison.Ordinal);
        Assert.NotEqual(head[^66..].Trim(), after.Out[^66..].Trim());
    }

    /// <summary>A SQLite store whose audit trail has <see cref="Rows"/> entries, written by the store's own append.</summary>
    private async Task<string> AuditStoreAsync()
    {
        var db = _dir.Combine("audit.db");
        await using var store = MonitorStoreFactory.Open("sqlite:" + db);
        await store.MigrateAsync();
        var at = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Rows; i++)
            await store.AppendAuditAsync(i % 2 == 0 ? "admin" : "dr.ada", i % 3 == 0 ? "key.created" : "alert.acknowledged", $"alert:{i}", $"open -> acknowledged; n={i}", at.AddMinutes(i));
        return db;
    }

    /// <summary>A decision log of <see cref="DecisionRows"/> records written by the real `vigil gate` (a failing policy on the heart audit).</summary>
    private string DecisionLog()
    {
        var log = _dir.Combine("decisions.jsonl");
        for (var i = 0; i < DecisionRows; i++)
        {
            var run = CliRunner.Run("gate", "--policy", GateFixtures.Policy("age-stratified-validation.yaml"), "--audit", GateFixtures.Heart.File, "--decisions", log);
            Assert.True(run.Code == 1, run.Err);
        }
        return log;
    }

    private static async Task ExecuteAsync(string db, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
