using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Tests.Monitoring.Dashboard;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol (the approach of Vigil.Reporting's ChromiumRenderer, made
/// interactive): one page, real mouse clicks and key presses, script evaluation, screenshots, and every console error,
/// uncaught exception, error log entry and failed or ≥ 400 load recorded.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _life;
    private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly List<string> _problems = [];
    private readonly Task _reader;
    private string _session = "";
    private int _next;

    private BrowserSession(Process process, string profile, ClientWebSocket socket, CancellationTokenSource life)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        _life = life;
        _reader = Task.Run(ReadLoop);
    }

    /// <summary>Every console error, exception, error log entry and failed load so far ("kind: text").</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_pending) return [.. _problems];
        }
    }

    public static async Task<BrowserSession> StartAsync(string chromium, TimeSpan timeout)
    {
        var profile = Directory.CreateTempSubdirectory("vigil-dash-chromium-").FullName;
        var info = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", $"--user-data-dir={profile}",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--mute-audio", "--hide-scrollbars", "about:blank",
                 })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + chromium);
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var life = new CancellationTokenSource(timeout);
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        Uri? endpoint = null;
        while (endpoint is null)
        {
            life.Token.ThrowIfCancellationRequested();
            if (process.HasExited) throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before opening DevTools");
            if (File.Exists(portFile))
            {
                var lines = (await File.ReadAllTextAsync(portFile, life.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (lines.Length >= 2 && int.TryParse(lines[0], out var port) && port > 0) endpoint = new Uri($"ws://127.0.0.1:{port}{lines[1]}");
            }
            if (endpoint is null) await Task.Delay(25, life.Token);
        }
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(endpoint, life.Token);
        var browser = new BrowserSession(process, profile, socket, life);
        var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null);
        var attached = await browser.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, null);
        browser._session = attached["sessionId"]!.GetValue<string>();
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" }) await browser.SendAsync(domain + ".enable", null);
        await browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1280, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        return browser;
    }

    public Task<JsonObject> SendAsync(string method, JsonObject? parameters) => SendAsync(method, parameters, _session);

    public async Task NavigateAsync(Uri url)
    {
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });
        if (result["errorText"]?.GetValue<string>() is { Length: > 0 } error) throw new InvalidOperationException($"{url}: {error}");
    }

    /// <summary>The value of a JavaScript expression (promises awaited); a thrown exception fails the test with its text.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is JsonObject thrown)
            throw new InvalidOperationException($"evaluating {expression}: {thrown["exception"]?["description"] ?? thrown["text"]}");
        return result["result"]?["value"];
    }

    /// <summary>Polls <paramref name="expression"/> until it is truthy; throws with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public async Task<JsonNode> WaitForAsync(string expression, string what, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await EvaluateAsync(expression);
            if (value is not null && !(value.GetValueKind() is JsonValueKind.False or JsonValueKind.Null)
                && !(value.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() == 0)
                && !(value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0))
                return value;
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"waited {timeout.TotalSeconds} s for {what}; page problems: {string.Join("; ", Problems)}; page text: {await EvaluateAsync("document.body.innerText.slice(0, 1500)")}");
            await Task.Delay(50);
        }
    }

    /// <summary>A real mouse click at the centre of the element <paramref name="selector"/> picks (scrolled into view first).</summary>
    public async Task ClickAsync(string selector)
    {
        var box = await EvaluateAsync($$"""(() => { const e = document.querySelector({{JsonSerializer.Serialize(selector)}}); if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()""")
            ?? throw new InvalidOperationException($"no element {selector} to click");
        double x = box[0]!.GetValue<double>(), y = box[1]!.GetValue<double>();
        foreach (var type in new[] { "mousePressed", "mouseReleased" })
            await SendAsync("Input.dispatchMouseEvent", new JsonObject { ["type"] = type, ["x"] = x, ["y"] = y, ["button"] = "left", ["clickCount"] = 1 });
    }

    /// <summary>Types <paramref name="text"/> into the focused element, as a keyboard would.</summary>
    public Task TypeAsync(string text) => SendAsync("Input.insertText", new JsonObject { ["text"] = text });

    /// <summary>Presses Enter on the focused element.</summary>
    public async Task PressEnterAsync()
    {
        foreach (var type in new[] { "keyDown", "keyUp" })
        {
            var key = new JsonObject { ["type"] = type, ["key"] = "Enter", ["code"] = "Enter", ["windowsVirtualKeyCode"] = 13, ["nativeVirtualKeyCode"] = 13 };
            if (type == "keyDown") key["text"] = "\r";
            await SendAsync("Input.dispatchKeyEvent", key);
        }
    }

    /// <summary>A PNG of the whole page.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var metrics = await SendAsync("Page.getLayoutMetrics", null);
        var size = metrics["cssContentSize"] ?? metrics["contentSize"];
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject
            {
                ["x"] = 0, ["y"] = 0, ["scale"] = 1,
                ["width"] = Math.Ceiling(size?["width"]?.GetValue<double>() ?? 1280),
                ["height"] = Math.Min(Math.Ceiling(size?["height"]?.GetValue<double>() ?? 900), 12000),
            },
        });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters, string? session)
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
        await _send.WaitAsync(_life.Token);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _life.Token);
        }
        finally
        {
            _send.Release();
        }
        return await tcs.Task.WaitAsync(_life.Token);
    }

    private async Task ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                message.SetLength(0);
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, _life.Token);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                Dispatch(JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length))!.AsObject());
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException)
        {
            lock (_pending)
            {
                foreach (var tcs in _pending.Values) tcs.TrySetException(new InvalidOperationException("DevTools connection lost: " + e.Message));
                _pending.Clear();
            }
        }
    }

    private void Dispatch(JsonObject msg)
    {
        lock (_pending)
        {
            if (msg["id"] is JsonNode idNode)
            {
                if (!_pending.Remove(idNode.GetValue<int>(), out var tcs)) return;
                if (msg["error"] is JsonObject error) tcs.TrySetException(new InvalidOperationException("DevTools error: " + error["message"]));
                else tcs.TrySetResult(msg["result"]?.AsObject() ?? []);
                return;
            }
            var p = msg["params"];
            switch (At(msg, "method"))
            {
                case "Runtime.consoleAPICalled" when At(p, "type") is "error" or "assert":
                    var args = p!["args"] as JsonArray ?? [];
                    _problems.Add("console: " + string.Join(" ", args.Select(a => At(a, "value") ?? At(a, "description"))));
                    break;
                case "Runtime.exceptionThrown":
                    _problems.Add("exception: " + (At(p, "exceptionDetails", "exception", "description") ?? At(p, "exceptionDetails", "text")));
                    break;
                case "Log.entryAdded" when At(p, "entry", "level") == "error":
                    _problems.Add($"log: {At(p, "entry", "text")} ({At(p, "entry", "url")})");
                    break;
                case "Network.loadingFailed" when At(p, "canceled") != "true":
                    _problems.Add($"failed load: {At(p, "errorText")} ({At(p, "type")})");
                    break;
                case "Network.responseReceived" when double.TryParse(At(p, "response", "status"), System.Globalization.CultureInfo.InvariantCulture, out var status) && status >= 400:
                    _problems.Add($"HTTP {status}: {At(p, "response", "url")}");
                    break;
            }
        }
    }

    /// <summary>The text of the node at <paramref name="path"/> (a string's value, else its JSON), or null.</summary>
    private static string? At(JsonNode? node, params string[] path)
    {
        foreach (var key in path) node = node is JsonObject o ? o[key] : null;
        return node is null ? null : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            if (_socket.State == WebSocketState.Open) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, quick.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the browser is killed next anyway
        }
        _socket.Abort();
        await _life.CancelAsync();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
        }
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
        _process.Dispose();
        _socket.Dispose();
        _send.Dispose();
        _life.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // a child process still writing its last files: the temp directory is cleaned by the OS
        }
    }
}
