using System.Globalization;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Labels;

namespace Vigil.Data;

/// <summary>Which columns play which role in an audit.</summary>
public sealed record AuditColumns(
    string Label,
    string? Score,
    string? Prediction,
    double Threshold,
    IReadOnlyList<string> Protected,
    IReadOnlyList<Bands> Bands,
    string? PositiveLabel);

/// <summary>What the loader found and decided, for the output's "input" and "notes".</summary>
public sealed record AuditLoadReport(string PositiveLabel, IReadOnlyList<string> Notes);

/// <summary>
/// Reads and validates the columns of an audit into <see cref="AuditData"/>: binary labels (or a named
/// positive label), scores in [0, 1] with no gaps, 0/1 predictions, and protected attributes as
/// categories (banded when numeric). Every failure names the file, column, rows and what was expected.
/// </summary>
public static class AuditLoader
{
    /// <summary>Label assigned to rows whose protected attribute is missing: they stay visible as a group.</summary>
    public const string MissingLevel = "(missing)";

    private const int ShownRows = 5;

    public static (AuditData Data, AuditLoadReport Report) Load(TabularSource source, AuditColumns columns)
    {
        var notes = new List<string>();
        // One scan of the file for every column the audit needs.
        var requests = new List<ColumnRequest>
        {
            new(columns.Label, Param.Ref("label"), ColumnKind.Categorical, 100, $"a binary outcome, or one value named by {Param.Ref("positive_label")}"),
            columns.Score is not null
                ? new ColumnRequest(columns.Score, Param.Ref("score"), ColumnKind.Numeric)
                : new ColumnRequest(columns.Prediction!, Param.Ref("prediction"), ColumnKind.Categorical, 100, $"0/1 predictions; use {Param.Ref("score")} for probabilities"),
        };
        foreach (var name in columns.Protected)
        {
            var banded = columns.Bands.Any(b => b.Column == name);
            requests.Add(new ColumnRequest(name, banded ? Param.Ref("bands") : Param.Ref("protected"), banded ? ColumnKind.Numeric : ColumnKind.Categorical));
        }
        var read = source.Read(requests);
        if (source.RowCount == 0)
            throw VigilException.BadData($"{source.Path}: no rows to audit (the file has only a header)");

        var labelColumn = (CategoricalColumn)read[0];
        if (labelColumn.Missing > 0)
            throw VigilException.BadData(
                $"{source.Path}: column '{columns.Label}' ({Param.Ref("label")}) is missing in {labelColumn.Missing} rows " +
                $"(first: {FirstRows(source, labelColumn.Codes, c => c < 0)}); drop those rows or record the outcome first");
        var (labels, positive) = Binary(source, labelColumn, columns.PositiveLabel, "label", notes);

        double[]? scores = null;
        byte[] predictions;
        if (columns.Score is not null)
        {
            scores = ((NumericColumn)read[1]).Values;
            var bad = FirstRows(source, scores, s => !(s >= 0 && s <= 1));
            if (bad.Length > 0)
                throw VigilException.BadData(
                    $"{source.Path}: column '{columns.Score}' ({Param.Ref("score")}) must hold probabilities in [0, 1] with no missing values; " +
                    $"offending rows: {bad}");
            predictions = new byte[scores.Length];
            for (var i = 0; i < scores.Length; i++)
            {
                if (scores[i] == 0) scores[i] = 0; // -0.0 sorts with 0
                predictions[i] = scores[i] >= columns.Threshold ? (byte)1 : (byte)0;
            }
        }
        else
        {
            var predictionColumn = (CategoricalColumn)read[1];
            if (predictionColumn.Missing > 0)
                throw VigilException.BadData(
                    $"{source.Path}: column '{columns.Prediction}' ({Param.Ref("prediction")}) is missing in {predictionColumn.Missing} rows " +
                    $"(first: {FirstRows(source, predictionColumn.Codes, c => c < 0)})");
            (predictions, _) = Binary(source, predictionColumn, LabelEncoding.IsRecognisedBinary(predictionColumn.Levels) ? null : positive, "prediction");
        }

        var attributes = new List<ProtectedColumn>(columns.Protected.Count);
        for (var k = 0; k < columns.Protected.Count; k++)
        {
            var bands = columns.Bands.FirstOrDefault(b => b.Column == columns.Protected[k]);
            attributes.Add(bands is null
                ? Categorical((CategoricalColumn)read[k + 2], notes)
                : Banded((NumericColumn)read[k + 2], bands, notes));
        }
        return (new AuditData(labels, predictions, scores, attributes), new AuditLoadReport(positive, notes));
    }

    private static ProtectedColumn Categorical(CategoricalColumn column, List<string> notes)
    {
        var levels = column.Levels;
        var codes = column.Codes;
        if (column.Missing > 0)
        {
            levels = [.. levels, MissingLevel];
            var missingCode = levels.Length - 1;
            for (var i = 0; i < codes.Length; i++)
                if (codes[i] < 0) codes[i] = missingCode;
            notes.Add($"'{column.Name}' is missing in {column.Missing} rows; they form the group '{MissingLevel}'");
        }
        return new ProtectedColumn(column.Name, codes, levels);
    }

    private static ProtectedColumn Banded(NumericColumn column, Bands bands, List<string> notes)
    {
        bands.RefuseCutsInsideBands(column.Values);
        var labels = bands.Labels();
        var codes = new int[column.Values.Length];
        var used = new bool[labels.Length + 1];
        for (var i = 0; i < codes.Length; i++)
        {
            var v = column.Values[i];
            codes[i] = double.IsNaN(v) ? labels.Length : bands.BandOf(v);
            used[codes[i]] = true;
        }
        string[] levels = column.Missing > 0 ? [.. labels, MissingLevel] : labels;
        if (column.Missing > 0)
            notes.Add($"'{bands.Column}' is missing in {column.Missing} rows; they form the group '{MissingLevel}'");
        var empty = labels.Where((_, k) => !used[k]).ToArray();
        if (empty.Length > 0) notes.Add($"bands of '{bands.Column}' with no rows: {string.Join(", ", empty)}");
        return new ProtectedColumn(bands.Column, codes, levels);
    }

    /// <summary>Maps a categorical column to 0/1 with the one label kernel (<see cref="LabelEncoding"/>); its note, if any, goes to the notes.</summary>
    private static (byte[] Values, string Positive) Binary(TabularSource source, CategoricalColumn column, string? positiveLabel, string option, List<string>? notes = null) // option: the catalogue key
    {
        var coding = LabelEncoding.Encode(column.Levels, positiveLabel, $"{source.Path}: column '{column.Name}' ({Param.Ref(option)})");
        if (coding.Note is not null) notes?.Add($"{option} '{column.Name}': {coding.Note}");
        return (coding.ToBytes(column.Codes), coding.Positive);
    }

    private static string FirstRows<T>(TabularSource source, T[] values, Func<T, bool> bad)
    {
        var shown = new List<string>(ShownRows);
        var total = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!bad(values[i])) continue;
            if (shown.Count < ShownRows)
                shown.Add(values[i] is double d ? $"{source.RowName(i)} = {Format(d)}" : source.RowName(i));
            total++;
        }
        if (total == 0) return "";
        return string.Join(", ", shown) + (total > shown.Count ? $" and {total - shown.Count} more" : "");
    }

    private static string Format(double d) => double.IsNaN(d) ? "missing or NaN" : d.ToString("R", CultureInfo.InvariantCulture);
}
