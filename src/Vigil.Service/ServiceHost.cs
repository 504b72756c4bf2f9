using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenTelemetry.Metrics;
using Polly;
using Vigil.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Service.Configuration;
using Vigil.Service.Endpoints;
using Vigil.Service.Evaluation;
using Vigil.Service.Http;
using Vigil.Service.Ingest;
using Vigil.Service.Security;
using Vigil.Service.Startup;
using Vigil.Service.Telemetry;
using Vigil.Service.Webhooks;

namespace Vigil.Service;

/// <summary>
/// Builds and runs `vigil serve`: an ASP.NET Core app over one <see cref="IMonitorStore"/>, with API-key and JWT
/// authentication, role policies, pseudonyms at the edge, problem details, request-size and rate limits, OpenAPI,
/// /health and /ready, OpenTelemetry metrics at /metrics, and the background evaluation and webhook workers.
/// It holds no state that two replicas over one PostgreSQL database could double count (docs/service.md).
/// </summary>
public static class ServiceHost
{
    /// <summary>Default address when none is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5088";

    /// <summary>
    /// Builds the app (not started). Settings come from <see cref="ServiceOptions.ConfigPath"/> and the environment;
    /// a missing pseudonym key throws a <see cref="Core.VigilException"/> saying how to make one.
    /// <paramref name="configure"/> may add services or logging before the app is built (tests, the CLI).
    /// </summary>
    public static WebApplication Build(ServiceOptions options, Action<WebApplicationBuilder>? configure = null) =>
        Build(options, configure, Environment.GetEnvironmentVariable);

    /// <summary>Builds, starts and runs the service until <paramref name="ct"/> is cancelled or the host stops.</summary>
    public static async Task RunAsync(ServiceOptions options, CancellationToken ct)
    {
        var app = Build(options);
        await using (app)
        {
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
        }
    }

    /// <summary><see cref="Build(ServiceOptions, Action{WebApplicationBuilder}?)"/> with the environment read through <paramref name="environment"/>.</summary>
    internal static WebApplication Build(ServiceOptions options, Action<WebApplicationBuilder>? configure, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = ServiceSettingsLoader.Load(options.ConfigPath, environment);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ServiceHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.WebHost.UseUrls(options.Urls.Count > 0 ? [.. options.Urls] : [DefaultUrl]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = settings.MaxRequestBytes;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        var store = StoreOpener.Open(options.Store); // a bad --store fails here, naming the parameter
        services.AddSingleton<IMonitorStore>(_ => store);
        services.AddSingleton(new Pseudonymizer(settings.PseudonymKey));
        services.AddSingleton<StoreState>();
        services.AddSingleton<RegistrationCache>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<SignInAuditor>();
        services.AddSingleton<AuditTrailWriter>();
        services.AddSingleton<WebhookNotifier>();
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<IngestServices>();
        services.AddHostedService<StoreStartup>();
        services.AddSingleton<EvaluationRunner>();
        services.AddHostedService<EvaluationWorker>();
        services.AddHostedService<WebhookWorker>();
        CdsHooks.CdsHooksEndpoints.AddServices(services);

        AddWebhookClient(services, settings);
        AddAuthentication(services, settings);
        services.AddAuthorization(ServicePolicies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ExceptionProblems>();
        AddRateLimiting(services, settings);
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Vigil monitoring service";
            doc.Info.Description = "Ingest, status, alerts and the audit trail of continuously monitored clinical models (docs/service.md).";
            return Task.CompletedTask;
        }));
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(ServiceMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.Use(RecordSignInAsync);
        app.UseRateLimiter();
        app.UseAuthorization();

        HealthEndpoints.Map(app);
        ModelEndpoints.Map(app);
        IngestEndpoints.Map(app);
        StatusEndpoints.Map(app);
        AlertEndpoints.Map(app);
        AdminEndpoints.Map(app);
        SeriesEndpoints.Map(app);
        SafeguardEndpoints.Map(app);
        Dashboard.DashboardEndpoints.Map(app);
        Fhir.FhirEndpoints.Map(app);
        CdsHooks.CdsHooksEndpoints.Map(app);
        CdsHooks.OverrideEndpoints.Map(app);
        app.MapOpenApi().RequireAuthorization(ServicePolicies.AnyRole);
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(ServicePolicies.Viewer);
        return app;
    }

    /// <summary>The first authenticated request of a principal in an hour goes to the audit trail as a sign-in.</summary>
    private static async Task RecordSignInAsync(HttpContext ctx, RequestDelegate next)
    {
        if (ctx.User.Identity is { IsAuthenticated: true, Name: { } name } identity)
            await ctx.RequestServices.GetRequiredService<SignInAuditor>().SucceededAsync(name, identity.AuthenticationType ?? "unknown", ctx.RequestAborted);
        await next(ctx);
    }

    private static void AddWebhookClient(IServiceCollection services, ServiceSettings settings) =>
        services.AddHttpClient(WebhookWorker.ClientName)
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.MaxRetryAttempts = 3;
                o.Retry.BackoffType = DelayBackoffType.Exponential;
                o.Retry.UseJitter = true;
                o.Retry.Delay = settings.WebhookRetryBaseDelay;
            });

    /// <summary>API keys (X-Api-Key) always; JWT bearer tokens (HS256) when configured. A "Bearer" Authorization header selects JWT.</summary>
    private static void AddAuthentication(IServiceCollection services, ServiceSettings settings)
    {
        const string selector = "Vigil";
        var auth = services.AddAuthentication(selector)
            .AddPolicyScheme(selector, "API key or bearer token", o => o.ForwardDefaultSelector = ctx =>
                settings.Jwt is not null && ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (settings.Jwt is not { } jwt) return;
        auth.AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(jwt.SigningKey),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = ServicePolicies.NameClaim,
                RoleClaimType = ServicePolicies.RoleClaim,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
            o.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = ctx =>
                {
                    var token = ctx.Request.Headers.Authorization.ToString();
                    return ctx.HttpContext.RequestServices.GetRequiredService<SignInAuditor>()
                        .FailedAsync("jwt", ApiKeys.HashPrefix(ApiKeys.HashOf(token)), ctx.Exception.GetType().Name, ctx.HttpContext.RequestAborted);
                },
            };
        });
    }

    /// <summary>A token bucket per caller (the authenticated user, else the remote address): 429 with problem details above it.</summary>
    private static void AddRateLimiting(IServiceCollection services, ServiceSettings settings) =>
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                var caller = ctx.User.Identity is { IsAuthenticated: true, Name: { } name }
                    ? "user:" + name
                    : "ip:" + ctx.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.RateLimitPerSecond,
                    TokensPerPeriod = settings.RateLimitPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.RequestServices.GetRequiredService<ServiceMetrics>().Rejected("rate_limited");
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ctx.HttpContext.Response.Headers.RetryAfter = "1";
                await ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = Problems.Details(StatusCodes.Status429TooManyRequests,
                        $"more than {settings.RateLimitPerSecond} requests per second from this caller (limits.rate_limit_per_second); retry after a second"),
                });
            };
        });
}
