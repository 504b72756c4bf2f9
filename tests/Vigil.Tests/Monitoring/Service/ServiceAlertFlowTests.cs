using Xunit;

namespace Vigil.Tests.Monitoring.Service;

/// <summary>The alert flow (<see cref="AlertFlow"/>) over SQLite.</summary>
public sealed class ServiceAlertFlowTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    [Fact]
    public Task InjectedFnrRise_RaisesThatAlert_ItMovesByNamedUsers_AuditVerifies_WebhookRetried() =>
        AlertFlow.RunAsync(fixture.Host, "sepsis-fnr", fixture.Keys["ingest"], fixture.Keys["reviewer"], fixture.Keys["admin"],
            SqliteServiceFixture.Token("dr.grace", "reviewer"));
}
