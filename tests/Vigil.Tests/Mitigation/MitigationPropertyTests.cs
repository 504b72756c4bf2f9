using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Mitigation;
using Vigil.Mitigation.Postprocessing;
using Vigil.Mitigation.Preprocessing;

namespace Vigil.Tests.Mitigation;

/// <summary>Properties of the mitigations on random data (seeded generators from FsCheck).</summary>
public sealed class MitigationPropertyTests
{
    /// <summary>Random rows: (group in 0..groups−1, label, score on a 1/50 grid so ties occur) with both classes in every group.</summary>
    private static Arbitrary<(int Groups, int[] G, bool[] Y, double[] S)> Data(int minRows = 8) =>
        Gen.Choose(2, 4).SelectMany(groups =>
                Gen.Choose(minRows, 120).SelectMany(n =>
                    Gen.Choose(0, groups - 1).ArrayOf(n).SelectMany(g =>
                        Gen.Elements(true, false).ArrayOf(n).SelectMany(y =>
                            Gen.Choose(0, 50).ArrayOf(n).Select(s => (groups, g, y, s.Select(v => v / 50.0).ToArray()))))))
            .Where(d => Enumerable.Range(0, d.Item1).All(g =>
                Enumerable.Range(0, d.Item2.Length).Any(i => d.Item2[i] == g && d.Item3[i]) &&
                Enumerable.Range(0, d.Item2.Length).Any(i => d.Item2[i] == g && !d.Item3[i])))
            .ToArbitrary();

    private static GroupedLabels Grouped(int groups, int[] g, bool[] y) =>
        new(g, Enumerable.Range(0, groups).Select(k => "g" + k).ToArray(), y);

    [Property(MaxTest = 100)]
    public Property Reweighing_makes_label_and_group_independent() => Prop.ForAll(Data(), d =>
    {
        var data = Grouped(d.Groups, d.G, d.Y);
        var w = Reweighing.Fit(data).Transform(data);
        double total = w.Sum(), positive = 0;
        var byGroup = new double[d.Groups];
        var positiveByGroup = new double[d.Groups];
        for (var i = 0; i < w.Length; i++)
        {
            byGroup[d.G[i]] += w[i];
            if (d.Y[i])
            {
                positive += w[i];
                positiveByGroup[d.G[i]] += w[i];
            }
        }
        // Weighted P(y=1 | g) = weighted P(y=1) for every group; weights sum to n.
        return Math.Abs(total - w.Length) < 1e-9 &&
               Enumerable.Range(0, d.Groups).All(g => Math.Abs(positiveByGroup[g] / byGroup[g] - positive / total) < 1e-9);
    });

    [Property(MaxTest = 100)]
    public Property Di_remover_with_repair_level_zero_changes_nothing() => Prop.ForAll(Data(), d =>
    {
        var repaired = DisparateImpactRemover.RepairColumn(d.S, d.G, d.Groups, 0.0);
        return repaired.SequenceEqual(d.S);
    });

    [Property(MaxTest = 100)]
    public Property Di_remover_repairs_to_existing_values_only() => Prop.ForAll(Data(), d =>
    {
        var repaired = DisparateImpactRemover.RepairColumn(d.S, d.G, d.Groups, 0.6);
        var existing = d.S.ToHashSet();
        return repaired.All(existing.Contains);
    });

    [Property(MaxTest = 100)]
    public Property Correlation_remover_with_alpha_one_equalizes_group_means() => Prop.ForAll(Data(), d =>
    {
        var fit = CorrelationRemover.Fit([d.S], d.G, d.Groups, 1.0);
        var t = fit.Transform([d.S], d.G, Enumerable.Range(0, d.Groups).Select(k => "g" + k).ToArray())[0];
        var mean = t.Average();
        return Enumerable.Range(0, d.Groups).All(g =>
            Math.Abs(Enumerable.Range(0, t.Length).Where(i => d.G[i] == g).Average(i => t[i]) - mean) < 1e-9);
    });

    private static readonly string[] ConstraintNames =
    [
        "demographic_parity", "equalized_odds", "true_positive_rate_parity", "false_positive_rate_parity",
        "true_negative_rate_parity", "false_negative_rate_parity",
    ];

