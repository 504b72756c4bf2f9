namespace Vigil.Application.Governance;

/// <summary>
/// What one monitoring window (or a period from the store) holds for the rules the batch gate reads from other files:
/// calibration per group instead of a validation, drift of the watched features instead of a drift result. Filled by the
/// monitoring service (<c>PolicyMonitor</c>); a rule the window cannot judge is a skipped check that says why, never
/// silently left out.
/// </summary>
/// <param name="Source">What the window is ("monitor:MODEL@VERSION window to …"), named in every check's evidence.</param>
/// <param name="Calibration">O and E for all patients and every group of the settled hours (empty: no settled hours).</param>
/// <param name="Drift">The watched features' PSI against the reference, or null when the window has none.</param>
/// <param name="NoDriftReason">Why <paramref name="Drift"/> is null (e.g. no reference profile), for the skipped check.</param>
public sealed record WindowEvidence(string Source, IReadOnlyList<WindowCalibration> Calibration, WindowDrift? Drift, string NoDriftReason);

/// <summary>
/// Calibration-in-the-large of one group in a window: O/E = matured positives / Σ score of the matured predictions, with
/// Byar's Poisson interval of O divided by E (<paramref name="CiLow"/>, <paramref name="CiHigh"/>); <paramref name="Oe"/>
/// null when E is 0 or the value is not shown. <paramref name="Group"/> is the level an exception names (null for all
/// patients); <paramref name="NotJudged"/> says why the window cannot judge the group (e.g. fewer matured predictions
/// than the registration's minimum), null when it can.
/// </summary>
public sealed record WindowCalibration(string Subject, string? Group, double? Oe, double? CiLow, double? CiHigh, long? Matured, string? NotJudged);

/// <summary>
/// The watched features of a window: PSI against the reference profile per feature, judged drifted above
/// <paramref name="PsiMax"/> (the registration's drift monitor), with at least the drift monitor's minimum rows
/// (<see cref="WindowDriftColumn.Psi"/> null below it); the dataset drifts when the share of drifted judged features is at
/// least <paramref name="ShareThreshold"/> (as `vigil drift`, default 0.5).
/// </summary>
public sealed record WindowDrift(IReadOnlyList<WindowDriftColumn> Columns, double PsiMax, double ShareThreshold);

/// <summary>One watched feature: its PSI over <paramref name="Rows"/> non-missing values (null: too few rows to judge).</summary>
public sealed record WindowDriftColumn(string Column, double? Psi, long Rows);
