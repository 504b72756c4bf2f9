using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Vigil.Core.Audit;
using Vigil.Core.Curves;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Calibration;

public sealed class RocCurveTests
{
    [Fact]
    public void Ties_make_one_step_and_the_area_is_the_mann_whitney_auroc()
    {
        // Pairs (positive, negative): 0.9>0.8, 0.9>0.3, 0.8=0.8 (½), 0.8>0.3: AUROC 3.5/4.
        var roc = Roc.Compute([0.3, 0.8, 0.9, 0.8], [0, 1, 1, 0])!;
        Assert.Equal([0, 0, 0.5, 1], roc.Fpr);
        Assert.Equal([0, 0.5, 1, 1], roc.Tpr);
        Assert.Equal([1.9, 0.9, 0.8, 0.3], roc.Threshold);
        Assert.Equal(0.875, Roc.Area(roc), 1e-15);
        Assert.Null(Roc.Compute([0.1, 0.2], [1, 1]));
        Assert.Equal("no negatives in group", Roc.UndefinedReason(2, 0));
    }

    private static CurveAnalysisResult Curves(AuditData data, IReadOnlyList<GroupingSpec> groupings, int maxPoints) =>
        CurveAnalysis.Run(data, groupings, new CurveOptions { MinCell = 0, MaxRocPoints = maxPoints, Bootstrap = 0 });

    /// <summary>Per group: the full curve's trapezoid area is the audit's exact AUROC; curves are monotone; reliability counts sum to n.</summary>
    [Property(MaxTest = 60)]
    public Property Full_curve_area_equals_the_audit_auroc() =>
        Prop.ForAll(RandomAudits.Arbitrary(), a =>
        {
            var audit = AuditEngine.Run(a.Data, a.Groupings, new AuditOptions { Threshold = 0.5 });
            var curves = Curves(a.Data, a.Groupings, int.MaxValue);
            Check(audit.Overall[(int)GroupMetric.Auroc], curves.Overall, a.Data.Rows);
            for (var j = 0; j < audit.Groupings.Count; j++)
                for (var g = 0; g < audit.Groupings[j].Groups.Count; g++)
                {
                    var group = audit.Groupings[j].Groups[g];
                    var curve = curves.Groupings[j].Groups[g];
                    Assert.Equal(group.Key.Label, curve.Key!.Label);
                    Check(group[GroupMetric.Auroc], curve, group.N);
                }
        });

    private static void Check(Vigil.Core.Metric auroc, GroupCurves curve, long n)
    {
        Assert.Equal(n, curve.N);
        Assert.Equal(n, curve.Calibration!.Uniform.Count.Sum());
        Assert.Equal(n, curve.Calibration.Quantile.Count.Sum());
        if (auroc.Value is not { } exact)
        {
            Assert.Null(curve.Roc);
            Assert.NotNull(curve.RocReason);
            return;
        }
        var roc = curve.Roc!;
        Assert.Equal(exact, Roc.Area(roc), 1e-12);
        Assert.Equal((0.0, 0.0), (roc.Fpr[0], roc.Tpr[0]));
        Assert.Equal((1.0, 1.0), (roc.Fpr[^1], roc.Tpr[^1]));
        for (var k = 1; k < roc.Points; k++)
        {
            Assert.True(roc.Fpr[k] >= roc.Fpr[k - 1] && roc.Tpr[k] >= roc.Tpr[k - 1], "ROC not monotone");
            Assert.True(roc.Threshold[k] < roc.Threshold[k - 1], "thresholds not decreasing");
        }
    }

