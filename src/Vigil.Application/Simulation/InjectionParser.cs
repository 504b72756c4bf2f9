using System.Globalization;
using Vigil.Core;

namespace Vigil.Application.Simulation;

/// <summary>
/// Parses --inject specs: KIND:ARG,ARG,... where each ARG is key=value (feature-shift takes the feature first):
/// <code>
/// fnr-rise:group=ATTRIBUTE:LEVEL,from-day=D[,factor=F]      F &gt; 1, default 2 (the group's FNR × F)
/// feature-shift:FEATURE,from-day=D[,scale=S][,offset=O]     S &gt; 0, default 1; O default 0 (at least one given)
/// label-change:from-day=D[,extra=X][,drop=Y]                X, Y in [0, 1]; default extra 0.03
/// outage:from-day=D,hours=H[,start-hour=T]                  H &gt; 0; T in [0, 24), default 0
/// </code>
/// Attributes: age (alias age_band; levels &lt;45, 45-64, &gt;=65, also 18-44 and 65+), sex (F, M), race_ethnicity, payer.
/// Every error is a usage error naming "inject", the spec, and the part that is wrong.
/// </summary>
public static class InjectionParser
{
    public const string Grammar =
        "fnr-rise:group=ATTR:LEVEL,from-day=D[,factor=F] | feature-shift:FEATURE,from-day=D[,scale=S][,offset=O] | "
        + "label-change:from-day=D[,extra=X][,drop=Y] | outage:from-day=D,hours=H[,start-hour=T]";

    public static IReadOnlyList<Injection> ParseAll(IEnumerable<string>? specs, int days)
    {
        var list = new List<Injection>();
        if (specs is null) return list;
        foreach (var s in specs) list.Add(Parse(s, days));
        return list;
    }

