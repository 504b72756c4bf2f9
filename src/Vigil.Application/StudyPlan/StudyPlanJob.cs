using System.Globalization;
using Vigil.Application.Groups;
using Vigil.Contracts.Audit;
using Vigil.Contracts.Common;
using Vigil.Contracts.StudyPlan;
using Vigil.Core;
using Vigil.Core.StudyPlanning;
using Vigil.Data;

namespace Vigil.Application.StudyPlan;

/// <summary>What a study plan asks: precision (width) and/or a gap to detect, with expected values given or taken per group from an audit.</summary>
public sealed record StudyPlanJobOptions
{
    public double? Sensitivity { get; init; }

    public double? Specificity { get; init; }

    /// <summary>Half-width w of the confidence interval.</summary>
    public double? Width { get; init; }

    public double? Prevalence { get; init; }

    public double Confidence { get; init; } = 0.95;

    /// <summary>Sensitivity difference d to detect.</summary>
    public double? Gap { get; init; }

    public double Power { get; init; } = 0.8;

    /// <summary>Two-sided significance level of the gap test.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Positives in group 2 per positive in group 1.</summary>
    public double Ratio { get; init; } = 1;

    public double? PrevalenceGroup2 { get; init; }

    /// <summary>A vigil.audit/v2 file: plan for each of its groups.</summary>
    public string? GroupsFrom { get; init; }

    /// <summary>
    /// With <see cref="GroupsFrom"/>: which attributes (protected, intersections) to plan for (empty protected: all of the
    /// audit's), reference groups that replace the audit's, and the small-cell threshold flagged on each group.
    /// </summary>
    public GroupSelection? Groups { get; init; }
}

/// <summary>One group of an audit and its plans.</summary>
public sealed record GroupPlan(string Attribute, string Group, string ReferenceGroup, long N, long Positives, bool SmallCell, double? Sensitivity,
    double? Prevalence, string? Reason, PrecisionPlan? Precision, GapPlan? Gap);

/// <summary>Everything a plan computed.</summary>
public sealed record StudyPlan(PrecisionPlan? Sensitivity, PrecisionPlan? Specificity, GapPlan? Gap, string? AuditFile,
    IReadOnlyList<GroupPlan>? Groups, double Confidence, double? Width, double? GapSize);

/// <summary>What a study-plan job returns: the vigil.study-plan/v2 document and the plan the renderers draw from.</summary>
public sealed record StudyPlanJobResult(StudyPlanDocument Document, StudyPlan Plan);

/// <summary>`plan-study`: validation-study sizes (SampleSize), overall or per group of a saved audit read through its contract.</summary>
public static class StudyPlanJob
{
    public static StudyPlanJobResult Run(StudyPlanJobOptions o, IJobProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        progress ??= NoProgress.Instance;
        var plan = Plan(o);
        progress.Report("done", 1);
        return new StudyPlanJobResult(StudyPlanDocumentBuilder.Build(plan, o), plan);
    }

    private static StudyPlan Plan(StudyPlanJobOptions o)
    {
        if (o.Width is null && o.Gap is null)
            throw VigilException.Option("width", "give a width W (precision of sensitivity) and/or a gap D (a sensitivity difference to detect)");
        if (!(o.Confidence > 0 && o.Confidence < 1)) throw VigilException.Option("confidence", $"{Text(o.Confidence)}: expected a number in (0, 1)");
        if (o.Gap is { } g && !(g > 0 && g < 1)) throw VigilException.Option("gap", $"{Text(g)}: expected a difference in (0, 1)");
        if (o.PrevalenceGroup2 is not null && o.Gap is null) throw VigilException.Option("prevalence_group2", "applies to a gap");
        if (o.Groups is { Bands.Count: > 0 } && o.GroupsFrom is null)
            throw VigilException.Option("bands", $"applies to groups from an audit ({Param.Ref("groups_from")}): the plan reads the audit's groups and checks that they were banded at these edges");
        if (o.Groups is not null && o.GroupsFrom is null) throw VigilException.Option("protected", "applies to groups from an audit (groups_from)");

        if (o.GroupsFrom is not null)
        {
            if (o.Sensitivity is not null || o.Prevalence is not null)
                throw VigilException.Option("groups_from", "takes each group's sensitivity and prevalence from the audit; drop the sensitivity and prevalence");
            var groups = FromAudit(o);
            return new StudyPlan(null, null, null, o.GroupsFrom, groups, o.Confidence, o.Width, o.Gap);
        }

        if (o.Sensitivity is not { } se) throw VigilException.Option("sensitivity", "is required (or groups from an audit)");
        if (o.Prevalence is not { } prev) throw VigilException.Option("prevalence", "is required (or groups from an audit)");
        PrecisionPlan? sens = null, spec = null;
        if (o.Width is { } w)
        {
            sens = SampleSize.Sensitivity(se, w, prev, o.Confidence);
            if (o.Specificity is { } sp) spec = SampleSize.Specificity(sp, w, prev, o.Confidence);
        }
        else if (o.Specificity is not null)
        {
            throw VigilException.Option("specificity", "needs a width");
        }
        GapPlan? gapPlan = null;
        if (o.Gap is { } d)
        {
            if (!(se - d > 0)) throw VigilException.Option("gap", $"{Text(d)}: group 2's sensitivity {Text(se)} − {Text(d)} must stay above 0");
            gapPlan = SampleSize.TwoProportions(se, se - d, o.Alpha, o.Power, o.Ratio, prev, o.PrevalenceGroup2 ?? prev);
        }
        return new StudyPlan(sens, spec, gapPlan, null, null, o.Confidence, o.Width, o.Gap);
    }

