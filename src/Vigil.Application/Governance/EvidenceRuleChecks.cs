using Vigil.Contracts.Gate;
using Vigil.Reporting.Hti1;
using static Vigil.Application.Governance.AuditRuleChecks;
using static Vigil.Application.Governance.GateEvaluator;

namespace Vigil.Application.Governance;

/// <summary>
/// The rules checked on the other evidence: calibration (validation), drift, label completeness and documents (card.yaml).
/// A rule whose evidence was not given fails and says which file to give, except label completeness, which a batch gate
/// without a data audit skips with the reason (the monitor measures it per window). On a monitoring window
/// (<see cref="GateEvidence.Window"/>) calibration, drift and documents go to <see cref="WindowRuleChecks"/>.
/// </summary>
internal static class EvidenceRuleChecks
{
    /// <summary>Reason a label_completeness rule is skipped without label counts.</summary>
    public const string NoLabelsReason =
        "skipped: no label counts in this evidence; label completeness is measured per monitoring window by vigil serve (matured predictions with an outcome), or in batch from --data-audit";

    /// <summary>O/E = Σy / Σscore per validation site: its whole interval (or its point estimate) within [min, max].</summary>
    public static IReadOnlyList<(GateCheck, string?)> Calibration(CalibrationRule r, GateEvidence e)
    {
        if (e.Validation is null && e.Window is { } w) return WindowRuleChecks.Calibration(r, w);
        if (e.Validation is not { } v)
            return [(Check(r, "observed/expected", GateStatus.Fail, "no validation given (--validation, the vigil.validation/v2 of vigil validate): the calibration bound cannot be shown to hold", null, []), null)];
        var checks = new List<(GateCheck, string?)>();
        var sites = r.Sites.Count == 0 ? v.Sites.Select(s => s.Site).ToList() : r.Sites;
        foreach (var name in sites)
        {
            var site = v.Sites.FirstOrDefault(s => s.Site == name);
            if (site is null)
            {
                checks.Add((Check(r, $"site {name}", GateStatus.Fail, $"no site {name} in the validation (sites: {string.Join(", ", v.Sites.Select(s => s.Site))})", e.ValidationSource, []), name));
                continue;
            }
            var oe = site.Calibration.OeRatio;
            var values = new Dictionary<string, double?>
            {
                ["value"] = oe.Value, ["ci_low"] = oe.Ci is [var l, _] ? l : null, ["ci_high"] = oe.Ci is [_, var h] ? h : null,
                ["min"] = r.Min, ["max"] = r.Max, ["n"] = site.Performance.N,
            };
            var subject = $"site {site.Site} ({site.Role})";
            var bounds = $"[{B(r.Min)}, {B(r.Max)}]";
            if (oe.Value is not { } x)
            {
                checks.Add((Check(r, subject, GateStatus.Fail, $"O/E undefined ({oe.Reason}), so it cannot be shown within {bounds}", e.ValidationSource, values), name));
            }
            else if (r.Test == GapTest.Point)
            {
                var ok = x >= r.Min && x <= r.Max;
                checks.Add((Check(r, subject, ok ? GateStatus.Pass : GateStatus.Fail, $"O/E {F(x)} {(ok ? "within" : "outside")} {bounds} (point estimate)", e.ValidationSource, values), name));
            }
            else if (oe.Ci is not [var lo, var hi])
            {
                checks.Add((Check(r, subject, GateStatus.Fail, $"O/E {F(x)} has no interval, so it cannot be shown within {bounds}", e.ValidationSource, values), name));
            }
            else
            {
                var ok = lo >= r.Min && hi <= r.Max;
                checks.Add((Check(r, subject, ok ? GateStatus.Pass : GateStatus.Fail,
                    $"O/E {F(x)}, interval {F(lo)} to {F(hi)} {(ok ? "within" : "not within")} {bounds}", e.ValidationSource, values), name));
            }
        }
        return checks;
    }

