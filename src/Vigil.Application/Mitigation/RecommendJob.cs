using System.Globalization;
using Vigil.Application.Output;
using Vigil.Contracts.Common;
using Vigil.Contracts.Mitigation;
using Vigil.Core;
using Vigil.Data;
using Vigil.Mitigation;
using Vigil.Mitigation.Evaluation;
using Vigil.Reporting.Risk;

namespace Vigil.Application.Mitigation;

/// <summary>
/// `vigil mitigate --recommend`: the data side is <see cref="MitigateOptions"/> (its method is ignored); the rule comes
/// from a gate decision, an audit or --group (<see cref="RecommendationRuleSource"/>).
/// </summary>
public sealed record RecommendOptions(MitigateOptions Mitigate, string? Gate, string? Audit, string? Group);

/// <summary>The document written, the folder and the files in it.</summary>
public sealed record RecommendResult(RecommendationDocument Document, string OutDir, IReadOnlyList<string> Files);

/// <summary>
/// Runs every candidate mitigation (<see cref="RecommendationCandidates"/>) through `vigil mitigate`'s loader and runner
/// (<see cref="MitigationInputLoader"/>, <see cref="MitigationRunner"/>) on one stratified split (the same seed, so the
/// same held-out rows for all), measures on the held-out rows the rule's gap before and after and the costs, and ranks
/// them. With feature columns every candidate starts from the same model (the learner trained on the training split; a
/// score column is then not used, so post-processing starts from that model too); with a score column only, only the
/// post-processing candidates run. Writes OUT/recommendation.json (vigil.mitigation-recommendation/v1),
/// OUT/recommendation.md and OUT/candidates/METHOD.json (vigil.mitigation/v2, for `vigil report --mitigation`).
/// </summary>
public static class RecommendJob
{
    /// <summary>The ranking rule, as written into the document.</summary>
    public const string RankingRule =
        "candidates that ran and did not level down first; then the smaller remaining harm gap on the held-out rows, tested as the gate tests it: " +
        "the upper end of the gap's Newcombe interval after mitigation (max(upper, 0), to 0.001); " +
        "then the larger overall sensitivity change; then the smaller alert burden change; then the method name";

