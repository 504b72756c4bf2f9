using Vigil.Contracts.Gate;
using static Vigil.Application.Governance.AuditRuleChecks;
using static Vigil.Application.Governance.GateEvaluator;

namespace Vigil.Application.Governance;

/// <summary>
/// Calibration, drift and documents rules on a monitoring window (<see cref="WindowEvidence"/>), with the gate's meaning:
/// calibration per group (all patients and every level) instead of per validation site, the whole O/E interval (or the
/// point estimate) within [min, max]; drift over the watched features (drifted = PSI above the registration's psi_max);
/// documents are not in the store, so they are a skipped check saying so. A subject the window cannot judge is a skipped
/// check with the reason, never left out.
/// </summary>
internal static class WindowRuleChecks
{
    /// <summary>Prefix of every reason a rule or subject cannot be judged on a window.</summary>
    public const string NotEvaluable = "not evaluable per window";

    /// <summary>The reason a documents rule is skipped on a window.</summary>
    public const string DocumentsReason =
        NotEvaluable + ": the Model Card, CHAI and HTI-1 answers live in card.yaml, not in the monitoring store; vigil gate --card or vigil monitor report --card checks them";

    public static IReadOnlyList<(GateCheck, string?)> Calibration(CalibrationRule r, WindowEvidence w)
    {
        var bounds = $"[{B(r.Min)}, {B(r.Max)}]";
        if (w.Calibration.Count == 0)
            return [(Check(r, "observed/expected", GateStatus.Skipped, $"{NotEvaluable}: no settled hours in the window (every outcome window and label delay closed)", w.Source, []), null)];
        var checks = new List<(GateCheck, string?)>();
        foreach (var c in w.Calibration)
        {
            var values = new Dictionary<string, double?> { ["value"] = c.Oe, ["ci_low"] = c.CiLow, ["ci_high"] = c.CiHigh, ["min"] = r.Min, ["max"] = r.Max, ["matured"] = c.Matured };
            if (c.NotJudged is { } why)
            {
                checks.Add((Check(r, c.Subject, GateStatus.Skipped, $"{NotEvaluable}: {why}", w.Source, values), c.Group));
                continue;
            }
            if (c.Oe is not { } x)
            {
                checks.Add((Check(r, c.Subject, GateStatus.Fail, $"O/E undefined (no expected positives), so it cannot be shown within {bounds}", w.Source, values), c.Group));
                continue;
            }
            bool ok;
            string text;
            if (r.Test == GapTest.Point)
            {
                ok = x >= r.Min && x <= r.Max;
                text = $"O/E {F(x)} {(ok ? "within" : "outside")} {bounds} (point estimate)";
            }
            else
            {
                ok = c.CiLow is { } lo && c.CiHigh is { } hi && lo >= r.Min && hi <= r.Max;
                text = $"O/E {F(x)}, interval {F(c.CiLow)} to {F(c.CiHigh)} {(ok ? "within" : "not within")} {bounds}";
            }
            if (!ok) values["bound"] = x > r.Max || c.CiHigh > r.Max ? r.Max : r.Min;
            checks.Add((Check(r, c.Subject, ok ? GateStatus.Pass : GateStatus.Fail, $"{text} ({c.Matured} matured predictions)", w.Source, values), c.Group));
        }
        return checks;
    }

    public static IReadOnlyList<(GateCheck, string?)> Drift(DriftRule r, WindowEvidence w)
    {
        if (w.Drift is not { } d)
            return [(Check(r, "drift", GateStatus.Skipped, $"{NotEvaluable}: {w.NoDriftReason}", w.Source, []), null)];
        var judged = 0;
        var drifted = 0;
        foreach (var c in d.Columns)
        {
            if (c.Psi is not { } psi) continue;
            judged++;
            if (psi > d.PsiMax) drifted++;
        }
        double? share = judged > 0 ? (double)drifted / judged : null;
        var dsValues = new Dictionary<string, double?> { ["share"] = share, ["columns"] = judged, ["drifted_columns"] = drifted, ["psi_max"] = d.PsiMax };
        var counted = $"{drifted} of {judged} watched features drifted (PSI above {B(d.PsiMax)})";
        var checks = new List<(GateCheck, string?)>();
        if (r.MaxDriftedShare is { } max)
        {
            var values = new Dictionary<string, double?>(dsValues) { ["bound"] = max };
            checks.Add(share is { } s
                ? (Check(r, "drifted share of columns", s <= max ? GateStatus.Pass : GateStatus.Fail, $"{counted}: share {F(s)}; bound {B(max)}", w.Source, values), null)
                : (Check(r, "drifted share of columns", GateStatus.Skipped, $"{NotEvaluable}: no watched feature has enough values in the window", w.Source, values), null));
        }
        if (!r.AllowDatasetDrift)
        {
            checks.Add(share is { } s
                ? (Check(r, "dataset drift", s >= d.ShareThreshold ? GateStatus.Fail : GateStatus.Pass,
                    $"{(s >= d.ShareThreshold ? "dataset drift detected" : "no dataset drift")} ({counted}, threshold share {B(d.ShareThreshold)})", w.Source, dsValues), null)
                : (Check(r, "dataset drift", GateStatus.Skipped, $"{NotEvaluable}: no watched feature has enough values in the window", w.Source, dsValues), null));
        }
        foreach (var name in r.Columns)
        {
            var c = d.Columns.FirstOrDefault(x => x.Column == name);
            if (c is null)
            {
                checks.Add((Check(r, $"column {name}", GateStatus.Skipped,
                    $"{NotEvaluable}: {name} is not a watched feature of the registration (watched: {string.Join(", ", d.Columns.Select(x => x.Column))})", w.Source, []), name));
                continue;
            }
            var values = new Dictionary<string, double?> { ["psi"] = c.Psi, ["rows"] = c.Rows, ["bound"] = d.PsiMax };
            if (c.Psi is not { } psi)
            {
                checks.Add((Check(r, $"column {name}", GateStatus.Skipped, $"{NotEvaluable}: {c.Rows} values of {name}, too few to judge", w.Source, values), name));
                continue;
            }
            var ok = psi <= d.PsiMax;
            checks.Add((Check(r, $"column {name}", ok ? GateStatus.Pass : GateStatus.Fail,
                $"{name} {(ok ? "did not drift" : "drifted")}: PSI {F(psi)} over {c.Rows} values against the reference; bound {B(d.PsiMax)}", w.Source, values), name));
        }
        if (checks.Count == 0)
            checks.Add((Check(r, "dataset drift", GateStatus.Pass, $"dataset drift allowed ({counted})", w.Source, dsValues), null));
        return checks;
    }

    public static IReadOnlyList<(GateCheck, string?)> Documents(DocumentsRule r, WindowEvidence w) =>
        [(Check(r, "card.yaml", GateStatus.Skipped, DocumentsReason, w.Source, []), null)];
}
