using System.Globalization;

namespace Vigil.Core.Drift.Sequential;

/// <summary>
/// Parameters of the four stream detectors (standardised units), settable as NAME.PARAM=VALUE:
/// cusum.k, cusum.h, ewma.lambda, ewma.L, ph.delta, ph.lambda, adwin.delta. Raising cusum.h, ewma.L or ph.lambda,
/// or lowering adwin.delta, lengthens the in-control ARL₀ (fewer false alarms) at the cost of slower detection.
/// </summary>
public sealed record DetectorSettings(
    double CusumK = 0.5, double CusumH = 8.0,
    double EwmaLambda = 0.2, double EwmaL = 3.5,
    double PageHinkleyDelta = 0.1, double PageHinkleyLambda = 25,
    double AdwinDelta = 0.002)
{
    /// <summary>Factories for the four detectors on standardised values (mean 0, sd 1).</summary>
    public IReadOnlyList<Func<ISequentialDetector>> Detectors() =>
    [
        () => new Cusum(0, 1, CusumK, CusumH),
        () => new EwmaChart(0, 1, EwmaLambda, EwmaL),
        () => new PageHinkley(PageHinkleyDelta, PageHinkleyLambda),
        () => new Adwin(AdwinDelta),
    ];

    /// <summary>Applies NAME.PARAM=VALUE settings to the defaults; unknown names or bad values are usage errors.</summary>
    public static DetectorSettings Parse(IEnumerable<string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var s = new DetectorSettings();
        foreach (var setting in settings)
        {
            var eq = setting.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(setting[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0) || !double.IsFinite(v))
                throw VigilException.Option("detector", $"'{setting}' is not NAME.PARAM=POSITIVE_NUMBER");
            s = setting[..eq] switch
            {
                "cusum.k" => s with { CusumK = v },
                "cusum.h" => s with { CusumH = v },
                "ewma.lambda" when v <= 1 => s with { EwmaLambda = v },
                "ewma.L" => s with { EwmaL = v },
                "ph.delta" => s with { PageHinkleyDelta = v },
                "ph.lambda" => s with { PageHinkleyLambda = v },
                "adwin.delta" when v < 1 => s with { AdwinDelta = v },
                _ => throw VigilException.Option("detector",
                    $"unknown or out-of-range setting '{setting}'; expected cusum.k, cusum.h, ewma.lambda (<= 1), ewma.L, ph.delta, ph.lambda, adwin.delta (< 1)"),
            };
        }
        return s;
    }
}
