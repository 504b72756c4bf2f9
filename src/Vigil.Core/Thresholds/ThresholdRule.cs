using System.Globalization;

namespace Vigil.Core.Thresholds;

/// <summary>How a decision threshold is chosen (a prediction is positive when score ≥ threshold).</summary>
public enum ThresholdMethod
{
    /// <summary>A given number.</summary>
    Fixed,

    /// <summary>The threshold maximizing Youden's J = sensitivity + specificity − 1 (Youden 1950).</summary>
    Youden,

    /// <summary>The highest threshold whose sensitivity reaches a target.</summary>
    Sensitivity,

    /// <summary>The threshold whose alert rate (share of rows flagged) comes closest to a target without exceeding it.</summary>
    AlertRate,
}

/// <summary>A threshold rule as given on the command line: "0.5", "youden", "sensitivity:0.85" or "alert-rate:0.1".</summary>
public sealed record ThresholdRule(ThresholdMethod Method, double Target)
{
    public string Name => Method switch
    {
        ThresholdMethod.Fixed => "fixed",
        ThresholdMethod.Youden => "youden",
        ThresholdMethod.Sensitivity => "sensitivity",
        _ => "alert-rate",
    };

    public override string ToString() => Method switch
    {
        ThresholdMethod.Fixed => Target.ToString("R", CultureInfo.InvariantCulture),
        ThresholdMethod.Youden => "youden",
        _ => $"{Name}:{Target.ToString("R", CultureInfo.InvariantCulture)}",
    };

    /// <summary>Parses a rule; throws an option error for <paramref name="option"/> (a catalogue key) when it is not one of the four forms.</summary>
    public static ThresholdRule Parse(string? text, string option = "threshold")
    {
        var s = (text ?? "0.5").Trim();
        if (s.Equals("youden", StringComparison.OrdinalIgnoreCase)) return new ThresholdRule(ThresholdMethod.Youden, double.NaN);
        var colon = s.IndexOf(':');
        if (colon > 0)
        {
            var name = s[..colon].Trim().ToLowerInvariant();
            var method = name switch
            {
                "sensitivity" or "sens" => ThresholdMethod.Sensitivity,
                "alert-rate" or "alert_rate" => ThresholdMethod.AlertRate,
                _ => throw VigilException.Option(option, $"'{text}': expected a number in [0, 1], youden, sensitivity:TARGET or alert-rate:TARGET"),
            };
            if (!double.TryParse(s[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var target) || !(target > 0 && target <= 1))
                throw VigilException.Option(option, $"'{text}': the target must be a number in (0, 1]");
            return new ThresholdRule(method, target);
        }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !(t >= 0 && t <= 1))
            throw VigilException.Option(option, $"'{text}': expected a number in [0, 1], youden, sensitivity:TARGET or alert-rate:TARGET");
        return new ThresholdRule(ThresholdMethod.Fixed, t);
    }
}