    /// <summary>Share of drifted columns, the dataset verdict and named columns' verdicts (vigil.drift/v2).</summary>
    public static IReadOnlyList<(GateCheck, string?)> Drift(DriftRule r, GateEvidence e)
    {
        if (e.Drift is null && e.Window is { } w) return WindowRuleChecks.Drift(r, w);
        if (e.Drift is not { } d)
            return [(Check(r, "drift", GateStatus.Fail, "no drift result given (--drift, the vigil.drift/v2 of vigil drift): the drift bounds cannot be shown to hold", null, []), null)];
        var checks = new List<(GateCheck, string?)>();
        var ds = d.DatasetDrift;
        var dsValues = new Dictionary<string, double?> { ["share"] = ds.Share.Value, ["columns"] = ds.Columns, ["drifted_columns"] = ds.DriftedColumns, ["undefined_columns"] = ds.UndefinedColumns };
        if (r.MaxDriftedShare is { } max)
        {
            var values = new Dictionary<string, double?>(dsValues) { ["bound"] = max };
            var ok = ds.Share.Value is { } s && s <= max;
            checks.Add((Check(r, "drifted share of columns", ok ? GateStatus.Pass : GateStatus.Fail,
                $"{ds.DriftedColumns} of {ds.Columns} columns drifted (share {F(ds.Share.Value)}{(ds.Share.Value is null ? $": {ds.Share.Reason}" : "")}); bound {B(max)}",
                e.DriftSource, values), null));
        }
        if (!r.AllowDatasetDrift)
        {
            var ok = ds.DriftDetected == false;
            var verdict = ds.DriftDetected switch { true => "dataset drift detected", false => "no dataset drift", null => "dataset drift undefined" };
            checks.Add((Check(r, "dataset drift", ok ? GateStatus.Pass : GateStatus.Fail,
                $"{verdict} ({ds.DriftedColumns} of {ds.Columns} columns drifted, threshold share {B(ds.Threshold)})", e.DriftSource, dsValues), null));
        }
        foreach (var name in r.Columns)
        {
            var c = d.Columns.FirstOrDefault(x => x.Column == name);
            if (c is null)
            {
                checks.Add((Check(r, $"column {name}", GateStatus.Fail, $"column {name} was not compared in the drift result", e.DriftSource, []), name));
                continue;
            }
            var ok = c.DriftDetected == false;
            var verdict = c.DriftDetected switch { true => "drifted", false => "did not drift", null => $"drift undefined ({c.Score.Reason})" };
            checks.Add((Check(r, $"column {name}", ok ? GateStatus.Pass : GateStatus.Fail,
                $"{name} {verdict} by {c.DriftTest} (score {F(c.Score.Value)}; {c.NReference} reference, {c.NCurrent} current rows)",
                e.DriftSource, new Dictionary<string, double?> { ["score"] = c.Score.Value }), name));
        }
        if (checks.Count == 0)
            checks.Add((Check(r, "dataset drift", GateStatus.Pass, $"dataset drift allowed ({ds.DriftedColumns} of {ds.Columns} columns drifted)", e.DriftSource, dsValues), null));
        return checks;
    }

    /// <summary>Labelled share = labelled / rows, overall and per group; at least min.</summary>
    public static IReadOnlyList<(GateCheck, string?)> LabelCompleteness(LabelCompletenessRule r, GateEvidence e)
    {
        if (e.Labels is not { Count: > 0 } labels)
            return [(Check(r, "labels", GateStatus.Skipped, NoLabelsReason, null, new Dictionary<string, double?> { ["bound"] = r.Min }), null)];
        var checks = new List<(GateCheck, string?)>();
        foreach (var l in labels)
        {
            double? share = l.Total > 0 ? (double)l.Labelled / l.Total : null;
            var values = new Dictionary<string, double?> { ["labelled"] = l.Labelled, ["total"] = l.Total, ["share"] = share, ["bound"] = r.Min };
            var ok = share is { } s && s >= r.Min;
            checks.Add((Check(r, l.Subject, ok ? GateStatus.Pass : GateStatus.Fail,
                share is null ? "no rows, so completeness is undefined" : $"{l.Labelled} of {l.Total} labelled ({F(share)}); bound {B(r.Min)}",
                e.LabelsSource, values), l.Subject));
        }
        return checks;
    }

    /// <summary>
    /// card.yaml fields filled; HTI-1 attributes answered by a card key or measured by the evidence (as vigil report does: the
    /// audit measures validity, fairness and demographics for its evaluation_data.source, the validation for external data).
    /// </summary>
    public static IReadOnlyList<(GateCheck, string?)> Documents(DocumentsRule r, GateEvidence e)
    {
        if (e.Card is null && e.Window is { } w) return WindowRuleChecks.Documents(r, w);
        if (e.Card is not { } card)
            return [(Check(r, "card.yaml", GateStatus.Fail, "no card.yaml given (--card): the required Model Card, CHAI and HTI-1 answers cannot be shown", null, []), null)];
        var checks = new List<(GateCheck, string?)>();
        bool Filled(string key) => !string.IsNullOrWhiteSpace(card.Text(key)) || card.List(key) is { Count: > 0 };
        void Add(string subject, IReadOnlyList<string> required, Func<string, bool> present)
        {
            if (required.Count == 0) return;
            var missing = required.Where(k => !present(k)).ToList();
            var values = new Dictionary<string, double?> { ["required"] = required.Count, ["missing"] = missing.Count };
            checks.Add((Check(r, subject, missing.Count == 0 ? GateStatus.Pass : GateStatus.Fail,
                missing.Count == 0 ? $"all {required.Count} present" : $"{missing.Count} of {required.Count} missing: {string.Join(", ", missing)}",
                e.CardSource, values), null));
        }
        Add("Model Card fields", r.CardFields, Filled);
        Add("CHAI card fields", r.ChaiFields.Select(k => "chai." + k).ToList(), Filled);
        var source = card.Text("evaluation_data.source") ?? "internal";
        var external = e.Validation?.Sites.Any(s => s.Role == "external") == true;
        bool Answered(Hti1Item a) =>
            a.CardKeys.Any(Filled)
            || (a.Measure != Hti1Measure.None && a.MeasuredWhen == source)
            || (a.Measure != Hti1Measure.None && a.MeasuredWhen == "external" && external);
        var items = r.Hti1.Select(n => Hti1Attributes.All.First(a => a.Number == n)).ToList();
        Add("HTI-1 source attributes", items.Select(a => $"{a.Number} {a.OptionId}").ToList(),
            k => Answered(items.First(a => $"{a.Number} {a.OptionId}" == k)));
        return checks;
    }
}
