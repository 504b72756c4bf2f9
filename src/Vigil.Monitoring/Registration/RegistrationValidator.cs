using System.Globalization;
using Vigil.Contracts.Monitoring;
using Vigil.Core;

namespace Vigil.Monitoring.Registration;

/// <summary>
/// Checks a registration before it is stored: every error is a <see cref="VigilException.Option"/> whose parameter is
/// the field's snake_case name (as the JSON spells it, e.g. "window_hours") and whose message starts with the field's
/// path in the document (e.g. "outcome.window_hours: -1: expected hours above 0"), so the service's problem details
/// and the CLI name what to fix.
/// </summary>
public static class RegistrationValidator
{
    /// <summary>Largest small-cell threshold: groups of 100 or more are never suppressed (docs/suppression.md).</summary>
    public const int MaxMinCell = 100;

    /// <summary>Longest outcome window or label delay: ten years of hours (87,840).</summary>
    public const double MaxOutcomeHours = 24 * 366 * 10;

    /// <summary>Throws on the first invalid field.</summary>
    public static void Validate(ModelRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var r = registration;
        if (r.Schema != ModelRegistration.SchemaName) Fail("schema", "schema", $"'{r.Schema}': expected {ModelRegistration.SchemaName}");
        Name("id", "id", r.Id);
        Name("version", "version", r.Version);
        if (string.IsNullOrWhiteSpace(r.IntendedUse)) Fail("intended_use", "intended_use", "is required: the model's intended use, in the Model Card's words");
        if (r.Protected is null || r.Protected.Count == 0) Fail("protected", "protected", "needs at least one protected attribute");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < r.Protected.Count; i++)
        {
            var p = r.Protected[i];
            Name("name", $"protected[{i}].name", p.Name);
            if (!names.Add(p.Name)) Fail("name", $"protected[{i}].name", $"'{p.Name}' appears twice");
            if (p.Bands is { } bands)
            {
                if (bands.Count == 0) Fail("bands", $"protected[{i}].bands", "give at least one edge, or null for a categorical attribute");
                for (var k = 0; k < bands.Count; k++)
                {
                    if (!double.IsFinite(bands[k])) Fail("bands", $"protected[{i}].bands", $"edge {k} is not a finite number");
                    if (k > 0 && bands[k] <= bands[k - 1]) Fail("bands", $"protected[{i}].bands", "edges must increase");
                }
                if (p.ReferenceGroup is { } g && !new Data.Bands(p.Name, [.. bands]).Labels().Contains(g) && g != Data.AuditLoader.MissingLevel)
                    Fail("reference_group", $"protected[{i}].reference_group",
                        $"'{g}' is not a band of '{p.Name}' ({string.Join(", ", new Data.Bands(p.Name, [.. bands]).Labels())})");
            }
            if (p.ReferenceGroup is { Length: 0 }) Fail("reference_group", $"protected[{i}].reference_group", "is empty; use null for the largest group");
        }
        var watched = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (r.WatchedFeatures?.Count ?? 0); i++)
        {
            Name("watched_features", $"watched_features[{i}]", r.WatchedFeatures![i]);
            if (!watched.Add(r.WatchedFeatures[i])) Fail("watched_features", $"watched_features[{i}]", $"'{r.WatchedFeatures[i]}' appears twice");
        }
        if (!(r.Threshold is >= 0 and <= 1)) Fail("threshold", "threshold", $"{F(r.Threshold)}: expected a number in [0, 1]");
        Outcome(r.Outcome);
        if (r.MinCell is < 0 or > MaxMinCell) Fail("min_cell", "min_cell", $"{r.MinCell}: expected 0 to {MaxMinCell} (groups of {MaxMinCell} or more are never suppressed)");
        Monitors(r.Monitors);
        if (r.Reference is { } reference) Reference(reference, r.WatchedFeatures ?? [], names);
    }

    private static void Outcome(OutcomeDefinition? o)
    {
        if (o is null) Fail("outcome", "outcome", "is required");
        Name("positive_kind", "outcome.positive_kind", o.PositiveKind);
        // at most ten years: maturity times are Unix milliseconds, and a window of 1e308 hours would overflow them
        if (!(o.WindowHours > 0 && o.WindowHours <= MaxOutcomeHours)) Fail("window_hours", "outcome.window_hours", $"{F(o.WindowHours)}: expected hours above 0, at most {MaxOutcomeHours}");
        if (!(o.LabelDelayHours >= 0 && o.LabelDelayHours <= MaxOutcomeHours)) Fail("label_delay_hours", "outcome.label_delay_hours", $"{F(o.LabelDelayHours)}: expected hours, 0 to {MaxOutcomeHours}");
        for (var i = 0; i < (o.CensorKinds?.Count ?? 0); i++)
        {
            Name("censor_kinds", $"outcome.censor_kinds[{i}]", o.CensorKinds![i]);
            if (o.CensorKinds[i] == o.PositiveKind) Fail("censor_kinds", $"outcome.censor_kinds[{i}]", $"'{o.PositiveKind}' is the positive kind");
        }
    }

    private static void Monitors(MonitorSettings? m)
    {
        if (m is null) Fail("monitors", "monitors", "is required");
        for (var i = 0; i < (m.Bounds?.Count ?? 0); i++)
        {
            var b = m.Bounds![i];
            if (!(b.Bound > 0 && b.Bound < 1))
                Fail("bound", $"monitors.bounds[{i}].bound", $"{F(b.Bound)}: expected a rate {(b.Kind == RateBoundKind.Gap ? "difference " : "")}strictly between 0 and 1");
        }
        for (var i = 0; i < (m.Sequential?.Count ?? 0); i++)
        {
            var s = m.Sequential![i];
            if (s.Rate != MonitoredRate.Fnr) Fail("rate", $"monitors.sequential[{i}].rate", $"{s.Rate}: sequential detectors watch the FNR");
            if (!(s.TargetRate > 0 && s.TargetRate < 1)) Fail("target_rate", $"monitors.sequential[{i}].target_rate", $"{F(s.TargetRate)}: expected a rate strictly between 0 and 1");
            if (!(s.InControlRunLength >= 10 && s.InControlRunLength <= 100_000))
                Fail("in_control_run_length", $"monitors.sequential[{i}].in_control_run_length", $"{F(s.InControlRunLength)}: expected 10 to 100000 matured positives");
        }
        if (m.Drift is { } d)
        {
            if (!(d.PsiMax > 0) || !double.IsFinite(d.PsiMax)) Fail("psi_max", "monitors.drift.psi_max", $"{F(d.PsiMax)}: expected a PSI above 0");
            if (!(d.PrevalenceChangeMax > 0 && d.PrevalenceChangeMax < 1)) Fail("prevalence_change_max", "monitors.drift.prevalence_change_max", $"{F(d.PrevalenceChangeMax)}: expected a rate change strictly between 0 and 1");
            if (d.MinRows < 1) Fail("min_rows", "monitors.drift.min_rows", $"{d.MinRows}: expected 1 or more rows");
        }
        if (m.Calibration is { } c && !(c.OeLow > 0 && c.OeLow < 1 && c.OeHigh > 1 && double.IsFinite(c.OeHigh)))
            Fail(c.OeLow > 0 && c.OeLow < 1 ? "oe_high" : "oe_low", "monitors.calibration",
                $"[{F(c.OeLow)}, {F(c.OeHigh)}]: expected 0 < oe_low < 1 < oe_high");
        if (m.Volume is { } v)
        {
            if (!(v.MaxSilentHours > 0) || !double.IsFinite(v.MaxSilentHours)) Fail("max_silent_hours", "monitors.volume.max_silent_hours", $"{F(v.MaxSilentHours)}: expected hours above 0");
            if (!(v.MinVolumeRatio > 0 && v.MinVolumeRatio < 1)) Fail("min_volume_ratio", "monitors.volume.min_volume_ratio", $"{F(v.MinVolumeRatio)}: expected a ratio strictly between 0 and 1");
            if (!(v.MissingShareIncreaseMax > 0 && v.MissingShareIncreaseMax < 1)) Fail("missing_share_increase_max", "monitors.volume.missing_share_increase_max", $"{F(v.MissingShareIncreaseMax)}: expected a share strictly between 0 and 1");
        }
        if (m.OverrideRateMax is { } o && !(o > 0 && o < 1)) Fail("override_rate_max", "monitors.override_rate_max", $"{F(o)}: expected a rate strictly between 0 and 1");
        if (!(m.Confidence > 0.5 && m.Confidence < 1)) Fail("confidence", "monitors.confidence", $"{F(m.Confidence)}: expected a level strictly between 0.5 and 1");
        if (m.MinRows < 1) Fail("min_rows", "monitors.min_rows", $"{m.MinRows}: expected 1 or more rows");
        if (!(m.LookbackHours >= 1 && m.LookbackHours <= 24 * 366)) Fail("lookback_hours", "monitors.lookback_hours", $"{F(m.LookbackHours)}: expected 1 to 8784 hours");
        for (var i = 0; i < (m.Webhooks?.Count ?? 0); i++)
            if (!Uri.TryCreate(m.Webhooks![i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                Fail("webhooks", $"monitors.webhooks[{i}]", $"'{m.Webhooks[i]}': expected an absolute http(s) address");
    }

    private static void Reference(ReferenceProfile p, IReadOnlyList<string> watched, HashSet<string> protectedNames)
    {
        if (p.Rows < 1) Fail("rows", "reference.rows", $"{p.Rows}: expected 1 or more rows");
        if (!(p.Prevalence is >= 0 and <= 1)) Fail("prevalence", "reference.prevalence", $"{F(p.Prevalence)}: expected a rate in [0, 1]");
        if (p.Groups is null || !p.Groups.Any(g => g.Attribute is null)) Fail("groups", "reference.groups", "needs the overall group (attribute null)");
        for (var i = 0; i < p.Groups.Count; i++)
        {
            var g = p.Groups[i];
            if (g.Tn < 0 || g.Fp < 0 || g.Fn < 0 || g.Tp < 0) Fail("groups", $"reference.groups[{i}]", "counts must not be negative");
            if (g.Attribute is { } a && !protectedNames.Contains(a)) Fail("groups", $"reference.groups[{i}].attribute", $"'{a}' is not a protected attribute");
        }
        if ((p.Features?.Count ?? 0) != watched.Count)
            Fail("features", "reference.features", $"{p.Features?.Count ?? 0} feature bins for {watched.Count} watched features");
        for (var i = 0; i < watched.Count; i++)
        {
            if (p.Features![i].Name != watched[i]) Fail("features", $"reference.features[{i}].name", $"'{p.Features[i].Name}': expected '{watched[i]}' (the watched features' order)");
            Bins(p.Features[i], $"reference.features[{i}]");
        }
        if (p.Score is null) Fail("score", "reference.score", "is required");
        Bins(p.Score, "reference.score");
    }

    private static void Bins(ReferenceBins b, string path)
    {
        for (var k = 0; k < b.Edges.Count; k++)
            if (!double.IsFinite(b.Edges[k]) || (k > 0 && b.Edges[k] <= b.Edges[k - 1])) Fail("edges", $"{path}.edges", "edges must be finite and increase");
        if (b.Shares.Count != b.Edges.Count + 1) Fail("shares", $"{path}.shares", $"{b.Shares.Count} shares for {b.Edges.Count + 1} bins");
        var sum = 0.0;
        foreach (var s in b.Shares)
        {
            if (!(s >= 0 && s <= 1)) Fail("shares", $"{path}.shares", $"{F(s)}: expected shares in [0, 1]");
            sum += s;
        }
        if (b.Shares.Count > 0 && sum > 0 && Math.Abs(sum - 1) > 1e-6) Fail("shares", $"{path}.shares", $"shares sum to {F(sum)}, not 1");
        if (!(b.MissingShare is >= 0 and <= 1)) Fail("missing_share", $"{path}.missing_share", $"{F(b.MissingShare)}: expected a share in [0, 1]");
    }

    private static void Name(string parameter, string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Fail(parameter, path, "is required");
        if (value.Length > 200) Fail(parameter, path, $"{value.Length} characters: at most 200");
        if (value.Contains('|', StringComparison.Ordinal) || value.Contains(Store.CellKey.Separator, StringComparison.Ordinal) || value.Any(char.IsControl))
            Fail(parameter, path, $"'{value}': must not contain '|' or control characters");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string parameter, string path, string message) =>
        throw VigilException.Option(parameter, $"{path}: {message}");

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
