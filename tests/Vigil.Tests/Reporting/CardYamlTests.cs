using Xunit;
using Vigil.Core;
using Vigil.Reporting.Card;
using Vigil.Tests.TestSupport;

namespace Vigil.Tests.Reporting;

/// <summary>card.yaml validation: errors name the file, the line and the key.</summary>
public sealed class CardYamlTests
{
    private static string Valid(string replace = "", string with = "")
    {
        var yaml = """
        model_details:
          name: M
          version: "1"
          date: "2026-01-01"
          developer: D
          type: T
          training_approach: A
          license: L
          contact: C
        intended_use:
          primary_uses: U
          primary_users: P
          out_of_scope:
            - X
        factors:
          relevant: R
        evaluation_data:
          datasets: D
          motivation: M
          preprocessing: P
        training_data: T
        ethical_considerations:
          data: D
          human_life: H
          mitigations: M
          risks_and_harms: R
          use_cases: U
        caveats_and_recommendations:
          - C
        risk_register:
          default_owner: Quality
          assignments:
            - kind: fnr_gap
              group: sex=F
              owner: CMIO
              status: mitigating
        """ + "\n";
        return replace.Length > 0 ? yaml.Replace(replace, with, StringComparison.Ordinal) : yaml;
    }

    private static string Error(string yaml)
    {
        var e = Assert.Throws<VigilException>(() => CardYamlReader.Parse(yaml, "card.yaml"));
        Assert.Equal(FailureKind.Data, e.Kind);
        Assert.DoesNotContain("\n", e.Message);
        return e.Message;
    }

    [Fact]
    public void A_valid_card_is_read()
    {
        var card = CardYamlReader.Parse(Valid(), "card.yaml");
        Assert.Equal("P", card.Text("intended_use.primary_users"));
        Assert.Equal(["X"], card.List("intended_use.out_of_scope"));
        var a = Assert.Single(card.Assignments);
        Assert.Equal(("fnr_gap", "sex=F", "CMIO", null, "mitigating"), (a.Kind, a.Group, a.Owner, a.Treatment, a.Status));
    }

    [Fact]
    public void Unknown_key_is_named_with_its_line() =>
        Assert.StartsWith("card.yaml:3: model_details.verison: unknown key", Error(Valid("  version:", "  verison:")));

    [Fact]
    public void Missing_required_key_is_named_with_the_line_of_its_section() =>
        Assert.Equal("card.yaml:15: factors.relevant: missing required key", Error(Valid("  relevant: R\n", "  evaluation: E\n")));

    [Fact]
    public void Wrong_type_is_named_with_its_line() =>
        Assert.StartsWith("card.yaml:13: intended_use.out_of_scope: expected a list of text items, found text", Error(Valid("    - X\n", "").Replace("out_of_scope:\n", "out_of_scope: anything\n", StringComparison.Ordinal)));

    [Fact]
    public void Section_given_as_text_is_a_wrong_type() =>
        Assert.StartsWith("card.yaml:22: ethical_considerations: expected a mapping", Error(string.Join("\n", Valid().Split('\n').Take(21)) + "\nethical_considerations: none\ncaveats_and_recommendations: [C]\n"));

    [Fact]
    public void Disallowed_value_is_named_with_its_line() =>
        Assert.StartsWith("card.yaml:36: risk_register.assignments[0].status: 'done' is not allowed", Error(Valid("status: mitigating", "status: done")));

    [Fact]
    public void Yaml_syntax_error_names_the_line() =>
        Assert.Matches(@"^card\.yaml: line [34]: not valid YAML: ", Error("model_details:\n  name: M\n  version: [unclosed\n"));

    [Fact]
    public void The_heart_example_card_is_valid() =>
        Assert.False(CardYamlReader.ReadFile(HeartReportFixture.CardPath).IsEmpty);

    [Fact]
    public void Cli_exits_3_and_writes_nothing_on_a_bad_card()
    {
        using var tmp = new TempDir();
        var json = tmp.Combine("audit.json");
        var csv = ReportRunner.Csv(tmp, "d.csv", [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0], [0.9, 0.1, 0.8, 0.2, 0.4, 0.6, 0.7, 0.3, 0.9, 0.1, 0.2, 0.2],
            ("sex", ["F", "F", "F", "F", "F", "F", "M", "M", "M", "M", "M", "M"]));
        ReportRunner.Audit(csv, json, "--protected", "sex");
        var card = tmp.File("card.yaml", Valid("  license: L\n", ""));
        var dir = tmp.Combine("out");
        var (code, err) = ReportRunner.Report("--audit", json, "--card", card, "--out", dir);
        Assert.Equal(3, code);
        Assert.Contains($"{card}:1: model_details.license: missing required key", err);
        Assert.False(Directory.Exists(dir));
        Assert.False(ReportRunner.StagingLeft(tmp.Path));
    }
}
