using Vigil.Core.Statistics;

namespace Vigil.Core.DataAudit;

/// <summary>Agreement of annotators within one group: items rated by every annotator, items on which they did not all agree (rate with Wilson CI), and kappa.</summary>
public sealed record AgreementGroup(string Group, long N, long Disagreements, Metric DisagreementRate, Metric Kappa);

/// <summary>
/// Label quality from annotator columns: Cohen's kappa for two annotators, Fleiss' kappa for more,
/// overall and per group of each grouping; items with any annotation missing are left out
/// (<see cref="ItemsIncomplete"/>).
/// </summary>
public sealed record AnnotationSummary(IReadOnlyList<string> Annotators, string Method, long ItemsIncomplete, AgreementGroup Overall,
    IReadOnlyList<(string Grouping, IReadOnlyList<AgreementGroup> Groups)> ByGroup);

public static class AnnotationSection
{
    /// <summary>Null with fewer than two annotator columns.</summary>
    public static AnnotationSummary? Build(DataAuditInput input, IReadOnlyList<Grouping> groupings)
    {
        var raters = input.Annotations;
        if (raters.Count < 2) return null;
        var categories = input.LabelSet.Length;
        var complete = new bool[input.Rows];
        long incomplete = 0;
        for (var i = 0; i < input.Rows; i++)
        {
            var ok = true;
            foreach (var r in raters) ok &= r.Codes[i] >= 0;
            complete[i] = ok;
            if (!ok) incomplete++;
        }
        var method = raters.Count == 2 ? "cohen_kappa" : "fleiss_kappa";
        var overall = Agreement("all", input, complete, null, -1, categories);
        var by = new List<(string, IReadOnlyList<AgreementGroup>)>();
        foreach (var g in groupings)
        {
            var groups = new List<AgreementGroup>(g.Levels.Length);
            for (var c = 0; c < g.Levels.Length; c++) groups.Add(Agreement(g.Levels[c], input, complete, g.Codes, c, categories));
            by.Add((g.Name, groups));
        }
        return new AnnotationSummary(raters.Select(r => r.Name).ToList(), method, incomplete, overall, by);
    }

    private static AgreementGroup Agreement(string name, DataAuditInput input, bool[] complete, int[]? codes, int group, int categories)
    {
        var raters = input.Annotations;
        var rows = new List<int>();
        for (var i = 0; i < input.Rows; i++)
            if (complete[i] && (codes is null || codes[i] == group)) rows.Add(i);
        long disagreements = 0;
        foreach (var i in rows)
        {
            var first = raters[0].Codes[i];
            for (var r = 1; r < raters.Count; r++)
            {
                if (raters[r].Codes[i] == first) continue;
                disagreements++;
                break;
            }
        }
        Metric kappa;
        if (raters.Count == 2)
        {
            var a = new int[rows.Count];
            var b = new int[rows.Count];
            for (var j = 0; j < rows.Count; j++)
            {
                a[j] = raters[0].Codes[rows[j]];
                b[j] = raters[1].Codes[rows[j]];
            }
            kappa = Kappa.Cohen(a, b, categories);
        }
        else
        {
            var counts = new int[rows.Count * categories];
            for (var j = 0; j < rows.Count; j++)
                foreach (var r in raters) counts[j * categories + r.Codes[rows[j]]]++;
            kappa = Kappa.Fleiss(counts, categories, raters.Count);
        }
        var rate = rows.Count > 0
            ? new Metric((double)disagreements / rows.Count, WilsonInterval.Compute(disagreements, rows.Count), null) { CiMethod = "wilson" }
            : Metric.Undefined("no item rated by every annotator");
        return new AgreementGroup(name, rows.Count, disagreements, rate, kappa);
    }
}
