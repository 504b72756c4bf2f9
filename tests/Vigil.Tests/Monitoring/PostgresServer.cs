using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Vigil.Tests.Monitoring;

/// <summary>The tests that use a real PostgreSQL share one server per run.</summary>
[CollectionDefinition(PostgresServer.Collection)]
public sealed class PostgresGroup : ICollectionFixture<PostgresServer>;

/// <summary>
/// A real PostgreSQL server for the tests. VIGIL_TEST_POSTGRES (an Npgsql connection string of a role that may create
/// databases) names an existing server; otherwise a throwaway cluster is started on first use: initdb into a temp folder,
/// pg_ctl start on a free loopback port with its socket in that folder, fsync off (speed; nothing here must survive a
/// crash), run as the `postgres` OS user when the tests run as root (initdb refuses root). Each test class (or test)
/// gets a fresh database (CREATE DATABASE vigil_t_&lt;guid&gt;). At the end the cluster is stopped (immediate) and its
/// folder deleted; on an existing server the databases created are dropped. Without the server binaries the tests that
/// need PostgreSQL fail with a message saying how to get them (test.sh installs the Debian package postgresql).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The xunit collection of the PostgreSQL tests.</summary>
    public const string Collection = "postgres";

    /// <summary>The environment variable naming an existing server.</summary>
    public const string EnvironmentVariable = "VIGIL_TEST_POSTGRES";

    private readonly Lock _sync = new();
    private readonly List<string> _databases = [];
    private string? _admin;
    private string? _folder;
    private string? _bin;
    private bool _asPostgresUser;

    /// <summary>What the tests run against (for messages): "VIGIL_TEST_POSTGRES" or the cluster's initdb path and port.</summary>
    public string? Description { get; private set; }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>A fresh, empty database; returns its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var admin = Admin();
        var name = "vigil_t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        lock (_databases)
            _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_admin is null)
            return;
        if (_folder is null)
        {
            // An existing server: drop what the tests created.
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            foreach (var name in _databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        Run(Path.Combine(_bin!, "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"], check: false);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string DataFolder => Path.Combine(_folder!, "data");

    private string Admin()
    {
        lock (_sync)
        {
            _admin ??= Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external
                ? UseExisting(external)
                : StartCluster();
            return _admin;
        }
    }

    private string UseExisting(string connectionString)
    {
        Description = EnvironmentVariable;
        return connectionString;
    }

    private string StartCluster()
    {
        _bin = FindBinaries();
        _asPostgresUser = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        _folder = Path.Combine(Path.GetTempPath(), "vigil-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        if (_asPostgresUser)
            Run("chown", ["-R", "postgres:postgres", _folder], check: true, asPostgres: false);
        Run(Path.Combine(_bin, "initdb"), ["-D", DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "-N"], check: true);
        var port = FreePort();
        Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o",
            $"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_folder} -c fsync=off -c synchronous_commit=off " +
            "-c full_page_writes=off -c dynamic_shared_memory_type=mmap -c max_connections=200", "start"], check: true);
        Description = $"{_bin} on 127.0.0.1:{port}";
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException(
                "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb and pg_ctl). The PostgreSQL store tests need a " +
                "real server: run ./test.sh, which installs the Debian package postgresql (apt-get install -y --no-install-recommends " +
                $"postgresql), or set {EnvironmentVariable} to the connection string of a server where this role may create databases.");
        }
        return candidates[0];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Run(string program, IReadOnlyList<string> arguments, bool check, bool? asPostgres = null)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres ?? _asPostgresUser)
        {
            info.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", program])
                info.ArgumentList.Add(a);
        }
        else
        {
            info.FileName = program;
        }
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish within 2 minutes");
        }
        if (check && process.ExitCode != 0)
        {
            var log = _folder is not null && File.Exists(Path.Combine(_folder, "server.log")) ? File.ReadAllText(Path.Combine(_folder, "server.log")) : "";
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {stdout.Result} {stderr.Result} {log}");
        }
    }
}
