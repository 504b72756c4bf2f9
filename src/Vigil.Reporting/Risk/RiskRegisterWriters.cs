using System.Text;
using Vigil.Contracts.Common;
using Vigil.Contracts.RiskRegister;

namespace Vigil.Reporting.Risk;

/// <summary>The risk register as CSV (RFC 4180) and as JSON (schema vigil.risk-register/v2).</summary>
public static class RiskRegisterWriters
{
    /// <summary>Schema name of the JSON register.</summary>
    public const string Schema = RiskRegisterContract.Schema;

    /// <summary>Column names, shared by CSV and JSON.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["id", "kind", "finding", "evidence", "affected_group", "function", "subcategories", "characteristics",
         "impact", "likelihood", "severity", "severity_band", "owner", "treatment", "status"];

    private static IEnumerable<object> Values(RiskRow r) =>
        [r.Id, r.Kind, r.Finding, r.Evidence, r.AffectedGroup, r.Function, r.Subcategories, r.Characteristics,
         r.Impact, r.Likelihood, r.Severity, r.SeverityBand, r.Owner, r.Treatment, r.Status];

    /// <summary>CSV with a header row, LF line endings, every text field quoted.</summary>
    public static string Csv(IReadOnlyList<RiskRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", Columns)).Append('\n');
        foreach (var r in rows)
            sb.Append(string.Join(",", Values(r).Select(v => v is string s ? Quote(s) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).Append('\n');
        return sb.ToString();
    }

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The vigil.risk-register/v2 document: the audit it came from, the small-cell threshold, the severity scale and the rows.</summary>
    public static RiskRegisterDocument Document(IReadOnlyList<RiskRow> rows, string auditName, int minCell) =>
        new(ToolBlock.Current,
            [new InputRef("audit", auditName)],
            new RiskRegisterSettings(minCell),
            new SeverityScaleValue(
                "impact × likelihood, 1–9",
                "low 1–2, moderate 3–4, high 6–9",
                "3 serious (50 or more additional missed per 1,000 positives), 2 moderate (20 or more; false alarms, unreliable probabilities, unassessed performance), 1 minor",
                "3 almost certain (significant after Holm), 2 likely (interval excludes no gap, or lies wholly past the threshold), 1 possible"),
            rows.Select(r => new RiskRowValue(r.Id, r.Kind, r.Finding, r.Evidence, r.AffectedGroup, r.Function, r.Subcategories, r.Characteristics,
                r.Impact, r.Likelihood, r.Severity, r.SeverityBand, r.Owner, r.Treatment, r.Status)).ToList());

    /// <summary>JSON (vigil.risk-register/v2), through the format's one writer.</summary>
    public static string Json(IReadOnlyList<RiskRow> rows, string auditName, int minCell) =>
        RiskRegisterContract.Write(Document(rows, auditName, minCell));
}
