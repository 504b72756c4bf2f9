using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vigil.Core;

namespace Vigil.Reporting.Browser;

/// <summary>What a page did while loading: console errors, uncaught exceptions, log errors and failed loads.</summary>
public sealed record PageProblems(IReadOnlyList<string> ConsoleErrors, IReadOnlyList<string> Exceptions, IReadOnlyList<string> LogErrors, IReadOnlyList<string> FailedLoads)
{
    /// <summary>True when nothing went wrong.</summary>
    public bool IsClean => ConsoleErrors.Count == 0 && Exceptions.Count == 0 && LogErrors.Count == 0 && FailedLoads.Count == 0;

    /// <summary>Every problem, one per line, prefixed by its kind.</summary>
    public IEnumerable<string> All =>
        ConsoleErrors.Select(e => "console.error: " + e)
            .Concat(Exceptions.Select(e => "exception: " + e))
            .Concat(LogErrors.Select(e => "log error: " + e))
            .Concat(FailedLoads.Select(e => "failed load: " + e));
}

/// <summary>The result of <see cref="ChromiumRenderer.Render"/>: the problems seen, the PDF and screenshot when asked for, and the browser's version.</summary>
public sealed record RenderResult(PageProblems Problems, byte[]? Pdf, byte[]? Screenshot, string BrowserVersion)
{
    /// <summary>The string value of <see cref="RenderOptions.Evaluate"/> after the page loaded, or null when none was given.</summary>
    public string? Evaluation { get; init; }
}

/// <summary>What to produce; <see cref="Timeout"/> bounds the whole run (launch, load, print, capture).</summary>
public sealed record RenderOptions(bool Pdf, bool Screenshot, TimeSpan Timeout)
{
    /// <summary>The width of the page's viewport in CSS pixels (the height is 900).</summary>
    public int ViewportWidth { get; init; } = 1100;

    /// <summary>
    /// A JavaScript expression evaluated in the page after it loaded (before printing), e.g. a measurement of its layout;
    /// it must produce a string (JSON.stringify(...)), returned in <see cref="RenderResult.Evaluation"/>. A thrown
    /// exception is a <see cref="ChromiumException"/>.
    /// </summary>
    public string? Evaluate { get; init; }
}

/// <summary>
/// Renders a local HTML file in headless Chromium through the Chrome DevTools Protocol (CDP) over a WebSocket:
/// launches <c>chromium --headless=new --no-sandbox --disable-gpu --remote-debugging-port=0 --user-data-dir=TEMP</c>,
/// reads the chosen port from the profile's <c>DevToolsActivePort</c> file (or the "DevTools listening on" line of
/// stderr), opens a page target, enables Page, Runtime, Log and Network, navigates to the file:// URL and waits for
/// <c>Page.loadEventFired</c>, collecting <c>Runtime.consoleAPICalled</c> (type error/assert),
/// <c>Runtime.exceptionThrown</c>, <c>Log.entryAdded</c> (level error) and <c>Network.loadingFailed</c>; then
/// <c>Page.printToPDF</c> (A4 8.27 × 11.69 in, backgrounds, 0.4 in margins) and <c>Page.captureScreenshot</c> (PNG of
/// the whole page). The browser's process tree is killed and the temporary profile removed in every case, timeouts
/// included. Protocol: https://chromedevtools.github.io/devtools-protocol/.
/// </summary>
public static partial class ChromiumRenderer
{
    /// <summary>Environment variable naming the Chromium executable.</summary>
    public const string EnvironmentVariable = "VIGIL_CHROMIUM";

