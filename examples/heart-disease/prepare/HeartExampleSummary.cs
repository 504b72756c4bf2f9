using System.Globalization;
using System.Text;

namespace Vigil.Examples.HeartDisease;

/// <summary>
/// Plain-text summary printed by the program: class balance, overall out-of-fold AUROC and
/// accuracy, and group sizes for sex, age bands (&lt;45, 45-64, &gt;=65) and their intersections.
/// It is for the README; <c>vigil audit</c> is the real analysis.
/// </summary>
public static class HeartExampleSummary
{
    /// <summary>Age band edges matching <c>--bands age=45,65</c>.</summary>
    public static string AgeBand(double age) => age < 45 ? "<45" : age < 65 ? "45-64" : ">=65";

    /// <summary>AUROC by the Mann-Whitney statistic; tied scores count one half.</summary>
    public static double Auroc(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var a = 0; a < order.Length;)
        {
            var b = a;
            while (b + 1 < order.Length && scores[order[b + 1]] == scores[order[a]])
            {
                b++;
            }

            var mid = (a + b) / 2.0 + 1.0;
            for (var k = a; k <= b; k++)
            {
                ranks[order[k]] = mid;
            }

            a = b + 1;
        }

        double pos = labels.Count(l => l == 1), neg = labels.Count - pos;
        if (pos == 0 || neg == 0)
        {
            return double.NaN;
        }

        var rankSum = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 1).Sum(i => ranks[i]);
        return (rankSum - pos * (pos + 1) / 2.0) / (pos * neg);
    }

    /// <summary>Formats the summary of a preparation result.</summary>
    public static string Describe(HeartExampleResult r)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var n = r.Patients.Count;
        var labels = r.Patients.Select(p => p.Disease).ToArray();
        sb.AppendLine(ci, $"patients: {n}; disease=1: {labels.Sum()} ({100.0 * labels.Sum() / n:F1}%), disease=0: {n - labels.Sum()}");
        sb.AppendLine(ci, $"out-of-fold AUROC: {Auroc(r.Scores, labels):F4}");
        sb.AppendLine(ci, $"out-of-fold accuracy at score >= 0.5: {Accuracy(Enumerable.Range(0, n), r, labels):F4}");
        sb.AppendLine(ci, $"fold sizes: {string.Join(", ", Enumerable.Range(0, HeartExamplePreparation.Folds).Select(k => $"{r.Folds.Count(f => f == k)} ({Enumerable.Range(0, n).Count(i => r.Folds[i] == k && labels[i] == 1)} diseased)"))}");
        sb.AppendLine(ci, $"imputation modes per fold (ca, thal): {string.Join("; ", r.FoldImputation.Select(m => $"fold {m.Fold}: {m.CaMode}, {m.ThalMode}"))}");
        sb.AppendLine("group: n, diseased, AUROC, accuracy");
        var groups = new List<(string Name, Func<HeartPatient, bool> In)>
        {
            ("sex=F", p => p.Sex == 0),
            ("sex=M", p => p.Sex == 1),
        };
        foreach (var band in new[] { "<45", "45-64", ">=65" })
        {
            groups.Add(($"age {band}", p => AgeBand(p.Age) == band));
        }

        foreach (var sex in new[] { "F", "M" })
        {
            foreach (var band in new[] { "<45", "45-64", ">=65" })
            {
                groups.Add(($"sex={sex} * age {band}", p => p.SexLabel == sex && AgeBand(p.Age) == band));
            }
        }

        foreach (var (name, inGroup) in groups)
        {
            var idx = Enumerable.Range(0, n).Where(i => inGroup(r.Patients[i])).ToArray();
            var auc = Auroc(idx.Select(i => r.Scores[i]).ToArray(), idx.Select(i => labels[i]).ToArray());
            sb.AppendLine(ci, $"  {name}: {idx.Length}, {idx.Sum(i => labels[i])}, {(double.IsNaN(auc) ? "n/a" : auc.ToString("F3", ci))}, {Accuracy(idx, r, labels):F3}");
        }

        return sb.ToString();
    }

    private static double Accuracy(IEnumerable<int> idx, HeartExampleResult r, int[] labels)
    {
        var list = idx.ToList();
        return list.Count == 0 ? double.NaN : (double)list.Count(i => r.Predictions[i] == labels[i]) / list.Count;
    }
}
