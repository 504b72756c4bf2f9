using Vigil.Core.Labels;
using System.Globalization;
using Vigil.Core;
using Vigil.Data;
using Vigil.Mitigation;
using Vigil.Models.Learners;

namespace Vigil.Application.Mitigation;

/// <summary>The rows of a mitigation: labels, groups, reference group, score and features, the row ids and the positive label.</summary>
internal sealed record LoadedMitigation(MitigationInput Input, string[]? Ids, string Positive, long Rows);

/// <summary>
/// Reads what a mitigation needs in one scan: the binary label, the protected attributes (banded when asked; several
/// form intersections "a*b"), the score, the features (numbers, or text one-hot encoded) and the id column.
/// </summary>
internal static class MitigationInputLoader
{
    public static LoadedMitigation Load(TabularSource source, MitigateOptions r, MethodInfo info)
    {
        var requests = new List<ColumnRequest> { new(r.Label, Param.Ref("label"), ColumnKind.Categorical, 100, $"a binary outcome, or one value named by {Param.Ref("positive_label")}") };
        foreach (var p in r.Protected)
            requests.Add(r.Bands.Any(b => b.Column == p)
                ? new ColumnRequest(p, Param.Ref("bands"), ColumnKind.Numeric)
                : new ColumnRequest(p, Param.Ref("protected"), ColumnKind.Categorical));
        if (r.Score is not null) requests.Add(new ColumnRequest(r.Score, Param.Ref("score"), ColumnKind.Numeric));
        var numericFeatures = new List<string>();
        var textFeatures = new List<string>();
        foreach (var f in r.Features)
        {
            source.RequireColumn(f, Param.Ref("features"));
            if (source.FirstNonNumeric(f) is null) numericFeatures.Add(f);
            else textFeatures.Add(f);
        }
        foreach (var f in numericFeatures) requests.Add(new ColumnRequest(f, Param.Ref("features"), ColumnKind.Numeric));
        foreach (var f in textFeatures) requests.Add(new ColumnRequest(f, Param.Ref("features"), ColumnKind.Categorical, TabularSource.MaxCategoricalLevels, "a text feature with fewer levels"));
        if (r.Id is not null) requests.Add(new ColumnRequest(r.Id, Param.Ref("id"), ColumnKind.Categorical, (int)Math.Min(int.MaxValue - 2, source.RowCount + 1)));
        var read = source.Read(requests);
        if (source.RowCount == 0) throw VigilException.BadData($"{source.Path}: no rows (the file has only a header)");

        var labelColumn = (CategoricalColumn)read[0];
        if (labelColumn.Missing > 0)
            throw VigilException.BadData($"{source.Path}: column '{r.Label}' ({Param.Ref("label")}) is missing in {labelColumn.Missing} rows; drop them or record the outcome first");
        var (labels, positive) = Binary(source.Path, labelColumn, r.PositiveLabel);
        var anyPos = Array.IndexOf(labels, true) >= 0;
        var anyNeg = Array.IndexOf(labels, false) >= 0;
        if (!anyPos || !anyNeg)
            throw VigilException.BadData(
                $"{source.Path}: column '{r.Label}' ({Param.Ref("label")}) holds only {(anyPos ? "positive" : "negative")} labels; {info.Name} needs both classes to fit and evaluate");

        // Groups: one attribute, or the intersection of several ("a*b").
        var n = labels.Length;
        var keys = new string[n];
        for (var k = 0; k < r.Protected.Count; k++)
        {
            var levels = Levels(source, r, read[1 + k], r.Protected[k], out var codes);
            for (var i = 0; i < n; i++) keys[i] = k == 0 ? levels[codes[i]] : keys[i] + "*" + levels[codes[i]];
        }
        var names = keys.Distinct().OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var index = names.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        var groups = new int[n];
        for (var i = 0; i < n; i++) groups[i] = index[keys[i]];
        var grouped = new GroupedLabels(groups, names, labels);
        int reference;
        if (r.Reference.Count > 0)
        {
            var name = string.Join("*", r.Protected.Select(p => r.Reference[p]));
            reference = Array.IndexOf(names, name);
            if (reference < 0)
                throw VigilException.Option("reference", $"'{name}': no such group of {string.Join("*", r.Protected)}; groups: {string.Join(", ", names)}");
        }
        else
        {
            var (rows, _) = grouped.Counts();
            reference = Array.IndexOf(rows, rows.Max());
        }

        var at = 1 + r.Protected.Count;
        double[]? scores = null;
        if (r.Score is not null)
        {
            scores = ((NumericColumn)read[at++]).Values;
            for (var i = 0; i < scores.Length; i++)
                if (!double.IsFinite(scores[i]))
                    throw VigilException.BadData($"{source.Path}: column '{r.Score}' ({Param.Ref("score")}) is missing or not a number at {source.RowName(i)}");
            if (info.NeedsProbabilities)
                for (var i = 0; i < scores.Length; i++)
                    if (scores[i] is < 0 or > 1)
                        throw VigilException.BadData($"{source.Path}: column '{r.Score}' ({Param.Ref("score")}) must hold probabilities in [0, 1] for calibrated-eq-odds; {source.RowName(i)} has {scores[i].ToString("R", CultureInfo.InvariantCulture)}");
        }
        FeatureMatrix? matrix = null;
        if (r.Features.Count > 0)
        {
            var numeric = new List<NumericFeature>();
            foreach (var f in numericFeatures)
            {
                var values = ((NumericColumn)read[at++]).Values;
                if (Array.TrueForAll(values, double.IsNaN))
                    throw VigilException.BadData($"{source.Path}: feature column '{f}' is missing in every row");
                for (var i = 0; i < values.Length; i++)
                    if (double.IsInfinity(values[i]))
                        throw VigilException.BadData($"{source.Path}: feature column '{f}' is not finite at {source.RowName(i)}");
                numeric.Add(new NumericFeature(f, values));
            }
            var text = new List<TextFeature>();
            foreach (var f in textFeatures)
            {
                var c = (CategoricalColumn)read[at++];
                text.Add(new TextFeature(f, c.Codes.Select(code => code < 0 ? null : c.Levels[code]).ToArray()));
            }
            matrix = FeatureMatrix.FromColumns(numeric, text);
        }
        string[]? ids = null;
        if (r.Id is not null)
        {
            var c = (CategoricalColumn)read[at];
            ids = c.Codes.Select(code => code < 0 ? "" : c.Levels[code]).ToArray();
        }
        return new LoadedMitigation(new MitigationInput(grouped, reference, scores, matrix), ids, positive, n);
    }

