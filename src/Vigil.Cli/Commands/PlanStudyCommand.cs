using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Cli.Output;
using Vigil.Core;
using Vigil.Core.StudyPlanning;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil plan-study`: patients and positives needed to estimate sensitivity (and specificity) within ±w (Buderer
/// 1996) and to detect a sensitivity gap between two groups (Fleiss, Levin and Paik 2003), overall or for each group
/// of a Vigil audit (vigil.plan-study/v1, docs/plan-study.md).
/// </summary>
public static class PlanStudyCommand
{
    public const string Schema = "vigil.plan-study/v1";

    /// <summary>One group of an audit and its plans.</summary>
    public sealed record GroupPlan(string Attribute, string Group, string ReferenceGroup, long N, long Positives, double? Sensitivity,
        double? Prevalence, string? Reason, PrecisionPlan? Precision, GapPlan? Gap);

    /// <summary>Everything the command computed.</summary>
    public sealed record StudyPlan(PrecisionPlan? Sensitivity, PrecisionPlan? Specificity, GapPlan? Gap, string? AuditFile,
        IReadOnlyList<GroupPlan>? Groups, double Confidence, double? Width, double? GapSize);

    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var sensitivity = new Option<double?>("--sensitivity") { Description = "Expected sensitivity (of group 1 for --gap)" };
        var specificity = new Option<double?>("--specificity") { Description = "Expected specificity (also plan its precision)" };
        var width = new Option<double?>("--width") { Description = "Half-width w of the confidence interval: estimate within ±w (e.g. 0.05)" };
        var prevalence = new Option<double?>("--prevalence") { Description = "Prevalence of the condition (of group 1 for --gap)" };
        var confidence = new Option<double>("--confidence") { Description = "Confidence level of the interval", DefaultValueFactory = _ => 0.95 };
        var gap = new Option<double?>("--gap") { Description = "Sensitivity difference d to detect: group 2 has sensitivity − d" };
        var power = new Option<double>("--power") { Description = "Power to detect the gap", DefaultValueFactory = _ => 0.8 };
        var alpha = new Option<double>("--alpha") { Description = "Two-sided significance level of the gap test", DefaultValueFactory = _ => 0.05 };
        var ratio = new Option<double>("--ratio") { Description = "Positives in group 2 per positive in group 1", DefaultValueFactory = _ => 1 };
        var prevalence2 = new Option<double?>("--prevalence-group2") { Description = "Prevalence in group 2 (default: --prevalence)" };
        var groupsFrom = new Option<string?>("--groups-from") { Description = "A Vigil audit JSON (vigil.audit/v1): plan for each group with its observed sensitivity and prevalence" };
        var format = new Option<string?>("--format") { Description = "table, json or markdown (default: from the --out extension .json/.md, else table)" };
        var output = new Option<string?>("--out") { Description = "Write to this file (atomically) instead of standard output" };

        var cmd = new Command("plan-study", "Validation-study size: patients and positives to estimate sensitivity within ±w and to detect a sensitivity gap between groups.");
        foreach (var o in new Option[] { sensitivity, specificity, width, prevalence, confidence, gap, power, alpha, ratio, prevalence2, groupsFrom, format, output })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var outPath = parse.GetValue(output);
            var fmt = OptionParsing.FormatFor(parse.GetValue(format), outPath);
            var plan = Plan(
                parse.GetValue(sensitivity), parse.GetValue(specificity), parse.GetValue(width), parse.GetValue(prevalence),
                parse.GetValue(confidence), parse.GetValue(gap), parse.GetValue(power), parse.GetValue(alpha), parse.GetValue(ratio),
                parse.GetValue(prevalence2), parse.GetValue(groupsFrom));
            var text = fmt switch
            {
                OutputFormat.Json => RenderJson(plan),
                OutputFormat.Markdown => RenderText(plan, markdown: true),
                _ => RenderText(plan, markdown: false),
            };
            Emitter.Emit(io, outPath, text);
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>Validates the request and computes every plan asked for.</summary>
    public static StudyPlan Plan(double? sensitivity, double? specificity, double? width, double? prevalence, double confidence, double? gap,
        double power, double alpha, double ratio, double? prevalence2, string? groupsFrom)
    {
        if (width is null && gap is null)
            throw VigilException.Usage("give --width W (precision of sensitivity) and/or --gap D (a sensitivity difference to detect)");
        if (!(confidence > 0 && confidence < 1)) throw VigilException.Usage($"--confidence {Text(confidence)}: expected a number in (0, 1)");
        if (gap is { } g && !(g > 0 && g < 1)) throw VigilException.Usage($"--gap {Text(g)}: expected a difference in (0, 1)");
        if (prevalence2 is not null && gap is null) throw VigilException.Usage("--prevalence-group2 applies to --gap");

        if (groupsFrom is not null)
        {
            if (sensitivity is not null || prevalence is not null)
                throw VigilException.Usage("--groups-from takes each group's sensitivity and prevalence from the audit; drop --sensitivity/--prevalence");
            var groups = FromAudit(groupsFrom, width, confidence, gap, power, alpha, ratio);
            return new StudyPlan(null, null, null, groupsFrom, groups, confidence, width, gap);
        }

        if (sensitivity is not { } se) throw VigilException.Usage("--sensitivity is required (or --groups-from AUDIT.json)");
        if (prevalence is not { } prev) throw VigilException.Usage("--prevalence is required (or --groups-from AUDIT.json)");
        PrecisionPlan? sens = null, spec = null;
        if (width is { } w)
        {
            sens = SampleSize.Sensitivity(se, w, prev, confidence);
            if (specificity is { } sp) spec = SampleSize.Specificity(sp, w, prev, confidence);
        }
        else if (specificity is not null)
        {
            throw VigilException.Usage("--specificity needs --width");
        }
        GapPlan? gapPlan = null;
        if (gap is { } d)
        {
            if (!(se - d > 0)) throw VigilException.Usage($"--gap {Text(d)}: group 2's sensitivity {Text(se)} − {Text(d)} must stay above 0");
            gapPlan = SampleSize.TwoProportions(se, se - d, alpha, power, ratio, prev, prevalence2 ?? prev);
        }
        return new StudyPlan(sens, spec, gapPlan, null, null, confidence, width, gap);
    }

    /// <summary>
    /// One plan per group of every attribute in a vigil.audit/v1 file: the precision plan with the group's observed
    /// sensitivity (tpr) and prevalence; the gap plan compares the attribute's reference group (its sensitivity as
    /// group 1, minus the gap as group 2) with the group's prevalence as group 2's.
    /// </summary>
    private static List<GroupPlan> FromAudit(string path, double? width, double confidence, double? gap, double power, double alpha, double ratio)
    {
        if (!File.Exists(path)) throw VigilException.BadData($"{path}: no such file (--groups-from)");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw VigilException.BadData($"{path}: not JSON ({e.Message}); expected a vigil.audit/v1 file from 'vigil audit --format json'");
        }
        using (doc)
        {
            try
            {
                return GroupPlansOf(doc.RootElement, path, width, gap, confidence, alpha, power, ratio);
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                // A field missing or of another JSON kind deep in the file: bad data, not a crash.
                throw VigilException.BadData($"{path}: not a vigil.audit/v1 document of the expected shape ({e.Message}); expected the JSON of 'vigil audit'");
            }
        }
    }

    private static List<GroupPlan> GroupPlansOf(JsonElement root, string path, double? width, double? gap, double confidence, double alpha, double power, double ratio)
    {
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schema) || schema.GetString() != "vigil.audit/v1")
                throw VigilException.BadData($"{path}: not a vigil.audit/v1 document (--groups-from expects the JSON of 'vigil audit')");
            if (!root.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Array)
                throw VigilException.BadData($"{path}: no \"attributes\" array");
            var plans = new List<GroupPlan>();
            foreach (var attribute in attributes.EnumerateArray())
            {
                var name = attribute.GetProperty("name").GetString() ?? "";
                var reference = attribute.GetProperty("reference_group").GetString() ?? "";
                var groups = attribute.GetProperty("groups").EnumerateArray().ToList();
                var referenceGroup = groups.FirstOrDefault(g => g.GetProperty("group").GetString() == reference);
                double? referenceSe = referenceGroup.ValueKind == JsonValueKind.Object ? MetricValue(referenceGroup, "tpr") : null;
                double? referencePrev = referenceGroup.ValueKind == JsonValueKind.Object ? MetricValue(referenceGroup, "prevalence") : null;
                foreach (var g in groups)
                {
                    var label = g.GetProperty("group").GetString() ?? "";
                    var n = g.GetProperty("n").GetInt64();
                    var positives = g.GetProperty("positives").GetInt64();
                    var se = MetricValue(g, "tpr");
                    var prev = MetricValue(g, "prevalence");
                    string? reason = null;
                    PrecisionPlan? precision = null;
                    GapPlan? gapPlan = null;
                    if (se is not { } s || prev is not { } p)
                        reason = "sensitivity or prevalence undefined in the audit (no positives?)";
                    else if (!(s > 0 && s < 1 && p > 0 && p < 1))
                        reason = $"observed sensitivity {Text(s)} or prevalence {Text(p)} is 0 or 1: the formulas need values strictly between";
                    else
                    {
                        if (width is { } w) precision = SampleSize.Sensitivity(s, w, p, confidence);
                        if (gap is not null && label == reference)
                        {
                            reason = "reference group: group 1 of the other groups' gap plans";
                        }
                        else if (gap is { } d)
                        {
                            if (referenceSe is { } rs && referencePrev is { } rp && rs - d > 0 && rs < 1 && rp > 0 && rp < 1)
                                gapPlan = SampleSize.TwoProportions(rs, rs - d, alpha, power, ratio, rp, p);
                            else
                                reason = $"no gap plan: the reference group '{reference}' has no usable sensitivity and prevalence (or sensitivity − gap ≤ 0)";
                        }
                    }
                    plans.Add(new GroupPlan(name, label, reference, n, positives, se, prev, reason, precision, gapPlan));
                }
            }
            if (plans.Count == 0) throw VigilException.BadData($"{path}: the audit has no groups");
            return plans;
        }
    }

    private static double? MetricValue(JsonElement group, string metric) =>
        group.TryGetProperty("metrics", out var metrics) && metrics.TryGetProperty(metric, out var m) &&
        m.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : null;

    private static string Text(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>vigil.plan-study/v1 (docs/plan-study.md).</summary>
    public static string RenderJson(StudyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return JsonMetricWriter.Document(Schema, withTool: true, w =>
        {
            w.WriteStartObject("settings");
            w.WriteNumber("confidence", plan.Confidence);
            w.WriteNumberOrNull("width", plan.Width);
            w.WriteNumberOrNull("gap", plan.GapSize);
            if (plan.AuditFile is null) w.WriteNull("groups_from");
            else w.WriteString("groups_from", plan.AuditFile);
            w.WriteEndObject();
            w.WritePropertyName("sensitivity");
            WritePrecision(w, plan.Sensitivity);
            w.WritePropertyName("specificity");
            WritePrecision(w, plan.Specificity);
            if (plan.Sensitivity is not null)
            {
                var total = Math.Max(plan.Sensitivity.Patients.Whole, plan.Specificity?.Patients.Whole ?? 0);
                w.WriteNumber("patients", total);
            }
            else
            {
                w.WriteNull("patients");
            }
            w.WritePropertyName("gap");
            WriteGap(w, plan.Gap);
            if (plan.Groups is null)
            {
                w.WriteNull("groups");
                return;
            }
            w.WriteStartArray("groups");
            foreach (var g in plan.Groups)
            {
                w.WriteStartObject();
                w.WriteString("attribute", g.Attribute);
                w.WriteString("group", g.Group);
                w.WriteString("reference_group", g.ReferenceGroup);
                w.WriteNumber("n", g.N);
                w.WriteNumber("positives", g.Positives);
                w.WriteNumberOrNull("sensitivity", g.Sensitivity);
                w.WriteNumberOrNull("prevalence", g.Prevalence);
                w.WritePropertyName("precision");
                WritePrecision(w, g.Precision);
                if (g.Precision is { } p) w.WriteBoolean("observed_positives_sufficient", g.Positives >= p.Cases.Whole);
                else w.WriteNull("observed_positives_sufficient");
                w.WritePropertyName("gap");
                WriteGap(w, g.Gap);
                if (g.Reason is null) w.WriteNull("reason");
                else w.WriteString("reason", g.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private static void WritePrecision(Utf8JsonWriter w, PrecisionPlan? p)
    {
        if (p is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteString("measure", p.Measure);
        w.WriteNumber("expected", p.Proportion);
        w.WriteNumber("half_width", p.HalfWidth);
        w.WriteNumber("confidence", p.Confidence);
        w.WriteNumber("z", p.Z);
        w.WriteNumber("prevalence", p.Prevalence);
        w.WriteNumber("cases_exact", p.Cases.Exact);
        w.WriteNumber("cases", p.Cases.Whole);
        w.WriteNumber("patients_exact", p.Patients.Exact);
        w.WriteNumber("patients", p.Patients.Whole);
        w.WriteString("method", "buderer_1996");
        w.WriteEndObject();
    }

    private static void WriteGap(Utf8JsonWriter w, GapPlan? g)
    {
        if (g is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteNumber("sensitivity_group1", g.P1);
        w.WriteNumber("sensitivity_group2", g.P2);
        w.WriteNumber("difference", g.P1 - g.P2);
        w.WriteNumber("alpha", g.Alpha);
        w.WriteString("sided", "two-sided");
        w.WriteNumber("power", g.Power);
        w.WriteNumber("ratio", g.Ratio);
        w.WriteNumber("prevalence_group1", g.Prevalence1);
        w.WriteNumber("prevalence_group2", g.Prevalence2);
        w.WriteNumber("z_alpha", g.ZAlpha);
        w.WriteNumber("z_beta", g.ZBeta);
        WriteSizes(w, "continuity_corrected", g.Corrected);
        WriteSizes(w, "uncorrected", g.Uncorrected);
        w.WriteString("method", "fleiss_levin_paik_2003");
        w.WriteEndObject();
    }

    private static void WriteSizes(Utf8JsonWriter w, string name, GapSizes s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("positives_group1_exact", s.Cases1.Exact);
        w.WriteNumber("positives_group1", s.Cases1.Whole);
        w.WriteNumber("positives_group2", s.Cases2.Whole);
        w.WriteNumber("patients_group1", s.Patients1.Whole);
        w.WriteNumber("patients_group2", s.Patients2.Whole);
        w.WriteNumber("patients_total", s.TotalPatients);
        w.WriteEndObject();
    }

    /// <summary>A readable table (plain text or Markdown).</summary>
    public static string RenderText(StudyPlan plan, bool markdown)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var rows = new List<string[]>();
        string[] header = ["plan", "group", "expected", "prevalence", "positives (cases)", "patients"];
        void Precision(string group, PrecisionPlan p) => rows.Add(
        [
            string.Create(inv, $"{p.Measure} ±{p.HalfWidth:0.###} ({p.Confidence:0.##%} CI)"), group, Text(p.Proportion), Text(p.Prevalence),
            string.Create(inv, $"{p.Cases.Whole} ({p.Cases.Exact:0.0})"), p.Patients.Whole.ToString(inv),
        ]);
        void Gap(string group, GapPlan g)
        {
            var what = string.Create(inv, $"gap {g.P1 - g.P2:0.###} (alpha {g.Alpha:0.###}, power {g.Power:0.##})");
            var prefix = group.Length > 0 ? group + " / " : "";
            rows.Add([what + " CC", prefix + "group 1", Text(g.P1), Text(g.Prevalence1), g.Corrected.Cases1.Whole.ToString(inv), g.Corrected.Patients1.Whole.ToString(inv)]);
            rows.Add([what + " CC", prefix + "group 2", Text(g.P2), Text(g.Prevalence2), g.Corrected.Cases2.Whole.ToString(inv), g.Corrected.Patients2.Whole.ToString(inv)]);
            rows.Add([what + " no CC", prefix + "group 1", Text(g.P1), Text(g.Prevalence1), g.Uncorrected.Cases1.Whole.ToString(inv), g.Uncorrected.Patients1.Whole.ToString(inv)]);
            rows.Add([what + " no CC", prefix + "group 2", Text(g.P2), Text(g.Prevalence2), g.Uncorrected.Cases2.Whole.ToString(inv), g.Uncorrected.Patients2.Whole.ToString(inv)]);
        }
        if (plan.Sensitivity is { } se) Precision("all", se);
        if (plan.Specificity is { } sp) Precision("all", sp);
        if (plan.Gap is { } gp) Gap("", gp);
        foreach (var g in plan.Groups ?? [])
        {
            var name = $"{g.Attribute}={g.Group}";
            if (g.Precision is { } p) Precision(name + string.Create(inv, $" (has {g.Positives} positives)"), p);
            if (g.Gap is { } gg) Gap(name, gg);
            if (g.Reason is not null) rows.Add(["—", name, g.Sensitivity is { } s ? Text(s) : "—", g.Prevalence is { } v ? Text(v) : "—", g.Reason, ""]);
        }

        sb.Append(markdown ? "# Vigil study plan\n\n" : "Vigil study plan\n\n");
        if (markdown)
        {
            sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n|").Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
            foreach (var r in rows) sb.Append("| ").Append(string.Join(" | ", r.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }
        else
        {
            var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
            foreach (var r in rows.Prepend(header))
                sb.Append(string.Join("  ", r.Select((c, k) => k < 2 ? c.PadRight(widths[k]) : c.PadLeft(widths[k]))).TrimEnd()).Append('\n');
        }
        if (plan.Sensitivity is not null)
            sb.Append('\n').Append(string.Create(inv, $"Patients to recruit: {Math.Max(plan.Sensitivity.Patients.Whole, plan.Specificity?.Patients.Whole ?? 0)}")).Append('\n');
        sb.Append('\n').Append("Precision: Buderer (1996), cases = z²·P(1−P)/w², patients = cases / prevalence (sensitivity) or / (1 − prevalence) (specificity). ")
            .Append("Gap: Fleiss, Levin and Paik (2003) two-proportion formula, two-sided, with (CC) and without continuity correction; patients = positives / group prevalence.\n");
        return sb.ToString();
    }
}