    /// <summary>
    /// On the 2,000-row golden data (about 2,000 distinct scores): every group's full curve has the audit's
    /// exact AUROC, and the 201-point curve keeps its end points and loses less than 1e-3 of area.
    /// </summary>
    [Fact]
    public void Downsampled_golden_curves_keep_the_area()
    {
        var lines = File.ReadAllLines(TestFiles.Golden("fx_binary_small.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var labels = rows.Select(r => byte.Parse(r[Col("y_true")], CultureInfo.InvariantCulture)).ToArray();
        var scores = rows.Select(r => double.Parse(r[Col("y_score")], CultureInfo.InvariantCulture)).ToArray();
        ProtectedColumn Attribute(string name)
        {
            var values = rows.Select(r => r[Col(name)]).ToArray();
            var levels = values.Distinct().Order(StringComparer.Ordinal).ToArray();
            return new ProtectedColumn(name, values.Select(v => Array.IndexOf(levels, v)).ToArray(), levels);
        }
        var data = new AuditData(labels, scores.Select(s => s >= 0.5 ? (byte)1 : (byte)0).ToArray(), scores, [Attribute("sex"), Attribute("race")]);
        GroupingSpec[] groupings = [new(["sex"]), new(["race"]), new(["sex", "race"])];
        var audit = AuditEngine.Run(data, groupings, new AuditOptions { Threshold = 0.5 });
        var full = Curves(data, groupings, int.MaxValue);
        var thin = Curves(data, groupings, Roc.DefaultMaxPoints);
        Assert.True(full.Overall.Roc!.Points > 1000);
        var worst = 0.0;
        void Compare(Vigil.Core.Metric auroc, GroupCurves f, GroupCurves t)
        {
            Assert.Equal(auroc.Value!.Value, Roc.Area(f.Roc!), 1e-12);
            Assert.True(t.Roc!.Points <= Roc.DefaultMaxPoints);
            Assert.Equal((f.Roc!.Fpr[0], f.Roc.Tpr[0], f.Roc.Threshold[0]), (t.Roc.Fpr[0], t.Roc.Tpr[0], t.Roc.Threshold[0]));
            Assert.Equal((f.Roc.Fpr[^1], f.Roc.Tpr[^1], f.Roc.Threshold[^1]), (t.Roc.Fpr[^1], t.Roc.Tpr[^1], t.Roc.Threshold[^1]));
            worst = Math.Max(worst, Math.Abs(Roc.Area(t.Roc) - auroc.Value.Value));
        }
        Compare(audit.Overall[(int)GroupMetric.Auroc], full.Overall, thin.Overall);
        for (var j = 0; j < groupings.Length; j++)
            for (var g = 0; g < audit.Groupings[j].Groups.Count; g++)
                Compare(audit.Groupings[j].Groups[g][GroupMetric.Auroc], full.Groupings[j].Groups[g], thin.Groupings[j].Groups[g]);
        Assert.True(worst < 1e-3, $"downsampling changed an AUROC by {worst}");
    }
}

public sealed class RocStreamingTests
{
    /// <summary>Thinning while walking the rows keeps exactly the points <see cref="Roc.Downsample"/> keeps from the full curve.</summary>
    [Property(MaxTest = 100)]
    public Property Streaming_thinning_equals_downsampling_the_full_curve() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), Arb.From(Gen.Choose(2, 40)), (seed, maxPoints) =>
        {
            var rng = new Random(seed);
            var n = rng.Next(2, 300);
            var scores = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble(), rng.Next(1, 4))).OrderDescending().ToArray();
            var labels = scores.Select(p => rng.NextDouble() < p ? (byte)1 : (byte)0).ToArray();
            var full = Roc.FromSortedDescending(scores, labels);
            var streamed = Roc.FromSortedDescending(scores, labels, maxPoints);
            if (full is null)
            {
                Assert.Null(streamed);
                return;
            }
            var thinned = Roc.Downsample(full, maxPoints);
            Assert.Equal(thinned.Fpr, streamed!.Fpr);
            Assert.Equal(thinned.Tpr, streamed.Tpr);
            Assert.Equal(thinned.Threshold, streamed.Threshold);
            Assert.True(streamed.Points <= maxPoints);
        });
}