    public static RecommendResult Run(RecommendOptions options, IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var rule = RecommendationRuleSource.Resolve(options.Gate, options.Audit, options.Group);
        var o = WithRuleReference(options.Mitigate, rule);
        MitigateJob.Check(o);
        var attribute = string.Join("*", o.Protected);
        if (attribute != rule.Attribute)
            throw VigilException.Option("protected", $"the rule is about '{rule.Attribute}' ({rule.Evidence}); give {Param.Ref("protected")} {rule.Attribute.Replace('*', ',')} (with its {Param.Ref("bands")})");
        progress.Report("reading " + o.Data);
        using var source = TabularSource.Open(o.Data);
        var loaded = MitigationInputLoader.Load(source, o with { Settings = o.Settings with { Method = MitigationMethods.Reweighing } },
            MitigationMethods.Find(MitigationMethods.Reweighing).Info);
        var names = loaded.Input.Data.GroupNames;
        var group = Array.IndexOf(names, rule.Group);
        if (group < 0) throw VigilException.Option("bands", $"the rule's group '{rule.Group}' is not a group of {attribute} in {o.Data}; groups: {string.Join(", ", names)}");
        var referenceName = names[loaded.Input.Privileged];
        if (rule.Reference.Length > 0 && rule.Reference != referenceName)
            throw VigilException.Option("reference", $"the rule compares with '{rule.Reference}', the mitigation with '{referenceName}'");
        if (group == loaded.Input.Privileged)
            throw VigilException.Option("reference", $"'{rule.Group}' is the reference group; name another with {Param.Ref("reference")}");
        rule = rule with { Reference = referenceName };

        var hasFeatures = loaded.Input.Features is not null;
        var input = hasFeatures ? loaded.Input with { Scores = null } : loaded.Input;
        var candidates = RecommendationCandidates.For(rule.Metric, attribute, o.Settings);
        var minCell = o.MinCell;
        var runs = new List<(Candidate Candidate, MitigationResult? Result, string? NotRun)>();
        foreach (var c in candidates)
        {
            var info = MitigationMethods.Find(c.Method).Info;
            var pre = info.Stage != "post-processing";
            if (pre && !hasFeatures)
            {
                runs.Add((c, null, $"{info.Stage} needs --features (a model is trained on them)"));
                continue;
            }
            progress.Report($"fitting {c.Method}");
            try
            {
                runs.Add((c, MitigationRunner.Run(input, c.Settings), null));
            }
            catch (VigilException e)
            {
                runs.Add((c, null, e.Message));
            }
        }
        var first = runs.FirstOrDefault(r => r.Result is not null).Result
            ?? throw VigilException.BadData($"{o.Data}: no candidate could run: {string.Join("; ", runs.Select(r => $"{r.Candidate.Method}: {r.NotRun}"))}");

        var before = Outcome(first.Before, rule, minCell, out var beforeGap);
        var notes = new List<string>();
        var heldOut = first.Before.Group(rule.Group);
        if (Suppressed(heldOut, minCell) || Suppressed(first.Before.Group(referenceName), minCell))
            notes.Add($"the held-out rows of {rule.Attribute} = {rule.Group} or of its reference have fewer than {minCell} patients with or without the condition: " +
                      "their values are suppressed here and the ranking rests on very few patients; raise --test-fraction or use more data");
        notes.Add(hasFeatures
            ? $"every candidate starts from the same model: the {o.Settings.Learner} learner trained on the training split" + (o.Score is not null ? " (the score column is not used)" : "")
            : "only the score column was given: only post-processing candidates ran (pre- and in-processing need --features)");

        using var folder = OutputFolder.Begin(o.Out);
        Directory.CreateDirectory(folder.File("candidates"));
        var files = new List<string>();
        var rows = new List<(RecommendationCandidate Doc, double[] Key)>();
        foreach (var (c, result, notRun) in runs)
        {
            var info = MitigationMethods.Find(c.Method).Info;
            if (result is null)
            {
                var none = Undefined("not run: " + notRun);
                rows.Add((new RecommendationCandidate(0, c.Method, info.Stage, c.Description, c.Options, null, none, new RecommendationCosts(none, none, none),
                    false, info.NeedsProtectedAttributeAtPrediction, info.Randomized, [], notRun, null), [2, 0, 0, 0]));
                continue;
            }
            var after = Outcome(result.After, rule, minCell, out var afterGap);
            var effect = before.Gap.Value is null || after.Gap.Value is null ? Unavailable(before.Gap, after.Gap)
                : beforeGap is double gb && afterGap is double ga ? Rounded(gb - ga) : Unavailable(before.Gap, after.Gap);
            var costs = new RecommendationCosts(
                Change(result.Before.Overall.SelectionRate, result.After.Overall.SelectionRate),
                Change(result.Before.Overall.Auroc, result.After.Overall.Auroc),
                Change(result.Before.Overall.Sensitivity, result.After.Overall.Sensitivity));
            var file = $"candidates/{c.Method}.json";
            File.WriteAllText(folder.File(file), MitigationContract.Write(MitigationDocumentBuilder.Build(result, loaded, o with { Settings = c.Settings }, null)));
            files.Add(file);
            // The rule's own test: the upper end of the gap's interval (the point gap when there is no interval).
            var upper = after.Gap.Ci is [_, var hi] ? hi : afterGap;
            var harm = upper is double a ? Math.Round(Math.Max(a, 0), 3) : double.MaxValue;
            var key = new[]
            {
                afterGap is null ? 1 : result.LevellingDown ? 1 : 0, harm,
                -(costs.SensitivityChange.Value ?? double.NegativeInfinity / 2), costs.AlertBurdenChange.Value ?? double.MaxValue,
            };
            rows.Add((new RecommendationCandidate(0, c.Method, info.Stage, c.Description, c.Options, after, effect, costs, result.LevellingDown,
                result.Method.NeedsProtectedAttributeAtPrediction, result.Method.Randomized, result.Warnings, null, file), key));
        }
        var ranked = rows
            .OrderBy(r => r.Key[0]).ThenBy(r => r.Key[1]).ThenBy(r => r.Key[2]).ThenBy(r => r.Key[3]).ThenBy(r => r.Doc.Method, StringComparer.Ordinal)
            .Select((r, i) => r.Doc with { Rank = i + 1 })
            .ToList();

        var s = o.Settings;
        var inputs = new List<InputRef> { new("data", o.Data) { Rows = loaded.Rows } };
        if (options.Gate is not null) inputs.Add(new InputRef("gate", options.Gate));
        if (options.Audit is not null) inputs.Add(new InputRef("audit", options.Audit));
        var document = new RecommendationDocument(
            ToolBlock.Current, inputs,
            new RecommendationSettings(o.Label, loaded.Positive, o.Protected,
                o.Bands.Select(b => b.Column + "=" + string.Join(",", b.Edges.Select(e => e.ToString("R", CultureInfo.InvariantCulture)))).ToList(),
                referenceName, o.Score, o.Features, s.Learner, s.Seed, s.TestFraction, s.Threshold, s.BootstrapReplicates, s.LevellingTolerance, minCell),
            rule,
            new RecommendationSplit(first.TrainRows, first.TestRows, "group x label", s.Seed, first.ScoreSource),
            before, ranked, RankingRule, notes);
        File.WriteAllText(folder.File("recommendation.json"), RecommendationContract.Write(document));
        files.Add("recommendation.json");
        File.WriteAllText(folder.File("recommendation.md"), RecommendationMarkdown.Render(document));
        files.Add("recommendation.md");
        folder.Commit();
        return new RecommendResult(document, folder.Target, files.Select(f => Path.Combine(folder.Target, f)).ToList());
    }

