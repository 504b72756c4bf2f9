using Vigil.Contracts.Estimation;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Estimation;
using Vigil.Monitoring.Windows;

namespace Vigil.Monitoring.Estimation;

/// <summary>
/// The reference calibration maps a registration carries (<see cref="ReferenceCalibration"/>): fitted at register time
/// on the labelled reference rows, by the same rule as `vigil estimate` (<see cref="CalibrationChoice"/>: isotonic or
/// Platt by 5-fold cross-validated Brier score), overall and for every group with at least
/// <see cref="EstimationOptions.MinGroupCalibrationRows"/> reference rows and
/// <see cref="EstimationOptions.MinGroupCalibrationClassRows"/> of each class; and back into a <see cref="ScoreCalibration"/>.
/// </summary>
public static class ReferenceCalibrationMaps
{
    /// <summary>The maps of loaded reference rows (scores required).</summary>
    public static IReadOnlyList<ReferenceCalibration> Build(AuditData data, int seed = StatisticalDefaults.Seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Scores is null) throw VigilException.Option("score", "the reference calibration needs the model's scores");
        var options = new EstimationOptions();
        var labels = new bool[data.Rows];
        for (var i = 0; i < labels.Length; i++) labels[i] = data.Labels[i] == 1;
        var maps = new List<ReferenceCalibration>();
        if (Fit(null, GroupTotals.OverallLevel, data.Scores, labels, options, seed, minimum: false) is { } overall) maps.Add(overall);
        foreach (var attribute in data.Attributes)
        {
            for (var code = 0; code < attribute.Levels.Length; code++)
            {
                var rows = new List<int>();
                for (var i = 0; i < attribute.Codes.Length; i++)
                    if (attribute.Codes[i] == code) rows.Add(i);
                var s = new double[rows.Count];
                var y = new bool[rows.Count];
                for (var k = 0; k < rows.Count; k++)
                {
                    s[k] = data.Scores[rows[k]];
                    y[k] = labels[rows[k]];
                }
                if (Fit(attribute.Name, attribute.Levels[code], s, y, options, seed, minimum: true) is { } map) maps.Add(map);
            }
        }
        return maps;
    }

    private static ReferenceCalibration? Fit(string? attribute, string level, double[] scores, bool[] labels, EstimationOptions options, int seed, bool minimum)
    {
        var positives = 0;
        foreach (var y in labels)
            if (y) positives++;
        var negatives = labels.Length - positives;
        var need = minimum ? options.MinGroupCalibrationClassRows : 1;
        if ((minimum && labels.Length < options.MinGroupCalibrationRows) || positives < need || negatives < need) return null;
        var choice = CalibrationChoice.Choose(scores, labels, [], options.Folds, seed);
        var calibration = ScoreCalibration.Fit(choice.Method, scores, labels, []);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var s in scores)
        {
            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }
        if (calibration is IsotonicCalibration iso)
        {
            var blocks = iso.Blocks;
            return new ReferenceCalibration(attribute, level, "isotonic", [.. blocks.Select(b => b.Low)], [.. blocks.Select(b => b.High)],
                [.. blocks.Select(b => b.Value)], null, null, min, max);
        }
        var platt = (PlattCalibration)calibration;
        return new ReferenceCalibration(attribute, level, "platt", [], [], [], platt.Intercept, platt.Slope, min, max);
    }

    /// <summary>The map as a calibration function.</summary>
    public static ScoreCalibration ToCalibration(ReferenceCalibration map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map.Method switch
        {
            "isotonic" => IsotonicCalibration.FromBlocks(map.Low, map.High, map.Value),
            "platt" when map.Intercept is { } a && map.Slope is { } b => PlattCalibration.Of(a, b),
            _ => throw VigilException.BadData($"reference calibration of {map.Attribute ?? "all rows"}={map.Level}: method '{map.Method}' needs its parameters (isotonic blocks or Platt intercept and slope)"),
        };
    }
}
