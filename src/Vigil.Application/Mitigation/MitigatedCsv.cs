using System.Globalization;
using System.Text;
using Vigil.Mitigation;

namespace Vigil.Application.Mitigation;

/// <summary>mitigated.csv: per input row its id, group, label, split, weight, and the score and decision before and after.</summary>
internal static class MitigatedCsv
{
    public static string Render(MitigationResult r, MitigationInput input, string? idColumn, string[]? ids)
    {
        var sb = new StringBuilder();
        var rows = r.Rows;
        var header = new List<string> { "row" };
        if (ids is not null) header.Add(Csv(idColumn!));
        header.Add("group");
        header.Add("label");
        header.Add("split");
        if (rows.Weight is not null) header.Add("weight");
        header.Add("score_before");
        header.Add("prediction_before");
        if (rows.ScoreAfter is not null) header.Add("score_after");
        if (rows.ProbabilityAfter is not null) header.Add("probability_after");
        header.Add("prediction_after");
        sb.Append(string.Join(',', header)).Append('\n');
        var d = input.Data;
        for (var i = 0; i < d.Count; i++)
        {
            sb.Append((i + 1).ToString(CultureInfo.InvariantCulture));
            if (ids is not null) sb.Append(',').Append(Csv(ids[i]));
            sb.Append(',').Append(Csv(d.GroupNames[d.Groups[i]]));
            sb.Append(',').Append(d.Labels[i] ? '1' : '0');
            sb.Append(',').Append(rows.IsTest[i] ? "test" : "train");
            if (rows.Weight is not null) sb.Append(',').Append(rows.Weight[i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append(',').Append(rows.ScoreBefore[i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append(',').Append(rows.PredictionBefore[i] ? '1' : '0');
            if (rows.ScoreAfter is not null) sb.Append(',').Append(rows.ScoreAfter[i].ToString("R", CultureInfo.InvariantCulture));
            if (rows.ProbabilityAfter is not null) sb.Append(',').Append(rows.ProbabilityAfter[i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append(',').Append(rows.PredictionAfter[i] ? '1' : '0');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Csv(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
