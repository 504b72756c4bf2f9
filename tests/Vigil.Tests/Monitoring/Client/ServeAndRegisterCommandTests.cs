using Vigil.Cli.Commands;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Monitoring.Client;

/// <summary>The commands that need no running service: keys straight into a store, verify from the store, register to a file.</summary>
public sealed class ServeAndRegisterCommandTests
{
    [Fact]
    public void Keys_add_prints_the_secret_once_and_records_it_in_a_verifiable_trail()
    {
        using var dir = new TempDir();
        var store = "sqlite:" + dir.Combine("keys.db");
        var (code, output, err) = CliRunner.Run("serve", "keys", "add", "--store", store, "--name", "ops", "--role", "admin");
        Assert.True(code == 0, err);
        var secret = output.Trim();
        Assert.StartsWith("vgl_", secret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, err, StringComparison.Ordinal);
        Assert.Contains("shown once", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("serve", "keys", "add", "--store", store, "--name", "feed", "--role", "ingest");
        Assert.True(code == 0, err);

        (code, output, err) = CliRunner.Run("audit-log", "verify", "--store", store);
        Assert.True(code == 0, err);
        Assert.Equal("intact: 2 entries", output.Trim());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.DoesNotContain(secret, File.ReadAllText(dir.Combine("keys.db"), System.Text.Encoding.Latin1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_list_shows_ids_and_revoke_marks_the_key_revoked_in_the_store_and_the_trail()
    {
        using var dir = new TempDir();
        var store = "sqlite:" + dir.Combine("keys.db");
        var (code, output, err) = CliRunner.Run("serve", "keys", "add", "--store", store, "--name", "feed", "--role", "ingest");
        Assert.True(code == 0, err);
        var secret = output.Trim();
        var id = Vigil.Service.ApiKeys.HashOf(secret)[..12];

        (code, output, err) = CliRunner.Run("serve", "keys", "list", "--store", store);
        Assert.True(code == 0, err);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.Contains("feed", line, StringComparison.Ordinal);
        Assert.Contains("ingest", line, StringComparison.Ordinal);
        Assert.EndsWith("active", line.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run("serve", "keys", "revoke", id, "--store", store);
        Assert.True(code == 0, err);
        Assert.Contains("revoked ingest key " + id, err, StringComparison.Ordinal);
        (code, output, _) = CliRunner.Run("serve", "keys", "list", "--store", store);
        Assert.EndsWith("revoked", Assert.Single(output.Split('\n'), l => l.StartsWith(id, StringComparison.Ordinal)).TrimEnd(), StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("serve", "keys", "revoke", id, "--store", store);
        Assert.True(code == 0, err);
        Assert.Contains("already revoked", err, StringComparison.Ordinal);

        await using (var opened = await Vigil.Monitoring.Store.MonitorStoreFactory.OpenAsync(store))
        {
            Assert.True((await opened.FindApiKeyAsync(Vigil.Service.ApiKeys.HashOf(secret)))!.Revoked);
            var trail = await opened.ReadAuditLogAsync(1, 100);
            var entry = Assert.Single(trail, e => e.Action == "key.revoked");
            Assert.Equal(("cli", "feed"), (entry.Actor, entry.Subject));
        }
        (code, output, err) = CliRunner.Run("audit-log", "verify", "--store", store);
        Assert.True(code == 0, err);
        Assert.Equal("intact: 2 entries", output.Trim());

        (code, _, err) = CliRunner.Run("serve", "keys", "revoke", "000000000000", "--store", store);
        Assert.Equal(2, code);
        Assert.Contains("000000000000", err, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void Keys_add_refuses_an_unknown_role_and_verify_a_missing_store()
    {
        using var dir = new TempDir();
        var (code, _, err) = CliRunner.Run("serve", "keys", "add", "--store", "sqlite:" + dir.Combine("k.db"), "--name", "ops", "--role", "root");
        Assert.Equal(2, code);
        Assert.Contains("root", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("audit-log", "verify", "--store", "sqlite:" + dir.Combine("none.db"));
        Assert.Equal(2, code);
        Assert.Contains("no such file", err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("none.db")));
    }

    [Fact]
    public void Register_names_the_flag_of_an_invalid_field()
    {
        using var dir = new TempDir();
        var (code, output, err) = CliRunner.Run("monitor", "register", "--reference-data", TestFiles.Golden(Path.Combine("monitoring", "sepsis-reference.csv")),
            "--label", "label", "--score", "score", "--protected", "sex", "--model-id", "sepsis-ews", "--model-version", "1",
            "--intended-use", "test", "--outcome-kind", "sepsis_onset", "--window-hours", "-3");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("--window-hours outcome.window_hours: -3: expected hours above 0", err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_is_logged_without_its_password()
    {
        Assert.Equal("postgres://vigil:***@db:5432/vigil", ServeCommand.Redacted("postgres://vigil:s3cret@db:5432/vigil"));
        Assert.Equal("Host=db;Password=***;Database=v", ServeCommand.Redacted("Host=db;Password=s3cret;Database=v"));
        Assert.Equal("sqlite:vigil-monitor.db", ServeCommand.Redacted("sqlite:vigil-monitor.db"));
    }
}