    /// <summary>
    /// One plan per group of every chosen attribute of a vigil.audit/v2 file: the precision plan with the group's observed
    /// sensitivity and prevalence; the gap plan compares the attribute's reference group (its sensitivity as group 1, minus
    /// the gap as group 2) with the group's prevalence as group 2's.
    /// </summary>
    private static List<GroupPlan> FromAudit(StudyPlanJobOptions o)
    {
        var path = o.GroupsFrom!;
        var audit = AuditContract.Read(path);
        var selection = o.Groups;
        var minCell = selection?.MinCell ?? audit.Settings.MinCell;
        if (selection is not null) RequireAuditBands(audit, selection.Bands, path);
        var chosen = Chosen(audit, selection);
        var plans = new List<GroupPlan>();
        foreach (var attribute in chosen)
        {
            var reference = attribute.Columns.Count == 1 && selection?.References.GetValueOrDefault(attribute.Name) is { } given
                ? given
                : attribute.ReferenceGroup;
            var referenceGroup = attribute.Groups.FirstOrDefault(g => g.Group == reference);
            if (referenceGroup is null && attribute.ReferenceGroup != reference)
                throw VigilException.Option("reference", $"{attribute.Name}={reference}: no such group in {path}; groups: {string.Join(", ", attribute.Groups.Select(g => g.Group))}");
            var referenceSe = referenceGroup is null ? null : Value(referenceGroup, AuditMetricKeys.Sensitivity);
            var referencePrev = referenceGroup is null ? null : Value(referenceGroup, "prevalence");
            foreach (var g in attribute.Groups)
            {
                var se = Value(g, AuditMetricKeys.Sensitivity);
                var prev = Value(g, "prevalence");
                string? reason = null;
                PrecisionPlan? precision = null;
                GapPlan? gapPlan = null;
                if (se is not { } s || prev is not { } p)
                    reason = "sensitivity or prevalence undefined in the audit (no positives?)";
                else if (!(s > 0 && s < 1 && p > 0 && p < 1))
                    reason = $"observed sensitivity {Text(s)} or prevalence {Text(p)} is 0 or 1: the formulas need values strictly between";
                else
                {
                    if (o.Width is { } w) precision = SampleSize.Sensitivity(s, w, p, o.Confidence);
                    if (o.Gap is not null && g.Group == reference)
                    {
                        reason = "reference group: group 1 of the other groups' gap plans";
                    }
                    else if (o.Gap is { } d)
                    {
                        if (referenceSe is { } rs && referencePrev is { } rp && rs - d > 0 && rs < 1 && rp > 0 && rp < 1)
                            gapPlan = SampleSize.TwoProportions(rs, rs - d, o.Alpha, o.Power, o.Ratio, rp, p);
                        else
                            reason = $"no gap plan: the reference group '{reference}' has no usable sensitivity and prevalence (or sensitivity − gap ≤ 0)";
                    }
                }
                plans.Add(new GroupPlan(attribute.Name, g.Group, reference, g.N, g.Positives, g.N < minCell, se, prev, reason, precision, gapPlan));
            }
        }
        if (plans.Count == 0) throw VigilException.BadData($"{path}: the audit has no groups{(selection is null ? "" : " among the chosen attributes")}");
        return plans;
    }

