using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Store;
using Xunit;

namespace Vigil.Tests.Monitoring.Store;

/// <summary>The label maturity rule on its own: t = 0, window end W = 72, maturity M = 120 (hours as plain numbers).</summary>
public sealed class LabelRuleTests
{
    private static readonly OutcomeDefinition Definition = new("sepsis_onset", 72, 48, ["transfer_out", "death"]);

    private static LabelState Eval(long now, params (string Kind, long Time)[] outcomes) =>
        LabelRule.Evaluate(0, 72, 120, Definition, outcomes.Select((o, i) => new StoredOutcome("o" + i, "e", o.Kind, o.Time)).ToArray(), now);

    [Fact]
    public void NoOutcome_PendingUntilMaturity_ThenNegative()
    {
        Assert.Equal(LabelState.Pending, Eval(119));
        Assert.Equal(LabelState.MaturedNegative, Eval(120));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(72)] // the window is closed: [t, W]
    public void PositiveInWindow_IsPositive_EvenBeforeMaturity(long onset) =>
        Assert.Equal(LabelState.MaturedPositive, Eval(1, ("sepsis_onset", onset)));

    [Fact]
    public void PositiveAfterWindow_IsIgnored() => Assert.Equal(LabelState.MaturedNegative, Eval(500, ("sepsis_onset", 73)));

    [Fact]
    public void PositiveBeforePrediction_IsCensored_WhateverElseHappens() =>
        Assert.Equal(LabelState.Censored, Eval(500, ("sepsis_onset", 10), ("sepsis_onset", -1)));

    [Fact]
    public void CensorBeforePositive_IsCensored() => Assert.Equal(LabelState.Censored, Eval(0, ("sepsis_onset", 20), ("death", 19)));

    [Fact]
    public void PositiveAtTheSameInstantAsCensor_IsPositive() => Assert.Equal(LabelState.MaturedPositive, Eval(0, ("transfer_out", 20), ("sepsis_onset", 20)));

    [Fact]
    public void CensorAtWindowEnd_DoesNotCensor() => Assert.Equal(LabelState.MaturedNegative, Eval(120, ("transfer_out", 72)));

    [Fact]
    public void CensorBeforePrediction_DoesNotCensor() => Assert.Equal(LabelState.Pending, Eval(0, ("transfer_out", -5)));

    [Fact]
    public void OtherKinds_AreIgnored() => Assert.Equal(LabelState.MaturedNegative, Eval(120, ("antibiotics", 3), ("icu_transfer", 4)));

    [Fact]
    public void EarliestOutcomesDecide_InAnyOrderWithDuplicates()
    {
        (string, long)[] outcomes = [("sepsis_onset", 50), ("transfer_out", 40), ("sepsis_onset", 30), ("transfer_out", 40), ("sepsis_onset", 30)];
        var expected = Eval(0, outcomes);
        Assert.Equal(LabelState.MaturedPositive, expected);
        var random = new Random(7);
        for (var i = 0; i < 20; i++)
            Assert.Equal(expected, Eval(0, [.. outcomes.OrderBy(_ => random.Next())]));
    }

    [Fact]
    public void LabelOf_OnlyMaturedStatesHaveLabels()
    {
        Assert.Equal(1, LabelRule.LabelOf(LabelState.MaturedPositive));
        Assert.Equal(0, LabelRule.LabelOf(LabelState.MaturedNegative));
        Assert.Null(LabelRule.LabelOf(LabelState.Pending));
        Assert.Null(LabelRule.LabelOf(LabelState.Censored));
    }
}
