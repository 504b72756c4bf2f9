using System.Text;
using Vigil.Application.Governance;
using Vigil.Core;
using Xunit;

namespace Vigil.Tests.Governance;

/// <summary>Malformed policies fail with one line naming the file, the line and the key, and what is wrong.</summary>
public sealed class PolicyReaderTests
{
    private const string Valid = """
        policy: p
        rules:
          - id: gap
            kind: max_gap
            attribute: age
            metric: fnr
            max: 0.05
        """;

    private static string Error(string yaml)
    {
        var e = Assert.Throws<VigilException>(() => PolicyReader.Parse(yaml, "policy.yaml"));
        Assert.Equal(FailureKind.Data, e.Kind);
        return e.Message;
    }

    [Fact]
    public void A_valid_policy_reads_with_its_defaults()
    {
        var p = PolicyReader.Parse(Valid, "policy.yaml");
        var rule = Assert.IsType<MaxGapRule>(Assert.Single(p.Rules));
        Assert.Equal(("gap", "age", "fnr", 0.05, GapTest.IntervalUpper), (rule.Id, rule.Attribute, rule.Metric, rule.Max, rule.Test));
        Assert.Null(rule.Reference);
        Assert.Null(rule.Safeguard);
        Assert.Equal(3, rule.Line);
    }

    [Fact]
    public void Every_shipped_policy_reads()
    {
        Assert.Equal(3, GateFixtures.Mission.Rules.Count);
        Assert.Equal(9, GateFixtures.Strict.Rules.Count);
        Assert.Equal(4, GateFixtures.Looser.Rules.Count);
        Assert.Equal(new DateOnly(2027, 6, 30), GateFixtures.Mission.ReValidation);
    }

    [Fact]
    public void An_unknown_top_level_key_names_its_line_and_the_allowed_keys()
    {
        var m = Error(Valid + "\nowner: someone\n");
        Assert.StartsWith("policy.yaml:8: owner: unknown key (expected one of: policy, version,", m, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_rule_key_names_its_path_and_line()
    {
        var m = Error(Valid + "\n    maximum: 0.1\n");
        Assert.StartsWith("policy.yaml:8: rules[0].maximum: unknown key (expected one of: id, kind, description, safeguard, attribute, metric,", m, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_type_names_the_key_the_line_and_what_was_found()
    {
        Assert.Equal("policy.yaml:7: rules[0].max: expected a number, found 'five percent'", Error(Valid.Replace("max: 0.05", "max: five percent", StringComparison.Ordinal)));
        Assert.Equal("policy.yaml:7: rules[0].max: expected a number, found a list", Error(Valid.Replace("max: 0.05", "max: [0.05]", StringComparison.Ordinal)));
        Assert.Equal("policy.yaml:8: rules[0].groups: expected a list, found '>=65'", Error(Valid + "\n    groups: \">=65\"\n"));
        Assert.Equal("policy.yaml:3: rules: expected a list, found a mapping", Error("policy: p\nrules:\n  id: x\n"));
    }

    [Fact]
    public void An_out_of_range_value_states_the_range()
    {
        Assert.Equal("policy.yaml:7: rules[0].max: 1.5 is out of range (expected a number in [0, 1])", Error(Valid.Replace("max: 0.05", "max: 1.5", StringComparison.Ordinal)));
        Assert.Equal("policy.yaml:6: rules[0].metric: 'auc' is not allowed (expected one of: fnr, fpr, fdr, for, sensitivity, specificity, ppv, npv, accuracy, balanced_accuracy, selection_rate)",
            Error(Valid.Replace("metric: fnr", "metric: auc", StringComparison.Ordinal)));
        var calibration = "policy: p\nrules:\n  - id: c\n    kind: calibration\n    min: 1.25\n    max: 0.8\n";
        Assert.Equal("policy.yaml:6: rules[0].max: 0.8 must be greater than min 1.25", Error(calibration));
    }

    [Fact]
    public void A_missing_key_an_unknown_kind_and_a_duplicate_id_are_named()
    {
        Assert.Equal("policy.yaml:3: rules[0].max: missing required key", Error(Valid.Replace("    max: 0.05", "", StringComparison.Ordinal)));
        Assert.StartsWith("policy.yaml:4: rules[0].kind: 'max_gaps' is not a rule kind (expected one of: breakdown,", Error(Valid.Replace("kind: max_gap", "kind: max_gaps", StringComparison.Ordinal)), StringComparison.Ordinal);
        var twice = Valid + "\n  - id: gap\n    kind: label_completeness\n    min: 0.9\n";
        Assert.Equal("policy.yaml:8: rules[1].id: 'gap' is the id of an earlier rule; ids must be unique", Error(twice));
        Assert.Equal("policy.yaml:1: policy: missing required key", Error("rules:\n  - id: x\n    kind: label_completeness\n    min: 0.9\n"));
    }

    [Fact]
    public void Exceptions_must_name_a_rule_an_approver_and_a_real_date()
    {
        var policy = "exception_approvers: [CMIO]\n" + Valid + "\nexceptions:\n  - rule: gap\n    granted_by: CMIO\n    reason: pilot\n    until: 2027-01-31\n";
        var p = PolicyReader.Parse(policy, "policy.yaml");
        Assert.Equal(new ExceptionGrant("gap", null, "CMIO", "pilot", new DateOnly(2027, 1, 31), 10), Assert.Single(p.Exceptions));

        Assert.Equal("policy.yaml:11: exceptions[0].granted_by: 'Dr Who' may not grant exceptions (exception_approvers: CMIO)",
            Error(policy.Replace("granted_by: CMIO", "granted_by: Dr Who", StringComparison.Ordinal)));
        Assert.Equal("policy.yaml:10: exceptions[0].rule: 'gaps' is not a rule of this policy (rules: gap)",
            Error(policy.Replace("rule: gap\n", "rule: gaps\n", StringComparison.Ordinal)));
        Assert.Equal("policy.yaml:13: exceptions[0].until: expected a date YYYY-MM-DD, found '31/01/2027'",
            Error(policy.Replace("2027-01-31", "31/01/2027", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_documents_rule_checks_card_keys_and_hti1_numbers()
    {
        var docs = "policy: p\nrules:\n  - id: d\n    kind: documents\n    card_fields: [model_details.name, model_details.colour]\n";
        Assert.StartsWith("policy.yaml:5: rules[0].card_fields[1]: 'model_details.colour' is not a card.yaml key", Error(docs), StringComparison.Ordinal);
        Assert.Equal("policy.yaml:5: rules[0].hti1[0]: expected an HTI-1 attribute number 1-31, found '32'",
            Error("policy: p\nrules:\n  - id: d\n    kind: documents\n    hti1: [32]\n"));
    }

    [Fact]
    public void An_anchor_bomb_is_refused_before_it_expands()
    {
        // Nine levels of ten aliases each: 10^9 copies of "lol" once expanded.
        var sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
            sb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        sb.Append("policy: p\n");
        var m = Error(sb.ToString());
        Assert.Contains("policy.yaml: line ", m, StringComparison.Ordinal);
        Assert.Contains("with its aliases expanded the YAML is larger than 1,000,000", m, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_and_invalid_yaml_name_the_line()
    {
        Assert.Contains("nested more than 64 levels deep", Error("policy: " + new string('[', 100)), StringComparison.Ordinal);
        Assert.StartsWith("policy.yaml: line 3: not valid YAML", Error("policy: p\nrules: [\n  - : :\n"), StringComparison.Ordinal);
    }
}
