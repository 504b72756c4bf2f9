using Vigil.Application;
using Vigil.Application.Audit;
using Vigil.Application.Groups;
using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Curves;
using Vigil.Core.Labels;
using Vigil.Core.Utility;
using Vigil.Data;
using Vigil.Monitoring.Store;

namespace Vigil.Monitoring.Windows;

/// <summary>
/// The audit of a period's matured predictions: the same vigil.audit/v2 document that
/// <c>vigil audit --data ROWS --label label --score score --threshold T --protected A,B --bands ... --reference ... --min-cell M</c>
/// writes for a file holding the same rows (the registration's protected attributes, bands, reference groups, threshold
/// and min-cell), built by the same application layer (<see cref="AuditEngine"/>, <see cref="AuditDocumentBuilder"/>),
/// with the label coded by the one label kernel (<see cref="LabelEncoding"/>) and the groups in the loader's order and
/// with its notes (<see cref="AuditLoader"/>). Only the "inputs" block differs: it names the period, not a file.
/// <para>
/// Rows are taken in time order. A row's prediction is the alert that fired (what the clinician saw), its score the
/// model's score; when the sender's alert always equals score ≥ threshold, this is exactly the batch audit of the score
/// column. Censored predictions are not rows (their label is unknown); pending ones are not yet.
/// </para>
/// </summary>
public static class PeriodAudit
{
    /// <summary>The label and score column names the document's settings give (as the batch file would have them).</summary>
    public const string LabelColumn = "label";

    public const string ScoreColumn = "score";

