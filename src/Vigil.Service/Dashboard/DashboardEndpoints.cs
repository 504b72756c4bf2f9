using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Service.Http;

namespace Vigil.Service.Dashboard;

/// <summary>
/// GET /dashboard/ and its assets: plain HTML, CSS and two JavaScript modules embedded in this assembly (no CDN, no build
/// step; works offline). They are served without authentication because they hold no data: the page asks for an API key
/// and calls the authenticated JSON API with it. A strict Content-Security-Policy allows this origin only.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>Where the dashboard lives.</summary>
    public const string Path = "/dashboard";

    /// <summary>Self only: no script, style, font or connection to any other origin; inline code refused; no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Every asset by file name with its content type.</summary>
    public static readonly FrozenDictionary<string, string> Assets = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["charts.js"] = "text/javascript; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, byte[]> Content = Assets.Keys.ToFrozenDictionary(name => name, Load, StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder app)
    {
        // Routing ignores a trailing slash, so one route serves /dashboard, /dashboard/ and /dashboard/{file}; the bare path
        // is redirected to /dashboard/ so that the page's relative asset paths resolve inside it.
        app.MapGet(Path + "/{file?}", (string? file, HttpContext ctx) =>
                file is null && !ctx.Request.Path.Value!.EndsWith('/') ? Results.Redirect(Path + "/") : Serve(ctx, file ?? "index.html"))
            .ExcludeFromDescription().AllowAnonymous();
    }

    private static IResult Serve(HttpContext ctx, string file)
    {
        if (!Content.TryGetValue(file, out var bytes) || !Assets.TryGetValue(file, out var type))
            return Problems.Of(StatusCodes.Status404NotFound, $"the dashboard has no file '{file}'");
        var headers = ctx.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Bytes(bytes, type);
    }

    /// <summary>An embedded asset (LogicalName Dashboard/{file} in Vigil.Service.csproj); a missing one is a build defect.</summary>
    private static byte[] Load(string file)
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("Dashboard/" + file)
            ?? throw new InvalidOperationException($"the dashboard asset '{file}' is not embedded in {typeof(DashboardEndpoints).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