    [Property(MaxTest = 60)]
    public Property Threshold_optimizer_meets_its_constraint_on_the_data_it_was_fitted_on() =>
        Prop.ForAll(Data(), Gen.Elements(ConstraintNames).ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (d, name, flip) =>
        {
            var constraint = ThresholdOptimizerOptions.ParseConstraint(name);
            var objective = constraint == ThresholdConstraint.EqualizedOdds ? ThresholdObjective.BalancedAccuracyScore : ThresholdObjective.AccuracyScore;
            var data = Grouped(d.Groups, d.G, d.Y);
            var fit = ThresholdOptimizer.Fit(d.S, data, new ThresholdOptimizerOptions(constraint, objective, 1000, flip));
            var p = new double[d.S.Length];
            fit.PositiveProbability(d.S, d.G, data.GroupNames, p);
            var sel = new double[d.Groups];
            var tpr = new double[d.Groups];
            var fpr = new double[d.Groups];
            var (n, pos) = data.Counts();
            for (var i = 0; i < p.Length; i++)
            {
                sel[d.G[i]] += p[i] / n[d.G[i]];
                if (d.Y[i]) tpr[d.G[i]] += p[i] / pos[d.G[i]];
                else fpr[d.G[i]] += p[i] / (n[d.G[i]] - pos[d.G[i]]);
            }
            static double Gap(double[] r) => r.Max() - r.Min();
            return constraint switch
            {
                ThresholdConstraint.DemographicParity => Gap(sel) <= 0.01,
                ThresholdConstraint.EqualizedOdds => Gap(tpr) <= 0.01 && Gap(fpr) <= 0.01,
                ThresholdConstraint.TruePositiveRateParity or ThresholdConstraint.FalseNegativeRateParity => Gap(tpr) <= 0.01,
                _ => Gap(fpr) <= 0.01,
            };
        });

    [Property(MaxTest = 60)]
    public Property Calibrated_equalized_odds_raises_the_cheaper_group_to_the_costliest_cost() =>
        Prop.ForAll(Data(), Gen.Elements(CostConstraint.Fnr, CostConstraint.Fpr, CostConstraint.Weighted).ToArbitrary(), (d, constraint) =>
        {
            var data = Grouped(d.Groups, d.G, d.Y);
            var fit = CalibratedEqualizedOdds.Fit(d.S, data, constraint);
            var mixed = new double[d.S.Length];
            var expected = new double[d.S.Length];
            var pred = new bool[d.S.Length];
            fit.Predict(d.S, d.G, 1, mixed, expected, pred);
            var target = fit.Cost.Max();
            // The expected scores of every uncapped group have the costliest group's generalized cost.
            for (var g = 0; g < d.Groups; g++)
            {
                if (fit.Capped[g]) continue;
                double neg = 0, negSum = 0, posN = 0, posMiss = 0;
                for (var i = 0; i < d.S.Length; i++)
                {
                    if (d.G[i] != g) continue;
                    if (d.Y[i]) { posN++; posMiss += 1 - expected[i]; }
                    else { neg++; negSum += expected[i]; }
                }
                var b = posN / (posN + neg);
                var cost = constraint switch
                {
                    CostConstraint.Fnr => posMiss / posN,
                    CostConstraint.Fpr => negSum / neg,
                    _ => 0.5 * (negSum / neg) * (1 - b) + 0.5 * (posMiss / posN) * b,
                };
                if (Math.Abs(cost - target) > 1e-9) return false;
            }
            return true;
        });

    [Property(MaxTest = 60)]
    public Property Reject_option_keeps_its_metric_within_bounds_when_it_can() => Prop.ForAll(Data(20), d =>
    {
        var data = Grouped(d.Groups, d.G, d.Y);
        var fit = RejectOptionClassification.Fit(d.S, data, 0, new RejectOptionOptions(RejectOptionMetric.StatisticalParity, -0.1, 0.1));
        if (!fit.WithinBounds) return true;
        var pred = new bool[d.S.Length];
        fit.Predict(d.S, d.G, pred);
        double pSel = 0, pN = 0, uSel = 0, uN = 0;
        for (var i = 0; i < pred.Length; i++)
        {
            if (d.G[i] == 0) { pN++; if (pred[i]) pSel++; }
            else { uN++; if (pred[i]) uSel++; }
        }
        var spd = uSel / uN - pSel / pN;
        return spd >= -0.1 - 1e-12 && spd <= 0.1 + 1e-12 && Math.Abs(spd - fit.MetricValue) < 1e-12;
    });
}
