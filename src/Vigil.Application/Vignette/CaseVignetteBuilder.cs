using System.Globalization;
using Vigil.Application.StudyPlan;
using Vigil.Contracts.Audit;
using Vigil.Core;
using Vigil.Data;
using Vigil.Models.Scoring;
using Vigil.Models.Training;
using Vigil.Reporting.Vignette;

namespace Vigil.Application.Vignette;

/// <summary>What a case vignette needs: the scored data the audit was run on, the model file, the group, the scenario and the cost table.</summary>
public sealed record VignetteOptions(string Data, string Model, string? Group = null, string? Scenario = null, string? Costs = null);

/// <summary>
/// Builds the committee's case vignette (docs/governance.md): the affected group (<see cref="FocusGroups"/>); its false
/// negatives in the data (label positive, score below the audit's threshold; label, score, bands and threshold as the
/// audit recorded them); the SYNTHETIC composite of their model inputs (median of numbers, most common category, ties to
/// the first in ordinal order; missing values left out); refused when they are fewer than min-cell or when a row of the
/// data equals the composite on every model input. The model scores the composite and the "typical flagged patient" (the
/// same composite of every true positive) and explains the score one input at a time: contribution_k = logit(s(x)) −
/// logit(s(x with input k set to the flagged patient's value)). For a logistic model (Vigil's logistic learner) the
/// log-odds are additive in the inputs, so these are exactly its per-input contributions β·(x − x_flagged) and they sum
/// to logit(s(x)) − logit(s(flagged)); for other models (LightGBM, ONNX) they are occlusion attributions that need not
/// sum to it (the remainder is reported).
/// </summary>
public static class CaseVignetteBuilder
{
    public static CaseVignette Build(string auditFile, VignetteOptions o, int minCell)
    {
        ArgumentNullException.ThrowIfNull(o);
        var audit = AuditContract.Read(auditFile);
        var s = audit.Settings;
        var cost = MissCosts.For(s.Label, o.Scenario, o.Costs);
        var focus = FocusGroups.Choose(audit, o.Group)
            ?? throw VigilException.BadData($"{auditFile}: no group has a defined FNR gap with an interval and enough patients; name one with {Param.Ref("group")} attribute=group");
        if (s.Score is null) throw VigilException.BadData($"{auditFile}: the audit was run on predictions, not scores; the vignette needs the score column");
        var threshold = s.Threshold ?? 0.5;
        var grouping = audit.Attributes.First(a => a.Name == focus.Attribute);
        using var model = ScoringModel.Open(o.Model);
        using var source = TabularSource.Open(o.Data);
        var requests = new List<ColumnRequest>
        {
            new(s.Label, Param.Ref("label"), ColumnKind.Categorical, 100, "a binary outcome"),
            new(s.Score, Param.Ref("score"), ColumnKind.Numeric),
        };
        foreach (var c in grouping.Columns)
            requests.Add(s.Bands.ContainsKey(c) ? new ColumnRequest(c, Param.Ref("protected"), ColumnKind.Numeric) : new ColumnRequest(c, Param.Ref("protected"), ColumnKind.Categorical));
        var read = source.Read(requests);
        var labels = ModelTableLoader.Binary(source, (CategoricalColumn)read[0], s.PositiveLabel).Values;
        var scores = ((NumericColumn)read[1]).Values;
        var n = labels.Length;
        var member = new bool[n];
        var parts = focus.Group.Split('*');
        Array.Fill(member, true);
        for (var k = 0; k < grouping.Columns.Count; k++)
        {
            var column = grouping.Columns[k];
            if (read[2 + k] is NumericColumn num)
            {
                var bands = new Bands(column, s.Bands[column]);
                var names = bands.Labels();
                for (var i = 0; i < n; i++) member[i] &= !double.IsNaN(num.Values[i]) && names[bands.BandOf(num.Values[i])] == parts[k];
            }
            else
            {
                var cat = (CategoricalColumn)read[2 + k];
                for (var i = 0; i < n; i++) member[i] &= cat.Codes[i] >= 0 && cat.Levels[cat.Codes[i]] == parts[k];
            }
        }
        var missed = new List<int>();
        var caught = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (!labels[i] || double.IsNaN(scores[i])) continue;
            if (scores[i] < threshold) { if (member[i]) missed.Add(i); }
            else caught.Add(i);
        }
        var dataName = Path.GetFileName(o.Data);
        var modelName = Path.GetFileName(o.Model);
        CaseVignette Refuse(string why) => new(focus.Subject, focus.Reference, why, 0, dataName, modelName, threshold, double.NaN, double.NaN, [], "", focus.Fnr, cost);
        if (missed.Count < minCell)
            return Refuse($"fewer than {minCell} of its patients with the condition were missed by the model in {dataName}; by the small-cell rule no composite is drawn from so few patients (it would describe them too closely).");
        var specs = model.Inputs.Select(i => new FeatureSpec(i.Name, i.Kind)).ToList();
        var (table, _) = ModelTableLoader.Load(source, specs, null, null, $"model input of {modelName}");
        var reference = caught.Count >= minCell ? caught : Enumerable.Range(0, n).ToList();
        var composite = table.Features.Select(f => Composite(f, missed)).ToArray();
        var flagged = table.Features.Select(f => Composite(f, reference)).ToArray();
        if (EqualsARow(table, composite))
            return Refuse($"the composite equals a real record of {dataName} on every model input, so it would not be synthetic.");

