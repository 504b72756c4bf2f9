using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Vigil.Service.CdsHooks;
using Vigil.Tests.Monitoring.Service;
using Xunit;

namespace Vigil.Tests.Monitoring.Clinical;

/// <summary>Override rates and reasons by group: counts per group and reason, small cells hidden with complementary protection, large groups never hidden.</summary>
public sealed class OverrideSummaryBuilderTests
{
    private static readonly DateTimeOffset From = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static ActionCount C(string age, string sex, ClinicianAction action, string? reason, long n) => new(CellKey.Of([age, sex]), action, reason, n);

    /// <summary>
    /// &lt;45 F: 30 accepted, 6 not-infected, 4 other; 45-64 M: 80 accepted, 25 not-infected, 15 goals-of-care;
    /// &gt;=65 F: 2 accepted, 3 goals-of-care (5 actions: a small group).
    /// </summary>
    private static OverrideSummary Build() => OverrideSummaryBuilder.Build(ServiceScenario.SepsisRegistration(), null,
    [
        C("<45", "F", ClinicianAction.Accepted, null, 30),
        C("<45", "F", ClinicianAction.Overridden, "not-infected", 6),
        C("<45", "F", ClinicianAction.Overridden, "other", 4),
        C("45-64", "M", ClinicianAction.Accepted, null, 80),
        C("45-64", "M", ClinicianAction.Overridden, "not-infected", 25),
        C("45-64", "M", ClinicianAction.Overridden, "goals-of-care", 15),
        C(">=65", "F", ClinicianAction.Accepted, null, 2),
        C(">=65", "F", ClinicianAction.Overridden, "goals-of-care", 3),
    ], From, From.AddDays(30));

    [Fact]
    public void LargeGroup_ShowsItsCountsAndRate_SmallGroupIsHidden()
    {
        var s = Build();
        Assert.Equal(OverrideSummary.SchemaName, s.Schema);
        Assert.Equal((165L, 53L), (s.Overall.Actions!.Value, s.Overall.Overridden!.Value));
        Assert.Equal(53 / 165.0, s.Overall.OverrideRate.Value!.Value, 12);

        var middle = s.Groups.Single(g => g.Attribute == "age" && g.Level == "45-64");
        Assert.Equal((120L, 40L), (middle.Actions!.Value, middle.Overridden!.Value));
        Assert.Equal(40 / 120.0, middle.OverrideRate.Value!.Value, 12); // 120 actions: never hidden
        Assert.Equal(25L, middle.Reasons.Single(r => r.Reason == "not-infected").Count);

        var old = s.Groups.Single(g => g.Attribute == "age" && g.Level == ">=65");
        Assert.Null(old.Actions);
        Assert.Null(old.Overridden);
        Assert.Null(old.OverrideRate.Value);
        Assert.Contains("suppressed", old.OverrideRate.Reason);
        Assert.NotNull(old.Suppressed);
    }

    [Fact]
    public void NoShownCountIsSmall_AndNoHiddenCountFollowsBySubtraction()
    {
        var s = Build();
        foreach (var g in s.Groups.Append(s.Overall))
        {
            foreach (var count in new[] { g.Actions, g.Overridden }.Concat(g.Reasons.Select(r => r.Count)))
                Assert.False(count is > 0 and < 10, $"{g.Attribute}={g.Level}: a count of {count} is shown");
            Assert.Equal(3, g.Reasons.Count); // every reason in every group, zeros too
            // a row (reasons summing to the shown overrides) never has exactly one hidden count
            if (g.Overridden is not null) Assert.NotEqual(1, g.Reasons.Count(r => r.Count is null));
        }
        foreach (var attribute in new[] { "age", "sex" })
        {
            var groups = s.Groups.Where(g => g.Attribute == attribute).ToList();
            Assert.NotEqual(1, groups.Count(g => g.Actions is null)); // the overall actions are shown
            foreach (var reason in s.Overall.Reasons.Where(r => r.Count is not null))
                Assert.NotEqual(1, groups.Count(g => g.Reasons.Single(r => r.Reason == reason.Reason).Count is null));
        }
    }

    [Fact]
    public void NoActions_GiveANullRateWithAReason()
    {
        var s = OverrideSummaryBuilder.Build(ServiceScenario.SepsisRegistration(), null, [], From, From.AddDays(1));
        Assert.Empty(s.Groups);
        Assert.Null(s.Overall.OverrideRate.Value);
        Assert.Equal("no clinician actions in the period", s.Overall.OverrideRate.Reason);
    }
}
