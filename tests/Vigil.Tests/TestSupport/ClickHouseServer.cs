using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Vigil.Tests.TestSupport;

/// <summary>The tests that use a real ClickHouse share one server per run.</summary>
[CollectionDefinition(ClickHouseServer.Collection)]
public sealed class ClickHouseGroup : ICollectionFixture<ClickHouseServer>;

/// <summary>
/// A real ClickHouse server for the tests, spoken to over its HTTP interface. VIGIL_TEST_CLICKHOUSE (an http://host:port
/// base address; the user and password in CLICKHOUSE_USER and CLICKHOUSE_PASSWORD) names an existing server; otherwise a
/// throwaway server is started on first use, like the PostgreSQL fixture: clickhouse-server with its own config.xml and
/// users.xml in a temp folder (data, tmp and logs there too), listening on 127.0.0.1 only, on a free port, HTTP only (no
/// native TCP port), one user `vigil` with the password <see cref="Password"/>; ready when GET /ping answers. Each test
/// class (or test) gets a fresh database (CREATE DATABASE vigil_t_&lt;guid&gt;). At the end the server is killed and its
/// folder deleted; on an existing server the databases created are dropped. Without the server binary the tests that
/// need ClickHouse fail with a message saying how to get it (test.sh installs the Debian package clickhouse-server).
/// </summary>
public sealed class ClickHouseServer : IAsyncLifetime
{
    /// <summary>The xunit collection of the ClickHouse tests.</summary>
    public const string Collection = "clickhouse";

    /// <summary>The environment variable naming an existing server.</summary>
    public const string EnvironmentVariable = "VIGIL_TEST_CLICKHOUSE";

    /// <summary>The password of the throwaway server's user (the tests check that no message repeats it).</summary>
    public const string Password = "ch-s3cret-Pw-13";

    private readonly Lock _sync = new();
    private readonly List<string> _databases = [];
    private HttpClient? _client;
    private Uri? _base;
    private string _user = "vigil";
    private string _password = Password;
    private string? _folder;
    private Process? _process;

    /// <summary>What the tests run against (for messages).</summary>
    public string? Description { get; private set; }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>A fresh, empty database; returns its clickhouse:// URL with the password.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "vigil_t_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE {name}");
        lock (_databases)
            _databases.Add(name);
        return $"clickhouse://{Uri.EscapeDataString(_user)}:{Uri.EscapeDataString(_password)}@{_base!.Host}:{_base.Port}/{name}";
    }

    /// <summary>Runs one statement; <paramref name="data"/> is the body of an INSERT … FORMAT … (the statement then goes in the URL).</summary>
    public async Task ExecuteAsync(string sql, string? data = null, string? database = null)
    {
        var client = Client();
        var query = database is null ? "" : "database=" + Uri.EscapeDataString(database) + "&";
        using var request = data is null
            ? new HttpRequestMessage(HttpMethod.Post, new Uri(_base!, "/?" + query.TrimEnd('&'))) { Content = new StringContent(sql, Encoding.UTF8) }
            : new HttpRequestMessage(HttpMethod.Post, new Uri(_base!, "/?" + query + "query=" + Uri.EscapeDataString(sql)))
            {
                Content = new StringContent(data, Encoding.UTF8),
            };
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"ClickHouse ({Description}) refused {sql}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task DisposeAsync()
    {
        if (_client is null)
            return;
        if (_process is null)
        {
            foreach (var name in _databases)
                await ExecuteAsync($"DROP DATABASE IF EXISTS {name}");
            _client.Dispose();
            return;
        }
        _client.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder!, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private HttpClient Client()
    {
        lock (_sync)
        {
            if (_client is not null)
                return _client;
            if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external)
            {
                _base = new Uri(external);
                _user = Environment.GetEnvironmentVariable("CLICKHOUSE_USER") ?? "default";
                _password = Environment.GetEnvironmentVariable("CLICKHOUSE_PASSWORD") ?? "";
                Description = EnvironmentVariable;
            }
            else
            {
                StartServer();
            }
            var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user}:{_password}")));
            _client = client;
            return client;
        }
    }

    private void StartServer()
    {
        var binary = FindBinary();
        _folder = Path.Combine(Path.GetTempPath(), "vigil-ch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var port = FreePort();
        File.WriteAllText(Path.Combine(_folder, "config.xml"), $"""
            <?xml version="1.0"?>
            <yandex>
              <logger><level>warning</level><log>{_folder}/server.log</log><errorlog>{_folder}/server.err.log</errorlog></logger>
              <http_port>{port}</http_port>
              <listen_host>127.0.0.1</listen_host>
              <path>{_folder}/data/</path>
              <tmp_path>{_folder}/tmp/</tmp_path>
              <user_files_path>{_folder}/user_files/</user_files_path>
              <format_schema_path>{_folder}/format_schemas/</format_schema_path>
              <users_config>users.xml</users_config>
              <default_profile>default</default_profile>
              <default_database>default</default_database>
              <mark_cache_size>67108864</mark_cache_size>
              <uncompressed_cache_size>67108864</uncompressed_cache_size>
              <max_concurrent_queries>50</max_concurrent_queries>
            </yandex>
            """);
        File.WriteAllText(Path.Combine(_folder, "users.xml"), $"""
            <?xml version="1.0"?>
            <yandex>
              <profiles><default><max_memory_usage>2000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
              <users>
                <vigil>
                  <password>{Password}</password>
                  <networks><ip>127.0.0.1</ip></networks>
                  <profile>default</profile>
                  <quota>default</quota>
                </vigil>
              </users>
              <quotas><default></default></quotas>
            </yandex>
            """);
        var info = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        info.ArgumentList.Add("--config-file=" + Path.Combine(_folder, "config.xml"));
        _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _base = new Uri($"http://127.0.0.1:{port}/");
        Description = $"{binary} on 127.0.0.1:{port}";
        using var ping = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{binary} exited with {_process.ExitCode} at start: {Log()}");
            try
            {
                using var response = ping.GetAsync(new Uri(_base, "/ping")).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            Thread.Sleep(100);
        }
        throw new InvalidOperationException($"{binary} did not answer /ping on 127.0.0.1:{port} within 60 s: {Log()}");
    }

    private string Log()
    {
        var path = Path.Combine(_folder!, "server.err.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }

    private static string FindBinary()
    {
        string[] candidates = ["/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server"];
        var found = candidates.FirstOrDefault(File.Exists)
            ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Path.Combine(d, "clickhouse-server")).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            "ClickHouse server binary not found (clickhouse-server in /usr/sbin, /usr/bin or on PATH). The ClickHouse push-down tests need " +
            "a real server: run ./test.sh, which installs the Debian package clickhouse-server (apt-get install -y --no-install-recommends " +
            $"clickhouse-server), or set {EnvironmentVariable} to the http://host:port of a server (user and password in CLICKHOUSE_USER, CLICKHOUSE_PASSWORD).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
