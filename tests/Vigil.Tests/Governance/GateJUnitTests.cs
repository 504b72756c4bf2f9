using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Vigil.Application.Governance;
using Vigil.Contracts.Gate;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Governance;

/// <summary>The JUnit XML validates against the common JUnit schema (tests/golden/junit) and maps every check to a test case.</summary>
public sealed class GateJUnitTests
{
    private static GateDocument Gate(string policy, TempDir dir, string? card = null) => GateJob.Run(new GateJobOptions
    {
        Policy = GateFixtures.Policy(policy), Audit = GateFixtures.Heart.File, Card = card, Decisions = dir.Combine("log.jsonl"),
        Clock = new GateFixtures.FixedClock(GateFixtures.Now),
    });

    private static void AssertValid(string xml)
    {
        var schemas = new XmlSchemaSet();
        using (var reader = XmlReader.Create(GateFixtures.Xsd)) schemas.Add(null, reader);
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void A_failing_gate_validates_and_has_one_test_case_per_check_with_the_evidence()
    {
        using var dir = new TempDir();
        var gate = Gate("strict-intersectional.yaml", dir, GateFixtures.HeartCard);
        var xml = GateJUnit.Write(gate);
        AssertValid(xml);

        var doc = XDocument.Parse(xml);
        var suite = Assert.Single(doc.Root!.Elements("testsuite"));
        Assert.Equal("strict-intersectional", (string?)suite.Attribute("name"));
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(gate.Checks.Count, cases.Count);
        Assert.Equal(gate.Counts.Failed, cases.Count(c => c.Element("failure") is not null));
        Assert.Equal(gate.Counts.Skipped, cases.Count(c => c.Element("skipped") is not null));
        Assert.Equal(gate.Counts.Checks.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)suite.Attribute("tests"));
        Assert.Equal(gate.Counts.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)suite.Attribute("failures"));

        var gap = cases.Single(c => (string?)c.Attribute("name") == "fnr-gap-age: age = >=65");
        Assert.Equal("vigil.gate.fnr-gap-age", (string?)gap.Attribute("classname"));
        var failure = gap.Element("failure")!;
        Assert.Equal("max_gap", (string?)failure.Attribute("type"));
        Assert.Contains("upper bound 0.161 > 0.03", (string?)failure.Attribute("message"), StringComparison.Ordinal);
        Assert.Contains("gap_upper = 0.16", failure.Value, StringComparison.Ordinal);
        Assert.Contains("safeguard: Manual review", failure.Value, StringComparison.Ordinal);

        var properties = suite.Element("properties")!.Elements("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        Assert.Equal(gate.Policy.Sha256, properties["policy_sha256"]);
        Assert.StartsWith(gate.Decision!.Hash, properties["decision_hash"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_passing_gate_with_a_skipped_rule_validates()
    {
        using var dir = new TempDir();
        var gate = Gate("screening-looser.yaml", dir);
        var xml = GateJUnit.Write(gate);
        AssertValid(xml);
        var cases = XDocument.Parse(xml).Descendants("testcase").ToList();
        Assert.Equal(4, cases.Count);
        Assert.DoesNotContain(cases, c => c.Element("failure") is not null);
        Assert.Contains("measured per monitoring window", (string?)Assert.Single(cases, c => c.Element("skipped") is not null).Element("skipped")!.Attribute("message"), StringComparison.Ordinal);
    }

    [Fact]
    public void Passing_and_waived_checks_are_empty_test_cases_and_their_evidence_is_in_the_suite_output()
    {
        using var dir = new TempDir();
        var gate = Gate("screening-looser.yaml", dir);
        var doc = XDocument.Parse(GateJUnit.Write(gate));
        Assert.Empty(doc.Root!.Attributes());
        var suite = Assert.Single(doc.Root.Elements("testsuite"));
        Assert.Equal(["properties", "testcase", "testcase", "testcase", "testcase", "system-out", "system-err"], suite.Elements().Select(e => e.Name.LocalName));
        Assert.All(suite.Elements("testcase"), c => Assert.Null(c.Element("system-out")));
        var output = suite.Element("system-out")!.Value.Split('\n');
        var passed = gate.Checks.Where(c => c.Status == GateStatus.Pass).ToList();
        Assert.Equal(3, passed.Count);
        foreach (var c in passed) Assert.Contains(output, line => line.StartsWith($"PASS {c.Rule}: {c.Subject}. {c.Evidence}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_minimal_document_of_the_published_shape_validates()
    {
        AssertValid("<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"1\" errors=\"0\" time=\"0\" timestamp=\"2026-01-01T00:00:00\" hostname=\"h\" id=\"0\" package=\"p\"><properties/><testcase name=\"t\" classname=\"c\" time=\"0\"><failure type=\"k\" message=\"m\">x</failure></testcase><system-out/><system-err/></testsuite></testsuites>");
    }

    [Theory]
    [InlineData("<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"1\" errors=\"0\"><testcase classname=\"c\" time=\"0\"><failure/><skipped/></testcase></testsuite></testsuites>")]
    [InlineData("<testsuites name=\"vigil gate\" tests=\"0\"><testsuite name=\"s\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"0\" timestamp=\"2026-01-01T00:00:00\" hostname=\"h\" id=\"0\" package=\"p\"><properties/><system-out/><system-err/></testsuite></testsuites>")]
    [InlineData("<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\" time=\"0\" timestamp=\"2026-01-01T00:00:00\" hostname=\"h\" id=\"0\" package=\"p\"><properties/><testcase name=\"t\" classname=\"c\" time=\"0\"><system-out>x</system-out></testcase><system-out/><system-err/></testsuite></testsuites>")]
    [InlineData("<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"1\" errors=\"0\" time=\"0\" timestamp=\"2026-01-01T00:00:00Z\" hostname=\"h\" id=\"0\" package=\"p\"><properties/><testcase name=\"t\" classname=\"c\" time=\"0\"><failure message=\"m\"/></testcase><system-out/><system-err/></testsuite></testsuites>")]
    public void The_schema_rejects_what_either_published_junit_schema_rejects(string bad)
    {
        // Two outcomes in one case; attributes on testsuites; output inside a test case; a zoned timestamp and a failure without a type.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertValid(bad));
    }
}
