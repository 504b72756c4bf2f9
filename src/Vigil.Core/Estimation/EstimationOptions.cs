namespace Vigil.Core.Estimation;

/// <summary>Settings of a label-free performance estimate; the defaults are the documented ones (docs/estimation.md).</summary>
public sealed record EstimationOptions
{
    /// <summary>A prediction is positive when score ≥ threshold.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Bootstrap replicates of the intervals (0: no intervals).</summary>
    public int Bootstrap { get; init; } = StatisticalDefaults.Bootstrap;

    /// <summary>Seeds the folds, the domain model's subsample, and every bootstrap draw.</summary>
    public int Seed { get; init; } = StatisticalDefaults.Seed;

    /// <summary>Folds of the calibration choice and of the domain model's out-of-fold AUROC.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Interval level.</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>A group is calibrated on its own reference rows when it has at least this many…</summary>
    public int MinGroupCalibrationRows { get; init; } = 200;

    /// <summary>…and at least this many of each class; otherwise on all reference rows (said in its warnings).</summary>
    public int MinGroupCalibrationClassRows { get; init; } = 20;

    /// <summary>Groups with fewer current rows are small cells (flagged).</summary>
    public int MinCell { get; init; } = 11;

    /// <summary>Importance weighting is used when the domain AUROC reaches this and its lower interval bound exceeds 0.5.</summary>
    public double ShiftAuroc { get; init; } = 0.55;

    /// <summary>The estimate is unreliable when the domain AUROC reaches this (the files barely overlap).</summary>
    public double RefuseAuroc { get; init; } = 0.90;

    /// <summary>The estimate (or a group's) is unreliable when more than this share of current scores lies outside the reference's score range.</summary>
    public double MaxOutOfRangeShare { get; init; } = 0.01;

    /// <summary>The estimate is unreliable when the weighted reference's effective sample size falls below this share of its rows (or 100 rows).</summary>
    public double MinEffectiveShare { get; init; } = 0.05;

    /// <summary>Forces one calibration family everywhere (null: chosen by <see cref="CalibrationChoice"/> per calibration).</summary>
    public CalibrationMethod? Calibration { get; init; }

    /// <summary>Checks the ranges; errors name the catalogue key.</summary>
    public void Validate()
    {
        if (!(Threshold >= 0 && Threshold <= 1)) throw VigilException.Option("threshold", "expected a number in [0, 1]");
        if (Bootstrap is < 0 or > StatisticalDefaults.MaxResamples) throw VigilException.Option("bootstrap", $"{Bootstrap}: expected 0 to {StatisticalDefaults.MaxResamples}");
        if (Folds < 2) throw VigilException.Option("folds", $"{Folds}: expected at least 2");
        if (!(Level > 0 && Level < 1)) throw VigilException.Option("level", "expected a number between 0 and 1");
        if (MinCell < 0) throw VigilException.Option("min_cell", $"{MinCell}: expected a non-negative count");
    }
}
