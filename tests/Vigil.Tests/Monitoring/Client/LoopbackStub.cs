using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigil.Tests.Monitoring.Client;

/// <summary>
/// A real HTTP server on a loopback port (Kestrel) whose answers a test scripts: for the client's retry, error and
/// paging behaviour, which the real service cannot be made to show on demand (a 503 on the second request, a lost
/// answer). The client under test speaks real HTTP to it.
/// </summary>
internal sealed class LoopbackStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackStub(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Every request seen: method, path and query, and the X-Api-Key header.</summary>
    public List<(string Method, string PathAndQuery, string? ApiKey, string Body)> Requests { get; } = [];

    public static async Task<LoopbackStub> StartAsync(Func<HttpContext, int, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackStub? stub = null;
        var count = 0;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            int n;
            lock (stub!.Requests)
            {
                stub.Requests.Add((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers["X-Api-Key"].FirstOrDefault(), body));
                n = ++count;
            }
            await handle(context, n);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new LoopbackStub(app, new Uri(address));
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