    /// <summary>
    /// plan-study never sees raw values: it reads groups the audit already formed. Bands given here therefore cannot
    /// re-band anything; they state which bands the plan is for, and the audit must have used exactly these edges
    /// (otherwise the plan would silently size a study for different groups than the ones named).
    /// </summary>
    private static void RequireAuditBands(AuditDocument audit, IReadOnlyList<Bands> bands, string path)
    {
        foreach (var b in bands)
        {
            var given = string.Join(",", b.Edges.Select(Text));
            if (!audit.Settings.Bands.TryGetValue(b.Column, out var edges))
                throw VigilException.Option("bands", $"{b.Column}={given}: {path} did not band '{b.Column}' (its bands: " +
                    $"{(audit.Settings.Bands.Count == 0 ? "none" : string.Join("; ", audit.Settings.Bands.Select(x => $"{x.Key}={string.Join(",", x.Value.Select(Text))}")))}); " +
                    "the plan reads the audit's groups, so run the audit with these bands");
            if (!edges.AsSpan().SequenceEqual(b.Edges))
                throw VigilException.Option("bands", $"{b.Column}={given}: {path} banded '{b.Column}' at {string.Join(",", edges.Select(Text))}; " +
                    "the plan reads the audit's groups, so give the audit's edges or run the audit with these bands");
        }
    }

    /// <summary>The audit's attributes to plan for: all, or the chosen protected attributes and intersections (each must be in the audit).</summary>
    private static List<AuditGrouping> Chosen(AuditDocument audit, GroupSelection? selection)
    {
        if (selection is null || selection.Protected.Count == 0) return [.. audit.Attributes];
        selection.Validate();
        var names = selection.Groupings().Select(g => g.Name).ToList();
        var result = new List<AuditGrouping>();
        foreach (var name in names)
            result.Add(audit.Attributes.FirstOrDefault(a => a.Name == name)
                ?? throw VigilException.Option(name.Contains(GroupSelection.Separator, StringComparison.Ordinal) ? "intersections" : "protected",
                    $"'{name}' is not in the audit; its attributes: {string.Join(", ", audit.Attributes.Select(a => a.Name))}"));
        return result;
    }

    private static double? Value(AuditGroup group, string metric) =>
        group.Metrics.TryGetValue(metric, out var m) ? m.Value : null;

    internal static string Text(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>The vigil.study-plan/v2 document of a plan: v1's numbers under the v2 keys.</summary>
public static class StudyPlanDocumentBuilder
{
    public static StudyPlanDocument Build(StudyPlan plan, StudyPlanJobOptions o)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(o);
        var g = o.Groups;
        var settings = new StudyPlanSettings(o.Confidence, o.Width, o.Gap, o.Power, o.Alpha, o.Ratio, o.Sensitivity, o.Specificity, o.Prevalence,
            o.PrevalenceGroup2, g?.Protected ?? [], g?.Intersections ?? [], g?.References ?? new Dictionary<string, string>(),
            g?.MinCell ?? AnalysisDefaults.MinCell, g?.BandEdges() ?? new Dictionary<string, double[]>());
        long? patients = plan.Sensitivity is null ? null : Math.Max(plan.Sensitivity.Patients.Whole, plan.Specificity?.Patients.Whole ?? 0);
        return new StudyPlanDocument(ToolBlock.Current,
            plan.AuditFile is null ? [] : [new InputRef("audit", plan.AuditFile)],
            settings, Precision(plan.Sensitivity), Precision(plan.Specificity), patients, Gap(plan.Gap),
            plan.Groups?.Select(x => new GroupPlanValue(x.Attribute, x.Group, x.ReferenceGroup, x.N, x.Positives, x.SmallCell, x.Sensitivity, x.Prevalence,
                Precision(x.Precision), x.Precision is { } p ? x.Positives >= p.Cases.Whole : null, Gap(x.Gap), x.Reason)).ToList());
    }

    private static PrecisionPlanValue? Precision(PrecisionPlan? p) => p is null ? null :
        new(p.Measure, p.Proportion, p.HalfWidth, p.Confidence, p.Z, p.Prevalence, p.Cases.Exact, p.Cases.Whole, p.Patients.Exact, p.Patients.Whole, "buderer_1996");

    private static GapPlanValue? Gap(GapPlan? g) => g is null ? null :
        new(g.P1, g.P2, g.P1 - g.P2, g.Alpha, "two-sided", g.Power, g.Ratio, g.Prevalence1, g.Prevalence2, g.ZAlpha, g.ZBeta,
            Sizes(g.Corrected), Sizes(g.Uncorrected), "fleiss_levin_paik_2003");

    private static GapSizesValue Sizes(GapSizes s) =>
        new(s.Cases1.Exact, s.Cases1.Whole, s.Cases2.Whole, s.Patients1.Whole, s.Patients2.Whole, s.TotalPatients);
}
