using System.Globalization;
using System.Text;
using System.Xml;
using Vigil.Contracts.Gate;

namespace Vigil.Application.Governance;

/// <summary>
/// Writes a gate result as JUnit XML for CI systems (docs/governance.md): one &lt;testsuites&gt; holding one &lt;testsuite&gt;
/// named after the policy, one &lt;testcase&gt; per check (rule × subject; classname vigil.gate.RULE, name "RULE: SUBJECT").
/// fail → &lt;failure type="KIND" message="EVIDENCE"&gt; with the values; skipped → &lt;skipped message="REASON"/&gt;;
/// pass and waived → an empty test case, their evidence (and the exception that waived a check) one line each in the
/// suite's &lt;system-out&gt;, with the safeguards in force; the suite's &lt;properties&gt; carry the policy hash, the outcome
/// and the decision record's hash. Times are 0 (a gate measures nothing over time).
/// <para>
/// The shape is the one both published JUnit schemas accept (tests/golden/junit/README.md): Windy Road's Ant JUnit.xsd,
/// the strict one (no attributes on &lt;testsuites&gt;; a &lt;testsuite&gt; inside it has package and id, timestamp without a
/// zone, hostname, properties, system-out and system-err; a &lt;testcase&gt; holds at most one of skipped, error or failure
/// and no output of its own), and the Jenkins xunit plugin's junit-10.xsd. Counts are on the suite, where every reader looks.
/// </para>
/// </summary>
public static class GateJUnit
{
    /// <summary>The XML text (UTF-8 declaration, indented).</summary>
    public static string Write(GateDocument gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var counts = gate.Counts;
        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true, NewLineChars = "\n" };
        using (var w = XmlWriter.Create(sb, settings))
        {
            w.WriteStartElement("testsuites");
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", gate.Policy.Name);
            Counts(w, counts);
            w.WriteAttributeString("timestamp", gate.DecidedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteAttributeString("hostname", "vigil");
            w.WriteAttributeString("id", "0");
            w.WriteAttributeString("package", "vigil.gate");

            w.WriteStartElement("properties");
            Property(w, "policy", gate.Policy.Path);
            Property(w, "policy_sha256", gate.Policy.Sha256);
            foreach (var input in gate.Inputs) Property(w, $"input.{input.Role}", $"{input.Path} sha256 {input.Sha256}");
            Property(w, "outcome", gate.Outcome);
            if (gate.Decision is { } d) Property(w, "decision_hash", $"{d.Hash} (record {d.Sequence} of {d.Log})");
            w.WriteEndElement();

            var output = new List<string>();
            foreach (var c in gate.Checks)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("name", Clean($"{c.Rule}: {c.Subject}"));
                w.WriteAttributeString("classname", Clean($"vigil.gate.{c.Rule}"));
                w.WriteAttributeString("time", "0");
                switch (c.Status)
                {
                    case GateStatus.Fail:
                        w.WriteStartElement("failure");
                        w.WriteAttributeString("message", Clean(c.Evidence));
                        w.WriteAttributeString("type", c.Kind);
                        w.WriteString(Clean(Details(c)));
                        w.WriteEndElement();
                        break;
                    case GateStatus.Skipped:
                        w.WriteStartElement("skipped");
                        w.WriteAttributeString("message", Clean(c.Evidence));
                        w.WriteEndElement();
                        break;
                    case GateStatus.Waived:
                        output.Add($"WAIVED {c.Rule}: {c.Subject} by exception ({c.Exception}). {Details(c).Replace("\n", "; ", StringComparison.Ordinal)}");
                        break;
                    default:
                        output.Add($"PASS {c.Rule}: {c.Subject}. {Details(c).Replace("\n", "; ", StringComparison.Ordinal)}");
                        break;
                }
                w.WriteEndElement();
            }
            output.AddRange(gate.Safeguards.Select(s => $"safeguard in force: {s.Action} ({s.Rule}, {s.Subject}) from {s.Start:yyyy-MM-dd} until {s.End}"));
            w.WriteElementString("system-out", Clean(string.Join("\n", output)));
            w.WriteElementString("system-err", "");
            w.WriteEndElement();
            w.WriteEndElement();
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + sb + "\n";
    }

    private static void Counts(XmlWriter w, GateCounts counts)
    {
        w.WriteAttributeString("tests", counts.Checks.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", counts.Failed.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", "0");
        w.WriteAttributeString("skipped", counts.Skipped.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("time", "0");
    }

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", Clean(name));
        w.WriteAttributeString("value", Clean(value));
        w.WriteEndElement();
    }

    /// <summary>The evidence, then every value by name and the safeguard, one per line.</summary>
    private static string Details(GateCheck c)
    {
        var lines = new List<string> { c.Evidence };
        lines.AddRange(c.Values.Select(kv => $"{kv.Key} = {(kv.Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "null")}"));
        if (c.Safeguard is not null) lines.Add($"safeguard: {c.Safeguard}");
        return string.Join("\n", lines);
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters from a file name or a card field).</summary>
    private static string Clean(string text) =>
        string.Concat(text.Where(ch => ch is '\n' or '\t' or '\r' || (ch >= 0x20 && XmlConvert.IsXmlChar(ch)) || char.IsSurrogate(ch)));
}
