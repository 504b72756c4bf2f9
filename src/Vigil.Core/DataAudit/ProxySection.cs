namespace Vigil.Core.DataAudit;

/// <summary>
/// How strongly one feature stands in for one protected attribute. Categorical features: Cramér's V of
/// the feature × attribute table (<see cref="Strength"/> = V, with the χ² p-value). Numeric features: the
/// AUROC of the feature alone for telling each group from the rest (<see cref="GroupAuroc"/>), and
/// <see cref="Strength"/> = max over groups of |2·AUROC − 1| (Somers' D; 0 no information, 1 perfect
/// separation). Both strengths lie in [0, 1] but are different measures: compare within a kind first.
/// </summary>
public sealed record ProxyRow(string Feature, string Attribute, string Kind, string Measure, double? Strength, double? CramersV, double? PValue,
    IReadOnlyList<(string Group, double Auroc)>? GroupAuroc, long N);

public static class ProxySection
{
    /// <summary>Every feature against every single protected attribute, strongest first (undefined last).</summary>
    public static List<ProxyRow> Build(DataAuditInput input) => Build(input, NumericRows(input));

    internal static List<ProxyRow> Build(DataAuditInput input, ProxyRow[,] numeric)
    {
        var attributes = input.Protected.Select(Grouping.Of).ToList();
        var rows = new List<ProxyRow>();
        for (var a = 0; a < attributes.Count; a++)
        {
            for (var f = 0; f < input.NumericFeatures.Count; f++) rows.Add(numeric[f, a]);
            foreach (var f in input.CategoricalFeatures) rows.Add(Categorical(f, attributes[a]));
        }
        rows.Sort((x, y) => (y.Strength ?? -1).CompareTo(x.Strength ?? -1));
        return rows;
    }

    /// <summary>The numeric rows [feature, attribute], each feature sorted once.</summary>
    internal static ProxyRow[,] NumericRows(DataAuditInput input)
    {
        var attributes = input.Protected.Select(Grouping.Of).ToList();
        var rows = new ProxyRow[input.NumericFeatures.Count, attributes.Count];
        for (var f = 0; f < input.NumericFeatures.Count; f++)
        {
            var sorted = SortedFeature.Of(input.NumericFeatures[f].Values);
            for (var a = 0; a < attributes.Count; a++) rows[f, a] = Numeric(input.NumericFeatures[f].Name, sorted, attributes[a]);
        }
        return rows;
    }

    public static ProxyRow Numeric(NumericVariable f, Grouping g) => Numeric(f.Name, SortedFeature.Of(f.Values), g);

    internal static ProxyRow Numeric(string name, SortedFeature sorted, Grouping g)
    {
        var auroc = GroupSeparation.OneVsRestAuroc(sorted, g.Codes, g.Levels.Length);
        var list = new List<(string, double)>();
        double? strength = null;
        long n = sorted.Values.Length;
        for (var c = 0; c < auroc.Length; c++)
        {
            if (double.IsNaN(auroc[c])) continue;
            list.Add((g.Levels[c], auroc[c]));
            var d = Math.Abs(2 * auroc[c] - 1);
            if (strength is null || d > strength) strength = d;
        }
        return new ProxyRow(name, g.Name, "numeric", "auroc_one_vs_rest", strength, null, null, list, n);
    }

    public static ProxyRow Categorical(CategoricalVariable f, Grouping g)
    {
        var k = g.Levels.Length;
        var l = f.Levels.Length;
        var table = new long[k * l];
        for (var i = 0; i < f.Codes.Length; i++)
            if (f.Codes[i] >= 0) table[g.Codes[i] * l + f.Codes[i]]++;
        var chi = ContingencyTable.Test(table, k, l);
        return new ProxyRow(f.Name, g.Name, "categorical", "cramers_v", chi.CramersV, chi.CramersV, chi.PValue, null, chi.N);
    }
}
