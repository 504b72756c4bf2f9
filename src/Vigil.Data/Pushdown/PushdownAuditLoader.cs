using System.Data.Common;
using Vigil.Core;
using Vigil.Core.Audit.Federation;
using Vigil.Core.Labels;

namespace Vigil.Data.Pushdown;

/// <summary>What the database computed: the audit's mergeable summary, the loader's decisions, and how many group rows travelled.</summary>
public sealed record PushdownAuditResult(SiteSummary Summary, AuditLoadReport Report, long GroupRows);

/// <summary>
/// An audit's summary computed where the data live (docs/push-down.md): one GROUP BY query (<see cref="AuditSummarySql"/>)
/// returns the rows per (protected levels, label, prediction, score bin); only those counts travel. The columns are
/// checked as <see cref="AuditLoader"/> checks a file's (the same label coding, missing protected values as the group
/// "(missing)", bands, scores in [0, 1] with no gaps), so the summary is the one <c>SummaryPooling.Summarize</c> writes
/// from the same rows, and the audit built from it has the same counts and the score metrics of bins of width w.
/// Every failure names the source (never its password).
/// </summary>
public static class PushdownAuditLoader
{
    private const int MaxBinaryLevels = 100;

    /// <summary>Runs the summary query of <paramref name="query"/>'s rows in <paramref name="source"/>.</summary>
    public static PushdownAuditResult Load(SqlSource source, string query, AuditColumns columns, int minCell,
        double binWidth = SiteSummary.DefaultScoreBinWidth)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        if (string.IsNullOrWhiteSpace(query)) throw VigilException.Option("query", "is empty: give the SELECT whose rows are audited");
        using var connection = source.Open();
        var names = PushdownQuery.Columns(connection, source, query);
        var label = PushdownQuery.Resolve(names, columns.Label, source, Param.Ref("label"));
        var score = columns.Score is null ? null : PushdownQuery.Resolve(names, columns.Score, source, Param.Ref("score"));
        var prediction = columns.Prediction is null ? null : PushdownQuery.Resolve(names, columns.Prediction, source, Param.Ref("prediction"));
        var attributes = new string[columns.Protected.Count];
        var bands = new Bands?[attributes.Length];
        for (var k = 0; k < attributes.Length; k++)
        {
            bands[k] = columns.Bands.FirstOrDefault(b => b.Column == columns.Protected[k]);
            attributes[k] = PushdownQuery.Resolve(names, columns.Protected[k], source, bands[k] is null ? Param.Ref("protected") : Param.Ref("bands"));
        }
        var sql = AuditSummarySql.Summary(query, attributes, [.. bands.Select(b => b is not null)], label, score, prediction,
            columns.Threshold, binWidth, source.Dialect);
        var groups = new GroupRows(bands, score is not null);
        PushdownQuery.Run(connection, source, sql, groups.Add);
        return Summarize(source.Name, columns, groups, bands, minCell, binWidth);
    }

    /// <summary>The summary of group rows counted from the source named <paramref name="where"/>, checked as the class remarks say.</summary>
    internal static PushdownAuditResult Summarize(string where, AuditColumns columns, GroupRows g, Bands?[] bands, int minCell, double binWidth)
    {
        if (g.Rows == 0) throw VigilException.BadData($"{where}: the query returned no rows to audit");
        if (g.LabelMissing > 0)
            throw VigilException.BadData($"{where}: column '{columns.Label}' ({Param.Ref("label")}) is missing in {g.LabelMissing} rows; drop those rows or record the outcome first");
        if (g.BadScores > 0)
            throw VigilException.BadData($"{where}: column '{columns.Score}' ({Param.Ref("score")}) must hold probabilities in [0, 1] with no missing values; {g.BadScores} rows do not");
        if (g.PredictionMissing > 0)
            throw VigilException.BadData($"{where}: column '{columns.Prediction}' ({Param.Ref("prediction")}) is missing in {g.PredictionMissing} rows");
        var notes = new List<string>();
        var labelCoding = Binary(g.Labels.Values, columns.PositiveLabel, $"{where}: column '{columns.Label}' ({Param.Ref("label")})",
            $"a binary outcome, or one value named by {Param.Ref("positive_label")}");
        if (labelCoding.Note is not null) notes.Add($"label '{columns.Label}': {labelCoding.Note}");
        var predictionCoding = g.HasScore ? null : Binary(g.Predictions.Values,
            LabelEncoding.IsRecognisedBinary(g.Predictions.Values) ? null : labelCoding.Positive,
            $"{where}: column '{columns.Prediction}' ({Param.Ref("prediction")})", $"0/1 predictions; use {Param.Ref("score")} for probabilities");

        // Final levels per attribute, and each distinct value's level.
        var attributeCount = columns.Protected.Count;
        var levels = new string[attributeCount][];
        var map = new int[attributeCount][];
        for (var k = 0; k < attributeCount; k++)
            (levels[k], map[k]) = bands[k] is { } b ? Banded(g, k, b, notes) : Categorical(g, k, columns.Protected[k], notes);

        // Cells of the attributes' cross product, and one (cell, outcome, bin) key per group row.
        var cellIds = new Dictionary<long, int>();
        var cellLevels = new List<string[]>();
        var keys = new long[g.Count];
        var counts = new long[g.Count];
        var codes = new int[attributeCount];
        for (var i = 0; i < g.Count; i++)
        {
            long index = 0;
            for (var k = 0; k < attributeCount; k++)
            {
                codes[k] = map[k][g.AttributeCode(i, k)];
                index = index * levels[k].Length + codes[k];
            }
            if (!cellIds.TryGetValue(index, out var cell))
            {
                cell = cellIds.Count;
                cellIds[index] = cell;
                var names = new string[attributeCount];
                for (var k = 0; k < attributeCount; k++) names[k] = levels[k][codes[k]];
                cellLevels.Add(names);
            }
            var y = labelCoding.PositiveLevels[g.LabelCodes[i]] ? 1 : 0;
            var p = g.HasScore ? g.PredictionOrBin[i] : predictionCoding!.PositiveLevels[g.PredictionOrBin[i]] ? 1 : 0;
            var bin = g.HasScore ? g.Bins[i] : 0;
            keys[i] = ((long)(cell * 4 + y * 2 + p) << 32) | (uint)bin;
            counts[i] = g.Counts[i];
        }
        Array.Sort(keys, counts);

        var cells = new List<SummaryCell>(cellLevels.Count);
        var at = 0;
        for (var cell = 0; cell < cellLevels.Count; cell++)
        {
            var totals = new long[4];
            var perOutcome = new List<long>[4];
            for (var o = 0; o < 4; o++)
            {
                perOutcome[o] = [];
                var group = (long)(cell * 4 + o);
                while (at < keys.Length && keys[at] >> 32 == group)
                {
                    var key = keys[at];
                    long count = 0;
                    for (; at < keys.Length && keys[at] == key; at++) count += counts[at];
                    perOutcome[o].Add(key & 0xFFFFFFFF);
                    perOutcome[o].Add(count);
                    totals[o] += count;
                }
            }
            var scoreBins = g.HasScore ? new SummaryScoreBins(perOutcome[0], perOutcome[1], perOutcome[2], perOutcome[3]) : null;
            var n = totals[0] + totals[1] + totals[2] + totals[3];
            cells.Add(new SummaryCell(cellLevels[cell], totals[0], totals[1], totals[2], totals[3], n < minCell, scoreBins));
        }
        var protectedLevels = new List<SummaryProtected>(attributeCount);
        for (var k = 0; k < attributeCount; k++) protectedLevels.Add(new SummaryProtected(columns.Protected[k], levels[k]));
        var summary = new SiteSummary(where, protectedLevels, g.HasScore, g.HasScore ? columns.Threshold : null,
            g.HasScore ? binWidth : null, minCell, labelCoding.Positive, cells);
        return new PushdownAuditResult(summary, new AuditLoadReport(labelCoding.Positive, notes), g.Count);
    }

    private static LabelCoding Binary(List<string> values, string? positive, string subject, string expected)
    {
        if (values.Count > MaxBinaryLevels)
            throw VigilException.BadData($"{subject} has more than {MaxBinaryLevels} distinct values; expected {expected}");
        return LabelEncoding.Encode(values, positive, subject);
    }

    private static (string[] Levels, int[] Map) Categorical(GroupRows g, int k, string name, List<string> notes)
    {
        var texts = g.Texts[k]!;
        var missing = g.AttributeMissing[k];
        var levels = missing > 0 ? [.. texts.Values, AuditLoader.MissingLevel] : texts.Values.ToArray();
        var map = new int[texts.Values.Count + 1]; // code −1 (missing) at the end
        for (var i = 0; i < texts.Values.Count; i++) map[i] = i;
        map[^1] = levels.Length - 1;
        if (missing > 0) notes.Add($"'{name}' is missing in {missing} rows; they form the group '{AuditLoader.MissingLevel}'");
        return (levels, map);
    }

    private static (string[] Levels, int[] Map) Banded(GroupRows g, int k, Bands bands, List<string> notes)
    {
        var values = g.Numbers[k]!.Values;
        bands.RefuseCutsInsideBands([.. values]);
        var labels = bands.Labels();
        var missing = g.AttributeMissing[k];
        var levels = missing > 0 ? [.. labels, AuditLoader.MissingLevel] : labels;
        var used = new bool[labels.Length];
        var map = new int[values.Count + 1];
        for (var i = 0; i < values.Count; i++)
        {
            map[i] = bands.BandOf(values[i]);
            used[map[i]] = true;
        }
        map[^1] = labels.Length; // missing
        if (missing > 0) notes.Add($"'{bands.Column}' is missing in {missing} rows; they form the group '{AuditLoader.MissingLevel}'");
        var empty = labels.Where((_, i) => !used[i]).ToArray();
        if (empty.Length > 0) notes.Add($"bands of '{bands.Column}' with no rows: {string.Join(", ", empty)}");
        return (levels, map);
    }
}
