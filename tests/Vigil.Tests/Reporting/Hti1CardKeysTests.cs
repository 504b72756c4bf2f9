using Xunit;
using Vigil.Core;
using Vigil.Reporting.Card;

namespace Vigil.Tests.Reporting;

/// <summary>The card.yaml keys added for the CHAI card and the HTI-1 attributes are validated like the others.</summary>
public sealed class Hti1CardKeysTests
{
    private static string Error(string yaml)
    {
        var card = File.ReadAllText(HeartReportFixture.CardPath);
        var e = Assert.Throws<VigilException>(() => CardYamlReader.Parse(card + yaml, "card.yaml"));
        Assert.Equal(FailureKind.Data, e.Kind);
        return e.Message;
    }

    private static int Line(string yamlTail) => File.ReadAllText(HeartReportFixture.CardPath).Split('\n').Length - 1 + yamlTail.Split('\n').Length - 1;

    [Fact]
    public void The_heart_card_with_every_new_key_is_valid()
    {
        var facts = CardYamlReader.ReadFile(HeartReportFixture.CardPath);
        Assert.Equal("prediction", facts.Text("output.type"));
        Assert.Equal("internal", facts.Text("evaluation_data.source"));
        Assert.Equal(3, facts.List("chai.keywords")!.Count);
    }

    [Fact]
    public void Unknown_key_in_a_new_section_names_key_and_line()
    {
        const string tail = "external_validation:\n  testers: someone\n";
        Assert.Equal($"card.yaml:{Line(tail)}: external_validation.testers: unknown key (expected one of: data_source, tester, demographics, process)", Error(tail));
    }

    [Fact]
    public void Output_type_outside_the_allowed_set_is_an_error()
    {
        var card = File.ReadAllText(HeartReportFixture.CardPath).Replace("  type: prediction\n", "  type: forecast\n", StringComparison.Ordinal);
        var e = Assert.Throws<VigilException>(() => CardYamlReader.Parse(card, "card.yaml"));
        Assert.Contains("output.type: 'forecast' is not allowed (expected one of: prediction, classification, recommendation, evaluation, analysis, other)", e.Message);
    }

    [Fact]
    public void Keywords_must_be_a_list()
    {
        var card = File.ReadAllText(HeartReportFixture.CardPath);
        var i = card.IndexOf("  keywords:\n", StringComparison.Ordinal);
        var end = card.IndexOf("  clinical_risk_level:", StringComparison.Ordinal);
        var e = Assert.Throws<VigilException>(() => CardYamlReader.Parse(card[..i] + "  keywords: heart\n" + card[end..], "card.yaml"));
        Assert.Contains("chai.keywords: expected a list of text items, found text", e.Message);
    }
}
