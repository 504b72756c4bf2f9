using Vigil.Application.Governance;
using Vigil.Contracts.Gate;
using Xunit;

namespace Vigil.Tests.Governance;

/// <summary>
/// An exception waives its rule's failures until its date (inclusive, UTC) and fails the gate after it; the safeguard of a
/// waived rule stays in force. The clock is fixed: the same policy is evaluated on both sides of the date.
/// </summary>
public sealed class ExceptionExpiryTests
{
    private static GatePolicy MissionWithException(string? group = null) => GateFixtures.Mission with
    {
        Exceptions = [new ExceptionGrant("fnr-gap-65", group, "AI Governance Committee", "silent-mode pilot while the 65+ sample grows", new DateOnly(2026, 12, 31), 40)],
    };

    private static GateEvaluation At(GatePolicy policy, DateTimeOffset now) =>
        GateEvaluator.Evaluate(policy, new GateEvidence(GateFixtures.Heart.Audit, GateFixtures.Heart.File), now);

    [Fact]
    public void An_active_exception_waives_the_failure_and_keeps_the_safeguard()
    {
        var e = At(MissionWithException(), new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.Zero));
        Assert.Equal(GateStatus.Pass, e.Outcome);
        var gap = Assert.Single(e.Checks, c => c.Rule == "fnr-gap-65");
        Assert.Equal(GateStatus.Waived, gap.Status);
        Assert.Equal("granted by AI Governance Committee until 2026-12-31: silent-mode pilot while the 65+ sample grows", gap.Exception);
        var use = Assert.Single(e.ExceptionsUsed);
        Assert.Equal(("active", 1), (use.State, use.Waived));
        Assert.Single(e.Safeguards);
        Assert.Equal(new GateCounts(3, 2, 0, 1, 0), e.Counts);
    }

    [Fact]
    public void An_expired_exception_waives_nothing_and_fails_the_gate()
    {
        var e = At(MissionWithException(), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(GateStatus.Fail, e.Outcome);
        Assert.Equal(GateStatus.Fail, Assert.Single(e.Checks, c => c.Rule == "fnr-gap-65" && c.Kind == PolicyKinds.MaxGap).Status);
        var expired = Assert.Single(e.Checks, c => c.Kind == PolicyKinds.Exception);
        Assert.Equal(GateStatus.Fail, expired.Status);
        Assert.Equal("exception for fnr-gap-65", expired.Subject);
        Assert.Contains("expired on 2026-12-31 (decided 2027-01-01)", expired.Evidence, StringComparison.Ordinal);
        Assert.Equal(("expired", 0), (e.ExceptionsUsed[0].State, e.ExceptionsUsed[0].Waived));
    }

    [Fact]
    public void An_expired_exception_fails_even_when_its_rule_now_passes()
    {
        var policy = GateFixtures.Looser with
        {
            Exceptions = [new ExceptionGrant("fnr-gap-65", null, "AI Governance Committee", "old waiver", new DateOnly(2026, 6, 30), 30)],
        };
        var e = At(policy, GateFixtures.Now);
        Assert.Equal(GateStatus.Pass, Assert.Single(e.Checks, c => c.Rule == "fnr-gap-65" && c.Kind == PolicyKinds.MaxGap).Status);
        Assert.Equal(GateStatus.Fail, e.Outcome);
    }

    [Fact]
    public void An_exception_for_one_group_waives_only_that_group()
    {
        var policy = GateFixtures.Strict with
        {
            Exceptions = [new ExceptionGrant("fnr-gap-age", ">=65", "AI Governance Committee", "re-validation under way", new DateOnly(2027, 3, 1), 50)],
        };
        var e = GateEvaluator.Evaluate(policy, new GateEvidence(GateFixtures.Heart.Audit, GateFixtures.Heart.File), GateFixtures.Now);
        var age = e.Checks.Where(c => c.Rule == "fnr-gap-age").ToDictionary(c => c.Subject, c => c.Status);
        Assert.Equal(GateStatus.Waived, age["age = >=65"]);
        Assert.Equal(GateStatus.Fail, age["age = <45"]);
        Assert.Equal(1, e.ExceptionsUsed.Single().Waived);
    }

    [Fact]
    public void The_gate_job_reads_its_time_from_the_clock_it_is_given()
    {
        using var dir = new TestSupport.TempDir();
        var policy = dir.File("policy.yaml", File.ReadAllText(GateFixtures.Policy("age-stratified-validation.yaml")) + """

            exceptions:
              - rule: fnr-gap-65
                granted_by: Chief Medical Information Officer
                reason: silent-mode pilot
                until: 2026-12-31
            """);
        GateDocument Run(DateTimeOffset at) => GateJob.Run(new GateJobOptions
        {
            Policy = policy, Audit = GateFixtures.Heart.File, Decisions = dir.Combine("log.jsonl"), Clock = new GateFixtures.FixedClock(at),
        });
        var before = Run(new DateTimeOffset(2026, 12, 20, 8, 0, 0, TimeSpan.Zero));
        var after = Run(new DateTimeOffset(2027, 1, 2, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal((GateStatus.Pass, GateStatus.Fail), (before.Outcome, after.Outcome));
        Assert.Equal(new DateTimeOffset(2026, 12, 20, 8, 0, 0, TimeSpan.Zero), before.Safeguards.Single().Start);
        Assert.Equal((1L, 2L), (before.Decision!.Sequence, after.Decision!.Sequence));
        Assert.Equal(before.Decision.Hash, after.Decision.PreviousHash);
    }
}
