using System.Text.Json;
using Vigil.Core;
using Vigil.Core.Labels;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Data;

/// <summary>
/// The one label kernel: its rules on level lists, and the same rules seen through every command that reads a label
/// (audit and data-audit here; train, validate, score and mitigate call the same kernel through ModelTableLoader and
/// the mitigate reader).
/// </summary>
public sealed class LabelEncodingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static bool[] Positive(string[] levels, string? positive = null) => LabelEncoding.Encode(levels, positive, "x").PositiveLevels;

    [Theory]
    [InlineData(new[] { "0", "1" }, new[] { false, true })]
    [InlineData(new[] { "1.0", "0.0" }, new[] { true, false })]
    [InlineData(new[] { "no", "YES" }, new[] { false, true })]
    [InlineData(new[] { "True", "false" }, new[] { true, false })]
    [InlineData(new[] { "-1", "1" }, new[] { false, true })]
    [InlineData(new[] { "1", "1.0", "0" }, new[] { true, true, false })]
    [InlineData(new[] { "0" }, new[] { false })]
    [InlineData(new[] { "-1" }, new[] { false })]
    public void Recognised_codings_need_no_positive_label(string[] levels, bool[] expected) =>
        Assert.Equal(expected, Positive(levels));

    [Theory]
    [InlineData("0,1,2")]
    [InlineData("-1,0,1")] // 0 and -1 together: which one is the negative class?
    [InlineData("maybe,yes")]
    public void Other_codings_need_a_positive_label(string values)
    {
        var levels = values.Split(',');
        var e = Assert.Throws<VigilException>(() => LabelEncoding.Encode(levels, null, "f.csv: column 'y'"));
        Assert.Equal(FailureKind.Data, e.Kind);
        Assert.StartsWith("f.csv: column 'y' is not binary", e.Message, StringComparison.Ordinal);
        Assert.Contains("positive-label", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minus_one_is_the_negative_class_and_is_named()
    {
        var c = LabelEncoding.Encode(["-1", "1"], null, "x");
        Assert.Equal("1", c.Positive);
        Assert.Equal("-1", c.Negative);
        Assert.Equal("'-1' is the negative class (the -1/1 coding)", c.Note);
        Assert.Equal("= 1 (-1 negative)", c.Rule);
    }

    [Fact]
    public void A_named_positive_makes_every_other_value_negative()
    {
        Assert.Equal([true, false, false], Positive(["sick", "well", "unknown"], "sick"));
        Assert.Equal([false, true], Positive(["0", "1.0"], "1"));
        Assert.Equal([false, true, true], Positive(["0", "2", "3"], ">0"));
        Assert.Equal([true, false], Positive(["0", "1"], "<=0"));
    }

    [Fact]
    public void A_positive_label_absent_from_an_all_negative_column_means_all_negative()
    {
        var c = LabelEncoding.Encode(["-1"], "1", "x");
        Assert.Equal([false], c.PositiveLevels);
        Assert.Equal("-1", c.Negative);
        Assert.Contains("every value is negative", c.Note, StringComparison.Ordinal);
        Assert.Equal([false, false], Positive(["0", "no"], "yes"));
        Assert.Equal([false], Positive(["1"], "0")); // the peers' all-ones array with pos_label=0
    }

    [Fact]
    public void A_positive_label_absent_from_other_values_is_probably_misspelled()
    {
        var e = Assert.Throws<VigilException>(() => LabelEncoding.Encode(["Yes", "No"], "yes", "f.csv: column 'y'"));
        Assert.Equal("f.csv: column 'y' never holds the positive label 'yes'; values found: Yes, No", e.Message);
    }

    [Fact]
    public void A_rule_on_a_word_or_without_a_number_is_refused()
    {
        Assert.Equal(FailureKind.Data, Assert.Throws<VigilException>(() => LabelEncoding.Encode(["a", "1"], ">0", "x")).Kind);
        var e = Assert.Throws<VigilException>(() => LabelEncoding.Encode(["0", "1"], ">x", "x"));
        Assert.Equal(FailureKind.Usage, e.Kind);
        Assert.Equal("positive_label", e.Parameter);
    }

    [Fact]
    public void Codes_map_to_bytes_with_missing_kept_apart()
    {
        var c = LabelEncoding.Encode(["no", "yes"], null, "x");
        Assert.Equal([1, 0, 9], c.ToBytes([1, 0, -1], missing: 9));
        Assert.Equal([true, false], c.ToBooleans([1, 0]));
    }

    // ---------- through the commands ----------

    private const string YesNo = "sex,y,p\nF,yes,1\nF,no,0\nF,yes,0\nM,no,1\nM,yes,1\nM,no,0\n";

    [Fact]
    public void A_yes_no_label_passes_audit_and_data_audit()
    {
        var path = _dir.File("yn.csv", YesNo);
        using var audit = CliRunner.Json("audit", "--data", path, "--label", "y", "--prediction", "p", "--protected", "sex");
        Assert.Equal("yes", audit.RootElement.GetProperty("settings").GetProperty("positive_label").GetString());
        Assert.Equal(3, audit.RootElement.GetProperty("overall").GetProperty("metrics").GetProperty("positives").GetProperty("value").GetDouble());

        using var data = CliRunner.Json("data-audit", "--data", path, "--label", "y", "--protected", "sex", "--features", "p");
        Assert.Equal("y = yes", data.RootElement.GetProperty("settings").GetProperty("positive_rule").GetString());
    }

    [Fact]
    public void A_minus_one_one_label_names_minus_one_as_negative_in_the_audit()
    {
        var path = _dir.File("pm.csv", "sex,y,p\nF,1,1\nF,-1,-1\nF,1,-1\nM,-1,1\nM,1,1\nM,-1,-1\n");
        using var audit = CliRunner.Json("audit", "--data", path, "--label", "y", "--prediction", "p", "--protected", "sex");
        var root = audit.RootElement;
        Assert.Equal(3, root.GetProperty("overall").GetProperty("metrics").GetProperty("positives").GetProperty("value").GetDouble());
        Assert.Equal(2.0 / 3, root.GetProperty("overall").GetProperty("metrics").GetProperty("sensitivity").GetProperty("value").GetDouble(), 1e-12);
        Assert.Contains(root.GetProperty("notes").EnumerateArray(),
            n => n.GetString() == "label 'y': '-1' is the negative class (the -1/1 coding)");

        using var data = CliRunner.Json("data-audit", "--data", path, "--label", "y", "--protected", "sex", "--features", "p");
        Assert.Equal("y = 1 (-1 negative)", data.RootElement.GetProperty("settings").GetProperty("positive_rule").GetString());
    }

    /// <summary>Today's refusal in the issue: only -1 with --positive-label 1. Accepted as all-negative, like the same rows coded 0.</summary>
    [Fact]
    public void A_label_of_only_minus_one_with_positive_label_1_is_all_negative()
    {
        var path = _dir.File("neg.csv", "sex,y,p\nF,-1,1\nF,-1,0\nM,-1,1\nM,-1,0\n");
        using var audit = CliRunner.Json("audit", "--data", path, "--label", "y", "--prediction", "p", "--protected", "sex", "--positive-label", "1");
        var overall = audit.RootElement.GetProperty("overall").GetProperty("metrics");
        Assert.Equal(0, overall.GetProperty("positives").GetProperty("value").GetDouble());
        Assert.Equal(0.5, overall.GetProperty("fpr").GetProperty("value").GetDouble(), 1e-12);
        Assert.Equal(JsonValueKind.Null, overall.GetProperty("sensitivity").GetProperty("value").ValueKind);

        var zeros = _dir.File("zero.csv", "sex,y,p\nF,0,1\nF,0,0\nM,0,1\nM,0,0\n");
        using var coded0 = CliRunner.Json("audit", "--data", zeros, "--label", "y", "--prediction", "p", "--protected", "sex");
        Assert.Equal(0.5, coded0.RootElement.GetProperty("overall").GetProperty("metrics").GetProperty("fpr").GetProperty("value").GetDouble(), 1e-12);
    }
}