        // Rows scored together: the composite, the flagged patient, then the composite with input k set to the flagged value.
        var k0 = table.Features.Count;
        var rows = new List<object[]> { composite, flagged };
        for (var k = 0; k < k0; k++)
        {
            var x = (object[])composite.Clone();
            x[k] = flagged[k];
            rows.Add(x);
        }
        var scored = model.Score(Table(table, rows));
        var features = new List<VignetteFeature>();
        for (var k = 0; k < k0; k++)
            features.Add(new VignetteFeature(table.Features[k].Name, Text(composite[k]), Text(flagged[k]), Logit(scored[0]) - Logit(scored[2 + k])));
        var total = Logit(scored[0]) - Logit(scored[1]);
        var remainder = total - features.Sum(f => f.Contribution);
        features = [.. features.OrderByDescending(f => Math.Abs(f.Contribution)).ThenBy(f => f.Feature, StringComparer.Ordinal)];
        var attribution =
            $"Contribution = how much the input moves this patient's log-odds against the typical flagged patient's value (negative: it pulls the score below the threshold); " +
            $"the log-odds differ by {total.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)} in all. " +
            (Math.Abs(remainder) <= 1e-3
                ? "The contributions add up to it: the model is additive in the log-odds (a logistic model), so they are its per-input contributions β·(x − x_flagged)."
                : $"The model is not additive (e.g. trees), so these are one-at-a-time (occlusion) attributions; {remainder.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)} of the difference comes from inputs acting together.") +
            $" The typical flagged patient is the same composite of the {(reference == caught ? "patients with the condition whom the model flagged" : "whole data (too few flagged patients)")}.";
        return new CaseVignette(focus.Subject, focus.Reference, null, missed.Count, dataName, modelName, threshold, scored[0], scored[1], features, attribution, focus.Fnr, cost);
    }

    /// <summary>Median of the present numbers (float), or the most common present category (ties: first in ordinal order).</summary>
    private static object Composite(FeatureColumn f, List<int> rows)
    {
        if (f.Kind == FeatureKind.Numeric)
        {
            var values = rows.Select(i => f.Numeric![i]).Where(v => !float.IsNaN(v)).Order().ToArray();
            if (values.Length == 0) return float.NaN;
            var m = values.Length / 2;
            return values.Length % 2 == 1 ? values[m] : (float)((values[m - 1] + (double)values[m]) / 2);
        }
        return rows.Select(i => f.Text![i].ToString()).Where(t => t != ModelTable.MissingLevel)
            .GroupBy(t => t, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault() ?? ModelTable.MissingLevel;
    }

    /// <summary>True when some row has every model input equal to the composite's.</summary>
    internal static bool EqualsARow(ModelTable table, object[] composite)
    {
        for (var i = 0; i < table.Rows; i++)
        {
            var same = true;
            for (var k = 0; k < composite.Length && same; k++)
            {
                var f = table.Features[k];
                same = f.Kind == FeatureKind.Numeric
                    ? f.Numeric![i].Equals((float)composite[k])
                    : f.Text![i].Span.SequenceEqual(((string)composite[k]).AsSpan());
            }
            if (same) return true;
        }
        return false;
    }

    private static ModelTable Table(ModelTable like, List<object[]> rows)
    {
        var columns = new List<FeatureColumn>();
        for (var k = 0; k < like.Features.Count; k++)
        {
            var f = like.Features[k];
            if (f.Kind == FeatureKind.Numeric)
            {
                var v = rows.Select(r => (float)r[k]).ToArray();
                columns.Add(new FeatureColumn(f.Name, v, v.Count(float.IsNaN)));
            }
            else
            {
                columns.Add(new FeatureColumn(f.Name, rows.Select(r => ((string)r[k]).AsMemory()).ToArray(), 0));
            }
        }
        return new ModelTable(columns, null, rows.Count);
    }

    private static double Logit(double p)
    {
        var q = Math.Clamp(p, 1e-12, 1 - 1e-12);
        return Math.Log(q / (1 - q));
    }

    private static string Text(object v) => v switch
    {
        float f when float.IsNaN(f) => "missing",
        float f => ((double)f).ToString("0.###", CultureInfo.InvariantCulture),
        _ => (string)v,
    };
}
