using Vigil.Core;
using Vigil.Data;
using Vigil.Reporting.Card;
using YamlDotNet.RepresentationModel;

namespace Vigil.Application.Governance;

/// <summary>
/// Reads and validates a policy file (docs/governance.md). The YAML is loaded within <see cref="BoundedYaml"/>'s bounds
/// (size, depth, alias expansion: an anchor bomb is refused before any tree is built); every problem is a one-line data
/// error "FILE:LINE: KEY: what is wrong" (exit 3).
/// </summary>
public static class PolicyReader
{
    private static readonly string[] TopKeys = ["policy", "version", "description", "re_validation", "exception_approvers", "rules", "exceptions"];
    private static readonly string[] CommonRuleKeys = ["id", "kind", "description", "safeguard"];
    private static readonly string[] SafeguardKeys = ["action", "until"];
    private static readonly string[] ExceptionKeys = ["rule", "group", "granted_by", "reason", "until"];
    private static readonly string[] GapTests = ["interval_upper", "point"];
    private static readonly string[] CalibrationTests = ["interval", "point"];

    private static readonly Dictionary<string, string[]> KindKeys = new(StringComparer.Ordinal)
    {
        [PolicyKinds.Breakdown] = ["attribute", "groups", "metrics"],
        [PolicyKinds.MinGroupSize] = ["attribute", "groups", "min_n", "min_positives"],
        [PolicyKinds.MaxGap] = ["attribute", "metric", "groups", "reference", "max", "test"],
        [PolicyKinds.Calibration] = ["min", "max", "sites", "test"],
        [PolicyKinds.Drift] = ["max_drifted_share", "allow_dataset_drift", "columns"],
        [PolicyKinds.LabelCompleteness] = ["min"],
        [PolicyKinds.Documents] = ["card_fields", "chai_fields", "hti1"],
    };

    /// <summary>Reads <paramref name="path"/> (a missing file is a usage error naming --policy).</summary>
    public static GatePolicy ReadFile(string path)
    {
        if (!File.Exists(path)) throw VigilException.Option("policy", $"{path}: no such file");
        return Parse(BoundedYaml.LoadFile(path), path);
    }

    /// <summary>Validates policy YAML text; <paramref name="name"/> names it in errors.</summary>
    public static GatePolicy Parse(string yaml, string name) => Parse(BoundedYaml.Load(yaml, name), name);

    private static GatePolicy Parse(YamlStream stream, string name)
    {
        if (stream.Documents.Count != 1)
            throw VigilException.BadData($"{name}:1: expected one YAML document holding the policy, found {stream.Documents.Count}");
        var top = new PolicyNode(name, "", stream.Documents[0].RootNode, TopKeys);
        var policyName = top.Text("policy", required: true)!;
        var approvers = top.Texts("exception_approvers");
        var ruleNodes = top.Items("rules");
        if (ruleNodes.Count == 0) throw top.Error(top.Node("rules") ?? stream.Documents[0].RootNode, "rules", "a policy needs at least one rule");
        var rules = new List<PolicyRule>();
        for (var i = 0; i < ruleNodes.Count; i++)
        {
            var rule = Rule(name, $"rules[{i}]", ruleNodes[i]);
            if (rules.Any(r => r.Id == rule.Id))
                throw PolicyNode.Error(name, ruleNodes[i], $"rules[{i}].id", $"'{rule.Id}' is the id of an earlier rule; ids must be unique");
            rules.Add(rule);
        }
        var exceptions = new List<ExceptionGrant>();
        var exceptionNodes = top.Items("exceptions");
        for (var i = 0; i < exceptionNodes.Count; i++)
        {
            var e = new PolicyNode(name, $"exceptions[{i}]", exceptionNodes[i], ExceptionKeys);
            var rule = e.Text("rule", required: true)!;
            if (rules.All(r => r.Id != rule))
                throw e.Error(e.Node("rule")!, e.Key("rule"), $"'{rule}' is not a rule of this policy (rules: {string.Join(", ", rules.Select(r => r.Id))})");
            var grantedBy = e.Text("granted_by", required: true)!;
            if (!approvers.Contains(grantedBy))
            {
                throw e.Error(e.Node("granted_by")!, e.Key("granted_by"), approvers.Count == 0
                    ? $"'{grantedBy}' may not grant exceptions: the policy names no exception_approvers"
                    : $"'{grantedBy}' may not grant exceptions (exception_approvers: {string.Join(", ", approvers)})");
            }
            exceptions.Add(new ExceptionGrant(rule, e.Text("group"), grantedBy, e.Text("reason", required: true)!, e.Date("until", required: true)!.Value, e.Line));
        }
        return new GatePolicy(policyName, top.Text("version"), top.Text("description"), top.Date("re_validation"), approvers, rules, exceptions);
    }

