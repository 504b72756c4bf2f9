using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Reporting.Risk;

/// <summary>The risk register as CSV (RFC 4180) and as JSON (schema vigil.risk-register/v1).</summary>
public static class RiskRegisterWriters
{
    /// <summary>Schema name of the JSON register.</summary>
    public const string Schema = "vigil.risk-register/v1";

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

    /// <summary>JSON: schema, the audit it came from, the severity scale, and the rows.</summary>
    public static string Json(IReadOnlyList<RiskRow> rows, string auditName)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            // The tool block every Vigil document carries (docs/vocabulary.md).
            w.WriteStartObject("tool");
            w.WriteString("name", Vigil.Contracts.Common.ToolBlock.Current.Name);
            w.WriteString("version", Vigil.Contracts.Common.ToolBlock.Current.Version);
            w.WriteEndObject();
            w.WriteString("audit", auditName);
            w.WriteStartObject("severity_scale");
            w.WriteString("severity", "impact × likelihood, 1–9");
            w.WriteString("bands", "low 1–2, moderate 3–4, high 6–9");
            w.WriteString("impact", "3 serious (50 or more additional missed per 1,000 positives), 2 moderate (20 or more; false alarms, unreliable probabilities, unassessed performance), 1 minor");
            w.WriteString("likelihood", "3 almost certain (significant after Holm), 2 likely (interval excludes no gap, or lies wholly past the threshold), 1 possible");
            w.WriteEndObject();
            w.WriteStartArray("rows");
            foreach (var r in rows)
            {
                w.WriteStartObject();
                foreach (var (name, value) in Columns.Zip(Values(r)))
                {
                    if (value is int i) w.WriteNumber(name, i);
                    else w.WriteString(name, (string)value);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