    /// <summary>
    /// The levels of a protected attribute and each row's code: its categories ("(missing)" for a missing cell), or the
    /// bands of a number. A number with more than <see cref="MitigateJob.MaxUnbandedNumericLevels"/> values and no
    /// bands is refused: every age would be a group of a few patients.
    /// </summary>
    private static string[] Levels(TabularSource source, MitigateOptions r, object column, string name, out int[] codes)
    {
        if (column is NumericColumn num)
        {
            var b = r.Bands.First(x => x.Column == name);
            var labels = b.Labels();
            var levels = Array.Exists(num.Values, double.IsNaN) ? [.. labels, AuditLoader.MissingLevel] : labels;
            codes = new int[num.Values.Length];
            for (var i = 0; i < codes.Length; i++) codes[i] = double.IsNaN(num.Values[i]) ? labels.Length : b.BandOf(num.Values[i]);
            return levels;
        }
        var cat = (CategoricalColumn)column;
        if (cat.Levels.Length > MitigateJob.MaxUnbandedNumericLevels &&
            Array.TrueForAll(cat.Levels, l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw VigilException.Option("bands",
                $"'{name}' in {source.Path} is a number with {cat.Levels.Length} values: give its bands (e.g. {name}=45,65) instead of one group per value");
        var all = cat.Missing > 0 ? [.. cat.Levels, AuditLoader.MissingLevel] : cat.Levels;
        codes = new int[cat.Codes.Length];
        for (var i = 0; i < codes.Length; i++) codes[i] = cat.Codes[i] < 0 ? all.Length - 1 : cat.Codes[i];
        return all;
    }

    /// <summary>0/1 labels by the one label kernel (<see cref="LabelEncoding"/>).</summary>
    private static (bool[] Labels, string Positive) Binary(string path, CategoricalColumn column, string? positiveLabel)
    {
        var coding = LabelEncoding.Encode(column.Levels, positiveLabel, $"{path}: column '{column.Name}' ({Param.Ref("label")})");
        return (coding.ToBooleans(column.Codes), coding.Positive);
    }
}
