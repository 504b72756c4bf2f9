namespace Vigil.Core.Drift.Sequential;

/// <summary>
/// A change detector fed one observation at a time (a value, or a 0/1 outcome). <see cref="Update"/> returns true
/// when the detector alarms; after an alarm the caller decides whether to <see cref="Reset"/> it.
/// </summary>
public interface ISequentialDetector
{
    /// <summary>Short name with parameters, for reports.</summary>
    string Name { get; }

    /// <summary>Adds one observation; true when the detector signals a change.</summary>
    bool Update(double value);

    /// <summary>Forgets everything seen so far.</summary>
    void Reset();
}
