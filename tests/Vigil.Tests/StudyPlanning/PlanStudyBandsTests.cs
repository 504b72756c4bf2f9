using System.Text.Json;
using Vigil.Tests.Contracts;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.StudyPlanning;

/// <summary>plan-study --bands: the plan reads the audit's groups, so the bands must be the audit's (checked, recorded).</summary>
public sealed class PlanStudyBandsTests
{
    [Fact]
    public void Bands_equal_to_the_audits_are_recorded_and_other_bands_are_clear_errors()
    {
        using var dir = new TempDir();
        var audit = dir.Combine("audit.json");
        var (code, _, err) = CliRunner.Run("audit", "--data", TestFiles.Heart, "--label", "disease", "--score", "score",
            "--protected", "sex,age", "--bands", "age=45,65", "--format", "json", "--out", audit);
        Assert.True(code == 0, err);

        var plan = dir.Combine("plan.json");
        (code, _, err) = CliRunner.Run("plan-study", "--groups-from", audit, "--protected", "age", "--bands", "age=45,65", "--width", "0.1", "--out", plan);
        Assert.True(code == 0, err);
        var text = File.ReadAllText(plan);
        ContractSchemas.AssertValid(text);
        using var doc = JsonDocument.Parse(text);
        var edges = doc.RootElement.GetProperty("settings").GetProperty("bands").GetProperty("age").EnumerateArray().Select(e => e.GetDouble());
        Assert.Equal([45.0, 65.0], edges);
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()).ToList();
        Assert.Equal(3, groups.Count);

        // The same plan without --bands has the same groups and numbers; only the recorded settings differ.
        using var plain = CliRunner.Json("plan-study", "--groups-from", audit, "--protected", "age", "--width", "0.1");
        Assert.Equal(doc.RootElement.GetProperty("groups").GetRawText(), plain.RootElement.GetProperty("groups").GetRawText());
        Assert.Empty(plain.RootElement.GetProperty("settings").GetProperty("bands").EnumerateObject());

        (code, _, err) = CliRunner.Run("plan-study", "--groups-from", audit, "--protected", "age", "--bands", "age=50,70", "--width", "0.1");
        Assert.Equal(2, code);
        Assert.Contains("--bands", err, StringComparison.Ordinal);
        Assert.Contains("banded 'age' at 45,65", err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run("plan-study", "--groups-from", audit, "--protected", "sex,chol", "--bands", "chol=200", "--width", "0.1");
        Assert.Equal(2, code);
        Assert.Contains("did not band 'chol'", err, StringComparison.Ordinal);

        (code, _, err) = CliRunner.Run("plan-study", "--sensitivity", "0.8", "--prevalence", "0.1", "--width", "0.1", "--protected", "age", "--bands", "age=45,65");
        Assert.Equal(2, code);
        Assert.Contains("--bands", err, StringComparison.Ordinal);
        Assert.Contains("--groups-from", err, StringComparison.Ordinal);
    }
}
