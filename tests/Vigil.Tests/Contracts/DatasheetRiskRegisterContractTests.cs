using Vigil.Contracts.Datasheet;
using Vigil.Contracts.RiskRegister;
using Vigil.Core;
using Vigil.Tests.Application;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Contracts;

/// <summary>vigil.datasheet/v2 and vigil.risk-register/v2: published schemas, the v1 message, and reader/writer symmetry.</summary>
public sealed class DatasheetRiskRegisterContractTests
{
    private static readonly string SitesDatasheet = Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "sites", "datasheet.json");

    [Theory]
    [InlineData("datasheet")]
    [InlineData("risk-register")]
    public void The_published_schema_is_the_one_the_contract_generates(string format)
    {
        var (schema, generated) = format == "datasheet"
            ? (DatasheetContract.Schema, DatasheetContract.JsonSchema())
            : (RiskRegisterContract.Schema, RiskRegisterContract.JsonSchema());
        var path = ModelContractSchemas.PathOf(schema);
        if (Environment.GetEnvironmentVariable("VIGIL_WRITE_SCHEMAS") == "1") File.WriteAllText(path, generated);
        Assert.Equal(generated, File.ReadAllText(path));
    }

    [Fact]
    public void A_v1_datasheet_gets_one_line_saying_to_rerun()
    {
        using var dir = new TempDir();
        var v1 = dir.File("datasheet.json", "{\"schema\":\"vigil.datasheet/v1\",\"title\":\"t\",\"sections\":[]}");
        var e = Assert.Throws<VigilException>(() => DatasheetContract.Read(v1));
        Assert.Equal($"{v1}: schema vigil.datasheet/v1 is an older format; re-run `vigil data-audit --datasheet` to write vigil.datasheet/v2", e.Message);
    }

    [Fact]
    public void A_v1_risk_register_gets_one_line_saying_to_rerun()
    {
        using var dir = new TempDir();
        var v1 = dir.File("risk-register.json", "{\"schema\":\"vigil.risk-register/v1\",\"audit\":\"audit.json\",\"rows\":[]}");
        var e = Assert.Throws<VigilException>(() => RiskRegisterContract.Read(v1));
        Assert.Equal($"{v1}: schema vigil.risk-register/v1 is an older format; re-run `vigil report` to write vigil.risk-register/v2", e.Message);
    }

    [Fact]
    public void The_shipped_datasheet_reads_and_writes_back_unchanged_and_matches_its_schema()
    {
        var text = File.ReadAllText(SitesDatasheet);
        ContractSchemas.AssertValid(text);
        var doc = DatasheetContract.Parse(text, SitesDatasheet);
        Assert.Equal(text, DatasheetContract.Write(doc));
        Assert.Equal("datasheet", doc.Inputs[0].Role);
        Assert.Equal(4, doc.Inputs.Count(i => i.Role == "data"));
        Assert.Equal(["sex", "age"], doc.Settings.Protected);
        var count = doc.Sections.SelectMany(s => s.Questions).Single(q => q.Key == "composition.count");
        Assert.NotEmpty(count.Measured);
    }

    [Fact]
    public void A_risk_register_missing_a_row_field_is_refused_naming_the_path()
    {
        using var dir = new TempDir();
        var file = dir.File("risk-register.json", """
            {"schema": "vigil.risk-register/v2", "tool": {"name": "vigil", "version": "0.1.0"},
             "inputs": [{"role": "audit", "path": "audit.json", "rows": null, "sha256": null}], "settings": {"min_cell": 11},
             "severity_scale": {"severity": "s", "bands": "b", "impact": "i", "likelihood": "l"},
             "rows": [{"id": "R1"}]}
            """);
        var e = Assert.Throws<VigilException>(() => RiskRegisterContract.Read(file));
        Assert.StartsWith($"{file}: not a valid vigil.risk-register/v2 document at $.rows[0]", e.Message, StringComparison.Ordinal);
    }
}
