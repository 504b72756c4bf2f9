using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Tests.Monitoring.Service;

namespace Vigil.Tests.Reliability.Crash;

/// <summary>
/// `vigil serve` as a real process (the built CLI, `dotnet vigil.dll serve`) on a free loopback port, with the test
/// secrets in its environment (never on its command line), its output kept for scanning. <see cref="Kill"/> is SIGKILL:
/// no shutdown hook, no flush, as in a power cut of the process.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>Everything the process wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts the service over <paramref name="store"/> and waits until /ready answers 200 (or fails after 60 s).</summary>
    public static async Task<ServeProcess> StartAsync(string store, CancellationToken ct = default)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "vigil.dll"), "serve", "--store", store, "--urls", $"http://127.0.0.1:{port}" })
            info.ArgumentList.Add(a);
        foreach (var (k, v) in ServiceTestHost.Environment()) info.Environment[k] = v;
        info.Environment["VIGIL_EVALUATION_INTERVAL_SECONDS"] = "0";
        info.Environment["VIGIL_RATE_LIMIT_PER_SECOND"] = "100000";
        var serve = new ServeProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"), new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = serve.Address, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (serve._process.HasExited) throw new InvalidOperationException($"vigil serve exited with {serve._process.ExitCode}: {serve.Output}");
            try
            {
                using var ready = await client.GetAsync("/ready", ct);
                if (ready.StatusCode == HttpStatusCode.OK) return serve;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // slow to answer under load
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                serve.Kill();
                throw new TimeoutException($"vigil serve not ready within 60 s: {serve.Output}");
            }
            await Task.Delay(15, ct);
        }
    }

    /// <summary>SIGKILL, then wait for the process to be gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