    /// <summary>The audit of <paramref name="rows"/>; <paramref name="source"/> names the period in the inputs block (e.g. "monitor:sepsis@2.3.0 2026-11-01..2026-12-01").</summary>
    public static AuditJobResult Run(ModelRegistration registration, IReadOnlyList<MaturedRow> rows, string source, int bootstrap = AnalysisDefaults.Bootstrap,
        int seed = AnalysisDefaults.Seed, bool curves = false)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(rows);
        if (bootstrap is < 0 or > AnalysisDefaults.MaxResamples)
            throw VigilException.Option("bootstrap", $"{bootstrap}: expected 0 to {AnalysisDefaults.MaxResamples} replicates");
        var groups = Groups(registration);
        groups.Validate();
        var (data, input) = Data(registration, rows, source);
        groups.RequireReferences(a => data.Attributes.First(x => x.Name == a).Levels, source);
        var groupings = groups.Groupings();
        var options = new AuditOptions
        {
            Threshold = input.Threshold,
            Bootstrap = bootstrap,
            Seed = seed,
            MinCell = groups.MinCell,
        };
        var result = AuditEngine.Run(data, groupings, options);
        CurveAnalysisResult? curveResult = null;
        if (curves)
        {
            curveResult = CurveAnalysis.Run(data, groupings, new CurveOptions
            {
                DecisionThresholds = DecisionCurve.DefaultGrid(),
                Bootstrap = bootstrap,
                Seed = seed,
                MinCell = groups.MinCell,
            });
        }
        var document = AuditDocumentBuilder.Build(result, input, groups, curveResult);
        return new AuditJobResult(document, result, input, curveResult);
    }

    /// <summary>The group settings a batch audit would be given for this registration.</summary>
    public static GroupSelection Groups(ModelRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new GroupSelection
        {
            Protected = [.. registration.Protected.Select(p => p.Name)],
            Bands = [.. registration.Protected.Where(p => p.Bands is { Count: > 0 }).Select(p => new Bands(p.Name, [.. p.Bands!]))],
            References = registration.Protected.Where(p => p.ReferenceGroup is not null)
                .ToDictionary(p => p.Name, p => p.ReferenceGroup!, StringComparer.Ordinal),
            MinCell = registration.MinCell,
        };
    }

    /// <summary>The rows as the audit loader would have read them, and the input facts (notes included).</summary>
    public static (AuditData Data, AuditInputInfo Input) Data(ModelRegistration registration, IReadOnlyList<MaturedRow> rows, string source)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw VigilException.BadData($"{source}: no matured predictions to audit in the period");
        var ordered = rows.OrderBy(r => r.TimeMs).ToArray();
        var n = ordered.Length;
        var notes = new List<string>();
        var labels = new byte[n];
        var predictions = new byte[n];
        var scores = new double[n];
        bool anyPositive = false, anyNegative = false;
        for (var i = 0; i < n; i++)
        {
            var r = ordered[i];
            if (r.Label is not (0 or 1)) throw VigilException.BadData($"{source}: a matured row has label {r.Label}; expected 0 or 1");
            if (!(r.Score >= 0 && r.Score <= 1)) throw VigilException.BadData($"{source}: a matured row has score {r.Score}; expected [0, 1]");
            labels[i] = (byte)r.Label;
            predictions[i] = r.Prediction != 0 ? (byte)1 : (byte)0;
            scores[i] = r.Score == 0 ? 0 : r.Score; // -0.0 sorts with 0, as the loader does
            anyPositive |= r.Label == 1;
            anyNegative |= r.Label == 0;
        }
        // The label kernel on the levels a file of these rows would hold ("0" and/or "1", sorted as the reader sorts).
        List<string> levels = [];
        if (anyNegative) levels.Add("0");
        if (anyPositive) levels.Add("1");
        var coding = LabelEncoding.Encode(levels, null, $"{source}: column '{LabelColumn}' ({Param.Ref("label")})");
        if (coding.Note is not null) notes.Add($"label '{LabelColumn}': {coding.Note}");
        var attributes = new List<ProtectedColumn>(registration.Protected.Count);
        for (var a = 0; a < registration.Protected.Count; a++)
            attributes.Add(Attribute(registration.Protected[a], a, ordered, source, notes));
        var input = new AuditInputInfo(source, LabelColumn, coding.Positive, ScoreColumn, null, registration.Threshold, notes);
        return (new AuditData(labels, predictions, scores, attributes), input);
    }

    private static ProtectedColumn Attribute(ProtectedSpec spec, int index, MaturedRow[] rows, string source, List<string> notes)
    {
        var values = new string[rows.Length];
        var missing = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            values[i] = index < rows[i].Levels.Count ? rows[i].Levels[index] : AuditLoader.MissingLevel;
            if (values[i] == AuditLoader.MissingLevel) missing++;
        }
        string[] levels;
        if (LevelOrder.BandLabels(spec) is { } bands)
        {
            levels = missing > 0 ? [.. bands, AuditLoader.MissingLevel] : bands;
            if (missing > 0) notes.Add($"'{spec.Name}' is missing in {missing} rows; they form the group '{AuditLoader.MissingLevel}'");
        }
        else
        {
            var present = values.Where(v => v != AuditLoader.MissingLevel).Distinct(StringComparer.Ordinal).ToList();
            levels = missing > 0 ? [.. LevelOrder.SortCategorical(present), AuditLoader.MissingLevel] : LevelOrder.SortCategorical(present);
            if (missing > 0) notes.Add($"'{spec.Name}' is missing in {missing} rows; they form the group '{AuditLoader.MissingLevel}'");
        }
        var code = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < levels.Length; k++) code[levels[k]] = k;
        var codes = new int[rows.Length];
        var used = new bool[levels.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            if (!code.TryGetValue(values[i], out codes[i]))
                throw VigilException.BadData($"{source}: '{values[i]}' is not a band of '{spec.Name}' ({string.Join(", ", levels)})");
            used[codes[i]] = true;
        }
        if (spec.Bands is { Count: > 0 })
        {
            var empty = levels.Where((l, k) => l != AuditLoader.MissingLevel && !used[k]).ToArray();
            if (empty.Length > 0) notes.Add($"bands of '{spec.Name}' with no rows: {string.Join(", ", empty)}");
        }
        return new ProtectedColumn(spec.Name, codes, levels);
    }
}