    /// <summary>The rule's reference as the mitigation's --reference when none was given (one attribute or an intersection's parts).</summary>
    private static MitigateOptions WithRuleReference(MitigateOptions o, RecommendationRule rule)
    {
        if (o.Reference.Count > 0 || rule.Reference.Length == 0) return o;
        var parts = rule.Reference.Split('*');
        if (parts.Length != o.Protected.Count) return o;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var k = 0; k < parts.Length; k++) map[o.Protected[k]] = parts[k];
        return o with { Reference = map };
    }

    /// <summary>
    /// Held-out outcome: group and reference sensitivity, the FNR gap (reference − group sensitivity) with Newcombe's
    /// interval, overall AUROC, sensitivity and selection rate. Group values from a suppressed group are null.
    /// </summary>
    private static RecommendationOutcome Outcome(Performance p, RecommendationRule rule, int minCell, out double? gap)
    {
        var g = p.Group(rule.Group);
        var r = p.Group(rule.Reference);
        gap = null;
        var hidden = Suppressed(g, minCell) || Suppressed(r, minCell);
        var reason = $"suppressed: fewer than {minCell} held-out patients with or without the condition in {rule.Group} or {rule.Reference} (small-cell rule)";
        MetricValue gapValue;
        if (g?.Sensitivity.Value is double sg && r?.Sensitivity.Value is double sr)
        {
            gap = sr - sg;
            if (g.Sensitivity.Ci is { } cg && r.Sensitivity.Ci is { } cr)
            {
                var d = DifferenceInterval.Newcombe(sr, cr.Low, cr.High, sg, cg.Low, cg.High);
                gapValue = new MetricValue(Round(d.Difference), [Round(d.Lower), Round(d.Upper)], null) { CiMethod = "newcombe" };
            }
            else
            {
                gapValue = new MetricValue(Round(sr - sg), null, null);
            }
        }
        else
        {
            gapValue = Undefined("sensitivity undefined in the group or its reference (no positives held out)");
        }
        return new RecommendationOutcome(
            hidden ? Undefined(reason) : From(g?.Sensitivity),
            hidden ? Undefined(reason) : From(r?.Sensitivity),
            hidden ? Undefined(reason) : gapValue,
            From(p.Overall.Auroc), From(p.Overall.Sensitivity), From(p.Overall.SelectionRate));
    }

    /// <summary>A held-out group whose size, positives or negatives are 1 to min-cell − 1 (the small-cell rule of docs/suppression.md).</summary>
    private static bool Suppressed(GroupPerformance? g, int minCell)
    {
        if (g is null) return false;
        static bool Small(long c, int m) => c > 0 && c < m;
        return Small(g.N, minCell) || Small(g.Positives, minCell) || Small(g.N - g.Positives, minCell);
    }

    private static MetricValue From(Metric? m) => m is { } x ? MetricValue.From(x) : Undefined("group not in the held-out rows");

    private static MetricValue Change(Metric before, Metric after) =>
        before.Value is double b && after.Value is double a
            ? Rounded(a - b)
            : Undefined(after.Reason ?? before.Reason ?? "undefined before or after");

    private static MetricValue Unavailable(MetricValue before, MetricValue after) =>
        Undefined(after.Reason ?? before.Reason ?? "the gap is undefined before or after");

    private static MetricValue Undefined(string reason) => new(null, null, reason);

    private static MetricValue Rounded(double v) => new(Round(v), null, null);

    /// <summary>12 significant decimals: float noise of the learners does not reorder or change the written values.</summary>
    private static double Round(double v) => Math.Round(v, 12);
}