    /// <summary>How to get Chromium, for error messages.</summary>
    public static string InstallHint => $"install it (Debian/Ubuntu: apt-get install chromium) or give its path with {Param.Ref("chromium")} PATH or the VIGIL_CHROMIUM environment variable";

    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>
    /// The Chromium executable: <paramref name="explicitPath"/> when given (null when it does not exist), else
    /// $VIGIL_CHROMIUM, else the first of chromium, chromium-browser, google-chrome(-stable), chrome on PATH; null when none is found.
    /// </summary>
    public static string? Find(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath)) return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(env)) return File.Exists(env) ? Path.GetFullPath(env) : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in Candidates)
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var full = Path.Combine(dir, name);
                if (File.Exists(full)) return full;
            }
        return null;
    }

    /// <summary>Renders <paramref name="htmlPath"/>; throws <see cref="ChromiumException"/> when the browser cannot be driven (launch failure, timeout, protocol error).</summary>
    public static RenderResult Render(string chromium, string htmlPath, RenderOptions options) =>
        RenderAsync(chromium, htmlPath, options).GetAwaiter().GetResult();

    /// <summary>The asynchronous form of <see cref="Render"/>.</summary>
    public static async Task<RenderResult> RenderAsync(string chromium, string htmlPath, RenderOptions options)
    {
        var profile = Directory.CreateTempSubdirectory("vigil-chromium-").FullName;
        using var cts = new CancellationTokenSource(options.Timeout);
        Process? process = null;
        try
        {
            process = Launch(chromium, profile, out var stderr);
            var endpoint = await WaitForEndpoint(process, profile, stderr, cts.Token);
            using var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(endpoint, cts.Token);
            await using var session = new CdpSession(socket, cts.Token);
            return await Drive(session, new Uri(Path.GetFullPath(htmlPath)), options, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new ChromiumException($"Chromium did not finish within {options.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s");
        }
        catch (WebSocketException e)
        {
            throw new ChromiumException($"lost the DevTools connection to Chromium: {e.Message}");
        }
        finally
        {
            Stop(process);
            RemoveProfile(profile);
        }
    }

    private static Process Launch(string chromium, string profile, out StringBuilder stderr)
    {
        var info = new ProcessStartInfo(chromium)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", $"--user-data-dir={profile}",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--mute-audio", "--hide-scrollbars", "--allow-file-access-from-files",
                     "about:blank",
                 })
            info.ArgumentList.Add(arg);
        var buffer = new StringBuilder();
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new ChromiumException($"could not start {chromium}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ChromiumException($"could not start {chromium}: {e.Message}");
        }
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (buffer) buffer.AppendLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        stderr = buffer;
        return process;
    }

    private static async Task<Uri> WaitForEndpoint(Process process, string profile, StringBuilder stderr, CancellationToken token)
    {
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            token.ThrowIfCancellationRequested();
            if (File.Exists(portFile))
            {
                var lines = (await File.ReadAllTextAsync(portFile, token)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (lines.Length >= 2 && int.TryParse(lines[0], out var port) && port > 0)
                    return new Uri($"ws://127.0.0.1:{port}{lines[1]}");
            }
            string text;
            lock (stderr) text = stderr.ToString();
            if (ListeningLine().Match(text) is { Success: true } m) return new Uri(m.Groups[1].Value);
            if (process.HasExited)
            {
                var tail = string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
                throw new ChromiumException($"Chromium exited with code {process.ExitCode} before opening DevTools" + (tail.Length > 0 ? $": {tail}" : ""));
            }
            await Task.Delay(25, token);
        }
    }

    private static async Task<RenderResult> Drive(CdpSession cdp, Uri url, RenderOptions options, CancellationToken token)
    {
        var version = (await cdp.Send("Browser.getVersion", null, null))["product"]?.GetValue<string>() ?? "unknown";
        var target = await cdp.Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null);
        var targetId = target["targetId"]!.GetValue<string>();
        var attached = await cdp.Send("Target.attachToTarget", new JsonObject { ["targetId"] = targetId, ["flatten"] = true }, null);
        var session = attached["sessionId"]!.GetValue<string>();
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" })
            await cdp.Send(domain + ".enable", null, session);
        await cdp.Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = options.ViewportWidth, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session);

        var loaded = cdp.WaitForEvent("Page.loadEventFired", session);
        var navigation = await cdp.Send("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, session);
        if (navigation["errorText"]?.GetValue<string>() is { Length: > 0 } navError)
            cdp.FailedLoads.Add($"{url.AbsoluteUri}: {navError}");
        else
            await loaded.WaitAsync(token);
        // Let late console messages and load failures (fired after the load event) arrive: one round-trip after a frame.
        await cdp.Send("Runtime.evaluate", new JsonObject { ["expression"] = "new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))", ["awaitPromise"] = true }, session);

        string? evaluation = null;
        if (options.Evaluate is { } expression)
        {
            var evaluated = await cdp.Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, session);
            if (evaluated["exceptionDetails"] is JsonObject thrown)
                throw new ChromiumException($"the page's evaluation failed: {thrown["exception"]?["description"]?.GetValue<string>() ?? thrown["text"]?.GetValue<string>()}");
            evaluation = evaluated["result"]?["value"]?.GetValue<string>()
                ?? throw new ChromiumException("the page's evaluation did not produce a string");
        }

        byte[]? pdf = null, png = null;
        if (options.Pdf)
        {
            var printed = await cdp.Send("Page.printToPDF", new JsonObject
            {
                ["paperWidth"] = 8.27, ["paperHeight"] = 11.69,
                ["marginTop"] = 0.4, ["marginBottom"] = 0.4, ["marginLeft"] = 0.4, ["marginRight"] = 0.4,
                ["printBackground"] = true, ["preferCSSPageSize"] = false,
            }, session);
            pdf = Convert.FromBase64String(printed["data"]!.GetValue<string>());
        }
        if (options.Screenshot)
        {
            var metrics = await cdp.Send("Page.getLayoutMetrics", null, session);
            var size = metrics["cssContentSize"] ?? metrics["contentSize"];
            var width = Math.Ceiling(size?["width"]?.GetValue<double>() ?? options.ViewportWidth);
            var height = Math.Min(Math.Ceiling(size?["height"]?.GetValue<double>() ?? 900), 16000);
            var shot = await cdp.Send("Page.captureScreenshot", new JsonObject
            {
                ["format"] = "png",
                ["captureBeyondViewport"] = true,
                ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
            }, session);
            png = Convert.FromBase64String(shot["data"]!.GetValue<string>());
        }
        var problems = cdp.Problems();
        try
        {
            await cdp.Send("Browser.close", null, null);
        }
        catch (ChromiumException)
        {
            // The browser may close the socket before answering; it is killed below anyway.
        }
        catch (WebSocketException)
        {
        }
        return new RenderResult(problems, pdf, png, version) { Evaluation = evaluation };
    }

    private static void Stop(Process? process)
    {
        if (process is null) return;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        finally
        {
            process.Dispose();
        }
    }

    private static void RemoveProfile(string profile)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(profile); attempt++)
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(100); // a child process may still be writing its last files
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>The number of pages of a PDF: the page objects (<c>/Type /Page</c>, not <c>/Pages</c>) in the file.</summary>
    public static int PdfPageCount(byte[] pdf) => PageObject().Count(Encoding.Latin1.GetString(pdf));

    [GeneratedRegex(@"/Type\s*/Page(?![A-Za-z])")]
    private static partial Regex PageObject();

    /// <summary>A DevTools connection: numbered commands with their replies, and the events the renderer records.</summary>
    private sealed class CdpSession : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly CancellationToken _token;
        private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
        private readonly List<(string Method, string? Session, TaskCompletionSource _Done)> _waiters = [];
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly Task _reader;
        private readonly List<string> _console = [], _exceptions = [], _log = [];
        private int _next;

        public CdpSession(ClientWebSocket socket, CancellationToken token)
        {
            _socket = socket;
            _token = token;
            _reader = Task.Run(ReadLoop, token);
        }

        public List<string> FailedLoads { get; } = [];

        public PageProblems Problems()
        {
            lock (_pending) return new PageProblems([.. _console], [.. _exceptions], [.. _log], [.. FailedLoads]);
        }

        public Task WaitForEvent(string method, string? session)
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_pending) _waiters.Add((method, session, tcs));
            return tcs.Task;
        }

        public async Task<JsonObject> Send(string method, JsonObject? parameters, string? session)
        {
            var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            int id;
            lock (_pending)
            {
                id = ++_next;
                _pending[id] = tcs;
            }
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
            if (session is not null) message["sessionId"] = session;
            var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
            await _send.WaitAsync(_token);
            try
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, _token);
            }
            finally
            {
                _send.Release();
            }
            return await tcs.Task.WaitAsync(_token);
        }

        private async Task ReadLoop()
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            try
            {
                while (_socket.State == WebSocketState.Open && !_token.IsCancellationRequested)
                {
                    message.SetLength(0);
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await _socket.ReceiveAsync(buffer, _token);
                        if (result.MessageType == WebSocketMessageType.Close) { FailAll("Chromium closed the DevTools connection"); return; }
                        message.Write(buffer, 0, result.Count);
                    }
                    while (!result.EndOfMessage);
                    Dispatch(JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length))?.AsObject());
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException)
            {
                FailAll($"DevTools connection failed: {e.Message}");
            }
        }

        private void FailAll(string reason)
        {
            lock (_pending)
            {
                foreach (var tcs in _pending.Values) tcs.TrySetException(new ChromiumException(reason));
                _pending.Clear();
                foreach (var w in _waiters) w._Done.TrySetException(new ChromiumException(reason));
                _waiters.Clear();
            }
        }

        private void Dispatch(JsonObject? msg)
        {
            if (msg is null) return;
            lock (_pending)
            {
                if (msg["id"] is JsonNode idNode)
                {
                    var id = idNode.GetValue<int>();
                    if (!_pending.Remove(id, out var tcs)) return;
                    if (msg["error"] is JsonObject error)
                        tcs.TrySetException(new ChromiumException($"DevTools error: {error["message"]?.GetValue<string>()}"));
                    else
                        tcs.TrySetResult(msg["result"]?.AsObject() ?? new JsonObject());
                    return;
                }
                var method = msg["method"]?.GetValue<string>() ?? "";
                var session = msg["sessionId"]?.GetValue<string>();
                Record(method, msg["params"] as JsonObject);
                for (var i = _waiters.Count - 1; i >= 0; i--)
                    if (_waiters[i].Method == method && (_waiters[i].Session is null || _waiters[i].Session == session))
                    {
                        _waiters[i]._Done.TrySetResult();
                        _waiters.RemoveAt(i);
                    }
            }
        }

        /// <summary>Keeps the events that mean the page has a problem (called under the lock).</summary>
        private void Record(string method, JsonObject? p)
        {
            if (p is null) return;
            switch (method)
            {
                case "Runtime.consoleAPICalled" when Text(p, "type") is "error" or "assert":
                    var args = p["args"] as JsonArray ?? [];
                    _console.Add(string.Join(" ", args.Select(a => a is JsonObject o ? Text(o, "value") ?? Text(o, "description") ?? "" : "")));
                    break;
                case "Runtime.exceptionThrown":
                    var details = p["exceptionDetails"] as JsonObject;
                    var exception = details is null ? null : details["exception"] as JsonObject;
                    _exceptions.Add((exception is null ? null : Text(exception, "description")) ?? (details is null ? null : Text(details, "text")) ?? "exception");
                    break;
                case "Log.entryAdded" when p["entry"] is JsonObject entry && Text(entry, "level") == "error":
                    var source = Text(entry, "url");
                    _log.Add((Text(entry, "text") ?? "") + (source is null ? "" : " (" + source + ")"));
                    break;
                case "Network.loadingFailed" when Text(p, "canceled") != "true":
                    FailedLoads.Add($"{Text(p, "errorText")} ({Text(p, "type")} request {Text(p, "requestId")})");
                    break;
                case "Network.responseReceived" when p["response"] is JsonObject response && double.TryParse(Text(response, "status"), out var status) && status >= 400:
                    FailedLoads.Add($"HTTP {Text(response, "status")} {Text(response, "url")}");
                    break;
            }
        }

        private static string? Text(JsonObject o, string key) => o[key] is JsonNode n ? (n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : n.ToJsonString()) : null;

        public async ValueTask DisposeAsync()
        {
            if (_socket.State == WebSocketState.Open)
            {
                try
                {
                    using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, quick.Token);
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException)
                {
                    // The browser is killed next anyway.
                }
            }
            _socket.Abort();
            try
            {
                await _reader.WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
            }
            _send.Dispose();
        }
    }
}

/// <summary>Chromium could not be launched or driven (the message says why).</summary>
public sealed class ChromiumException(string message) : Exception(message);
