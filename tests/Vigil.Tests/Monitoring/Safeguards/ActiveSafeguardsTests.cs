using Vigil.Application.Governance;
using Vigil.Contracts.Gate;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.Safeguards;
using Vigil.Tests.Monitoring.Service;
using Xunit;

namespace Vigil.Tests.Monitoring.Safeguards;

/// <summary>The pure parts: which patients a safeguard covers, gate subjects as groups, end dates, states, and decision lines.</summary>
public sealed class ActiveSafeguardsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("age = >=65", "age", ">=65")]
    [InlineData("sex*age = F*>=65", "sex*age", "F*>=65")]
    [InlineData("sex*age = >=65", "sex*age", ">=65")]
    [InlineData("site hungary (external)", null, null)]
    [InlineData("dataset drift", null, null)]
    [InlineData("age", null, null)]
    [InlineData("exception for fnr-gap-65 (>=65)", null, null)]
    public void GroupOf_ReadsTheGateSubject(string subject, string? attribute, string? level) =>
        Assert.Equal((attribute, level), SafeguardActivations.GroupOf(subject));

    [Fact]
    public void EndOf_IsTheFollowingMidnight_OrOpenUntilReValidation()
    {
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.Zero), SafeguardActivations.EndOf("2027-06-30"));
        Assert.Null(SafeguardActivations.EndOf("re-validation"));
    }

    [Theory]
    [InlineData("age", ">=65", ">=65", "F", true)]
    [InlineData("age", ">=65", "45-64", "F", false)]
    [InlineData("age", ">=65", null, "F", true)] // age unknown: cannot rule it out
    [InlineData("age", ">=65", "(missing)", "F", true)]
    [InlineData("sex*age", "F*>=65", ">=65", "F", true)]
    [InlineData("sex*age", "F*>=65", ">=65", "M", false)]
    [InlineData("sex*age", ">=65", ">=65", "M", true)]
    [InlineData("sex*age", ">=65", "<45", "M", false)]
    [InlineData(null, null, "<45", "M", true)]
    public void Covers_MatchesThePatientsLevels(string? attribute, string? level, string? age, string sex, bool covered)
    {
        var levels = new Dictionary<string, string> { ["sex"] = sex };
        if (age is not null) levels["age"] = age;
        Assert.Equal(covered, ActiveSafeguards.Covers(attribute, level, levels));
    }

    [Fact]
    public void LevelsOf_BandsRawValuesAsTheMonitorsDo()
    {
        var registration = ServiceScenario.SepsisRegistration();
        var levels = ActiveSafeguards.LevelsOf(registration, new Dictionary<string, string?> { ["age"] = "70", ["sex"] = "F" });
        Assert.Equal(">=65", levels["age"]);
        Assert.Equal("F", levels["sex"]);
        Assert.Equal("45-64", ActiveSafeguards.LevelsOf(registration, new Dictionary<string, string?> { ["age"] = "45" })["age"]);
        Assert.False(ActiveSafeguards.LevelsOf(registration, new Dictionary<string, string?> { ["age"] = "old", ["sex"] = null }).ContainsKey("age"));
    }

    [Fact]
    public void For_KeepsActiveOnesOfTheModelAndGroup_OnePerAction()
    {
        ModelSafeguard S(long id, string? version, string? attribute, string? level, string action, DateTimeOffset? endsAt = null, DateTimeOffset? endedAt = null) =>
            new(id, "sepsis-ews", version, attribute, level, "s", action, "r", "gate:h", At, endsAt, endedAt, null, null, SafeguardState.Active);
        var all = new[]
        {
            S(1, null, "age", ">=65", "review 65+"),
            S(2, "1.0.0", "age", ">=65", "review 65+"), // same action: shown once
            S(3, "2.0.0", null, null, "other version"),
            S(4, null, null, null, "expired", endsAt: At.AddDays(1)),
            S(5, null, null, null, "ended", endedAt: At.AddDays(1)),
            S(6, null, "age", "<45", "young only"),
        };
        var levels = new Dictionary<string, string> { ["age"] = ">=65" };
        Assert.Equal(["review 65+", "expired", "ended"], ActiveSafeguards.For(all, "sepsis-ews", "1.0.0", levels, At.AddHours(1)).Select(s => s.Action));
        Assert.Equal(["review 65+"], ActiveSafeguards.For(all, "sepsis-ews", "1.0.0", levels, At.AddDays(2)).Select(s => s.Action));
        Assert.Empty(ActiveSafeguards.For(all, "sepsis-ews", "1.0.0", levels, At.AddHours(-1)));
        Assert.Empty(ActiveSafeguards.For(all, "other", null, levels, At.AddHours(1)));
    }

    [Fact]
    public void States_FirstOfEndAndExpiryDecides()
    {
        Assert.Equal(SafeguardState.Active, SafeguardStates.At(null, null, 5));
        Assert.Equal(SafeguardState.Expired, SafeguardStates.At(5, null, 5));
        Assert.Equal(SafeguardState.Ended, SafeguardStates.At(10, 4, 20));
        Assert.Equal(SafeguardState.Expired, SafeguardStates.At(10, 15, 20));
        Assert.Equal(SafeguardState.Active, SafeguardStates.At(10, 8, 7));
    }

    [Fact]
    public void ParseLine_ReadsAnIntactRecord_RefusesAnEditedOne()
    {
        var line = GateDecisionLines.FailingMission;
        var (record, hash) = DecisionLog.ParseLine(line, "line");
        Assert.Equal(GateStatus.Fail, record.Outcome);
        Assert.Equal(64, hash.Length);
        Assert.Equal("fnr-gap-65", Assert.Single(record.Safeguards).Rule);

        var edited = line.Replace("\"outcome\":\"fail\"", "\"outcome\":\"pass\"", StringComparison.Ordinal);
        Assert.NotEqual(line, edited);
        var e = Assert.Throws<VigilException>(() => DecisionLog.ParseLine(edited, "line"));
        Assert.Contains("was edited", e.Message, StringComparison.Ordinal);
        Assert.Throws<VigilException>(() => DecisionLog.ParseLine("{\"schema\":\"vigil.gate-decision/v1\"}", "line"));
    }
}