    private static PolicyRule Rule(string file, string path, YamlNode node)
    {
        // The kind decides which keys are allowed, so read it before checking the rest.
        if (node is not YamlMappingNode map)
            throw PolicyNode.Error(file, node, path, $"expected a mapping with keys {string.Join(", ", CommonRuleKeys)}, ..., found {PolicyNode.Describe(node)}");
        var kindNode = map.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "kind" }).Value;
        if (kindNode is null) throw PolicyNode.Error(file, node, $"{path}.kind", $"missing required key (one of: {string.Join(", ", PolicyKinds.All)})");
        var kind = (kindNode as YamlScalarNode)?.Value ?? "";
        if (!KindKeys.TryGetValue(kind, out var own))
            throw PolicyNode.Error(file, kindNode, $"{path}.kind", $"'{kind}' is not a rule kind (expected one of: {string.Join(", ", PolicyKinds.All)})");
        var r = new PolicyNode(file, path, node, [.. CommonRuleKeys, .. own]);
        var id = r.Text("id", required: true)!;
        if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw r.Error(r.Node("id")!, r.Key("id"), $"'{id}': use letters, digits, '-', '_' and '.' only (the id names JUnit test cases and exceptions)");
        var line = r.Line;
        var safeguard = SafeguardOf(r);
        return kind switch
        {
            PolicyKinds.Breakdown => new BreakdownRule(id, line, safeguard, r.Text("attribute", required: true)!, r.Texts("groups"), Metrics(r)),
            PolicyKinds.MinGroupSize => MinGroupSize(r, id, line, safeguard),
            PolicyKinds.MaxGap => new MaxGapRule(id, line, safeguard, r.Text("attribute", required: true)!,
                r.Choice("metric", [.. GapMetrics.Directions.Keys], required: true)!, r.Texts("groups"), r.Text("reference"),
                r.Number("max", 0, 1, required: true)!.Value,
                r.Choice("test", GapTests) == "point" ? GapTest.Point : GapTest.IntervalUpper),
            PolicyKinds.Calibration => Calibration(r, id, line, safeguard),
            PolicyKinds.Drift => Drift(r, id, line, safeguard),
            PolicyKinds.LabelCompleteness => new LabelCompletenessRule(id, line, safeguard, r.Number("min", 0, 1, required: true)!.Value),
            _ => Documents(r, id, line, safeguard),
        };
    }

    private static Safeguard? SafeguardOf(PolicyNode r)
    {
        var node = r.Node("safeguard");
        if (node is null) return null;
        if (node is YamlScalarNode) return new Safeguard(r.Text("safeguard")!, null);
        var s = new PolicyNode(r.File, r.Key("safeguard"), node, SafeguardKeys);
        return new Safeguard(s.Text("action", required: true)!, s.Date("until"));
    }

    private static IReadOnlyList<string> Metrics(PolicyNode r)
    {
        var metrics = r.Texts("metrics");
        for (var i = 0; i < metrics.Count; i++)
        {
            if (!GapMetrics.Breakdown.Contains(metrics[i]))
                throw r.Error(((YamlSequenceNode)r.Node("metrics")!).Children[i], $"{r.Key("metrics")}[{i}]",
                    $"'{metrics[i]}' is not an audit group metric (expected one of: {string.Join(", ", GapMetrics.Breakdown)})");
        }
        return metrics.Count == 0 ? ["fnr", "sensitivity"] : metrics;
    }

    private static MinGroupSizeRule MinGroupSize(PolicyNode r, string id, int line, Safeguard? safeguard)
    {
        var minN = r.Count("min_n", 1);
        var minPositives = r.Count("min_positives", 0);
        if (minN is null && minPositives is null) throw r.Error(r.Required("attribute"), r.Key("min_n"), "give min_n, min_positives or both");
        return new MinGroupSizeRule(id, line, safeguard, r.Text("attribute", required: true)!, r.Texts("groups"), minN, minPositives);
    }

    private static CalibrationRule Calibration(PolicyNode r, string id, int line, Safeguard? safeguard)
    {
        var min = r.Number("min", 0, 1e6, required: true)!.Value;
        var max = r.Number("max", 0, 1e6, required: true)!.Value;
        if (!(max > min)) throw r.Error(r.Node("max")!, r.Key("max"), $"{max} must be greater than min {min}");
        return new CalibrationRule(id, line, safeguard, min, max, r.Texts("sites"), r.Choice("test", CalibrationTests) == "point" ? GapTest.Point : GapTest.IntervalUpper);
    }

    private static DriftRule Drift(PolicyNode r, string id, int line, Safeguard? safeguard)
    {
        var share = r.Number("max_drifted_share", 0, 1);
        var columns = r.Texts("columns");
        var allow = r.Flag("allow_dataset_drift", false);
        return new DriftRule(id, line, safeguard, share, allow, columns);
    }

    private static DocumentsRule Documents(PolicyNode r, string id, int line, Safeguard? safeguard)
    {
        var cardFields = r.Texts("card_fields");
        for (var i = 0; i < cardFields.Count; i++)
        {
            if (!CardKeyExists(cardFields[i]))
                throw r.Error(((YamlSequenceNode)r.Node("card_fields")!).Children[i], $"{r.Key("card_fields")}[{i}]",
                    $"'{cardFields[i]}' is not a card.yaml key (docs/report.md lists them, e.g. model_details.name, intended_use.primary_uses)");
        }
        var chaiFields = r.Texts("chai_fields");
        for (var i = 0; i < chaiFields.Count; i++)
        {
            if (!CardKeyExists("chai." + chaiFields[i]))
                throw r.Error(((YamlSequenceNode)r.Node("chai_fields")!).Children[i], $"{r.Key("chai_fields")}[{i}]",
                    $"'{chaiFields[i]}' is not a key under chai in card.yaml (e.g. release_stage, summary, clinical_risk_level)");
        }
        var hti1 = new List<int>();
        var hti1Node = r.Node("hti1");
        if (hti1Node is YamlScalarNode)
        {
            if (r.Text("hti1") != "all") throw r.Error(hti1Node, r.Key("hti1"), $"expected all or a list of attribute numbers 1-31, found '{r.Text("hti1")}'");
            hti1.AddRange(Enumerable.Range(1, 31));
        }
        else if (hti1Node is not null)
        {
            var items = r.Texts("hti1");
            for (var i = 0; i < items.Count; i++)
            {
                if (!int.TryParse(items[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n is < 1 or > 31)
                    throw r.Error(((YamlSequenceNode)hti1Node).Children[i], $"{r.Key("hti1")}[{i}]", $"expected an HTI-1 attribute number 1-31, found '{items[i]}'");
                hti1.Add(n);
            }
        }
        if (cardFields.Count == 0 && chaiFields.Count == 0 && hti1.Count == 0)
            throw r.Error(r.Required("id"), r.Key("card_fields"), "a documents rule needs card_fields, chai_fields or hti1");
        return new DocumentsRule(id, line, safeguard, cardFields, chaiFields, hti1);
    }

    /// <summary>Whether a dotted key names a text or list field of card.yaml's schema.</summary>
    internal static bool CardKeyExists(string dotted)
    {
        IReadOnlyList<CardField>? fields = CardSchema.Root;
        var parts = dotted.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var field = fields?.FirstOrDefault(f => f.Key == parts[i]);
            if (field is null) return false;
            if (i == parts.Length - 1) return field.Kind is CardValueKind.Text or CardValueKind.TextList;
            fields = field.Children;
        }
        return false;
    }
}