    public static Injection Parse(string spec, int days)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw Error(spec ?? "", "empty spec; expected " + Grammar);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) throw Error(spec, $"no ':' after the kind; expected {Grammar}");
        var kind = spec[..colon].Trim();
        var args = spec[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries);
        return kind switch
        {
            "fnr-rise" => ParseFnrRise(spec, args, days),
            "feature-shift" => ParseFeatureShift(spec, args, days),
            "label-change" => ParseLabelChange(spec, args, days),
            "outage" => ParseOutage(spec, args, days),
            _ => throw Error(spec, $"unknown kind '{kind}'; expected fnr-rise, feature-shift, label-change or outage"),
        };
    }

    private static FnrRise ParseFnrRise(string spec, string[] args, int days)
    {
        var kv = Pairs(spec, args, 0, "group", "from-day", "factor");
        var group = Required(spec, kv, "group");
        var sep = group.IndexOf(':', StringComparison.Ordinal);
        if (sep <= 0 || sep == group.Length - 1) throw Error(spec, $"group '{group}': expected ATTRIBUTE:LEVEL, e.g. age:65+");
        var (attribute, level) = Group(spec, group[..sep].Trim(), group[(sep + 1)..].Trim());
        var factor = Number(spec, kv, "factor", 2.0);
        if (!(factor > 1 && factor <= 100)) throw Error(spec, $"factor={Text(factor)}: expected a number above 1 (the group's FNR is multiplied by it)");
        return new FnrRise(Day(spec, kv, days), attribute, level, factor);
    }

    private static FeatureShift ParseFeatureShift(string spec, string[] args, int days)
    {
        if (args.Length == 0 || args[0].Length == 0 || args[0].Contains('=', StringComparison.Ordinal))
            throw Error(spec, $"expected the feature first (one of {string.Join(", ", SepsisModel.FeatureNames)}), e.g. feature-shift:lactate,from-day=10,scale=1.3");
        var feature = args[0];
        if (Array.IndexOf(SepsisModel.FeatureNames, feature) < 0)
            throw Error(spec, $"unknown feature '{feature}'; expected one of {string.Join(", ", SepsisModel.FeatureNames)}");
        var kv = Pairs(spec, args, 1, "from-day", "scale", "offset");
        if (!kv.ContainsKey("scale") && !kv.ContainsKey("offset")) throw Error(spec, "give scale=S or offset=O (or both)");
        var scale = Number(spec, kv, "scale", 1.0);
        if (!(scale > 0 && scale <= 100)) throw Error(spec, $"scale={Text(scale)}: expected a number in (0, 100]");
        var offset = Number(spec, kv, "offset", 0.0);
        if (!(Math.Abs(offset) <= 1000)) throw Error(spec, $"offset={Text(offset)}: expected a number in [-1000, 1000]");
        return new FeatureShift(Day(spec, kv, days), feature, scale, offset);
    }

    private static LabelChange ParseLabelChange(string spec, string[] args, int days)
    {
        var kv = Pairs(spec, args, 0, "from-day", "extra", "drop");
        var extra = Number(spec, kv, "extra", kv.ContainsKey("drop") ? 0.0 : 0.03);
        var drop = Number(spec, kv, "drop", 0.0);
        if (!(extra is >= 0 and <= 1)) throw Error(spec, $"extra={Text(extra)}: expected a share in [0, 1]");
        if (!(drop is >= 0 and <= 1)) throw Error(spec, $"drop={Text(drop)}: expected a share in [0, 1]");
        return new LabelChange(Day(spec, kv, days), extra, drop);
    }

    private static Outage ParseOutage(string spec, string[] args, int days)
    {
        var kv = Pairs(spec, args, 0, "from-day", "hours", "start-hour");
        Required(spec, kv, "hours");
        var hours = Number(spec, kv, "hours", 0);
        if (!(hours > 0 && hours <= days * 24.0)) throw Error(spec, $"hours={Text(hours)}: expected a number of hours above 0 and within the run ({days * 24})");
        var start = Number(spec, kv, "start-hour", 0);
        if (!(start is >= 0 and < 24)) throw Error(spec, $"start-hour={Text(start)}: expected an hour of the day in [0, 24)");
        return new Outage(Day(spec, kv, days), hours, start);
    }

    /// <summary>The registered attribute and level of a group (age bands by their registered labels).</summary>
    private static (string, string) Group(string spec, string attribute, string level)
    {
        switch (attribute)
        {
            case "age" or "age_band":
                var band = level switch
                {
                    "<45" or "18-44" => "<45",
                    "45-64" => "45-64",
                    ">=65" or "65+" => ">=65",
                    _ => null,
                };
                return band is null ? throw Error(spec, $"age level '{level}': expected <45 (or 18-44), 45-64, or >=65 (or 65+)") : ("age", band);
            case "sex":
                return level is "F" or "M" ? ("sex", level) : throw Error(spec, $"sex level '{level}': expected F or M");
            case "race_ethnicity":
                return Array.IndexOf(SepsisWorld.RaceLevels, level) >= 0 ? (attribute, level)
                    : throw Error(spec, $"race_ethnicity level '{level}': expected one of {string.Join(", ", SepsisWorld.RaceLevels)}");
            case "payer":
                return Array.IndexOf(SepsisWorld.PayerLevels, level) >= 0 ? (attribute, level)
                    : throw Error(spec, $"payer level '{level}': expected one of {string.Join(", ", SepsisWorld.PayerLevels)}");
            default:
                throw Error(spec, $"unknown attribute '{attribute}'; expected age, sex, race_ethnicity or payer");
        }
    }

    private static Dictionary<string, string> Pairs(string spec, string[] args, int skip, params string[] keys)
    {
        var kv = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = skip; i < args.Length; i++)
        {
            var a = args[i];
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw Error(spec, $"'{a}': expected key=value (keys: {string.Join(", ", keys)})");
            var key = a[..eq].Trim();
            if (Array.IndexOf(keys, key) < 0) throw Error(spec, $"unknown key '{key}'; expected {string.Join(", ", keys)}");
            if (!kv.TryAdd(key, a[(eq + 1)..].Trim())) throw Error(spec, $"'{key}' given twice");
        }
        return kv;
    }

    private static string Required(string spec, Dictionary<string, string> kv, string key) =>
        kv.TryGetValue(key, out var v) && v.Length > 0 ? v : throw Error(spec, $"missing {key}=...");

    private static int Day(string spec, Dictionary<string, string> kv, int days)
    {
        var text = Required(spec, kv, "from-day");
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var day) || day < 0 || day >= days)
            throw Error(spec, $"from-day={text}: expected a whole day in [0, {days - 1}] (days count from 0; the run has {days})");
        return day;
    }

    private static double Number(string spec, Dictionary<string, string> kv, string key, double fallback)
    {
        if (!kv.TryGetValue(key, out var text)) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw Error(spec, $"{key}={text}: expected a number");
        return v;
    }

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static VigilException Error(string spec, string message) => VigilException.Option("inject", $"'{spec}': {message}");
}
