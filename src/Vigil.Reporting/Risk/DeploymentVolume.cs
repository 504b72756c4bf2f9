using Vigil.Core;

namespace Vigil.Reporting.Risk;

/// <summary>
/// The deployment a yearly estimate refers to: <see cref="PatientsPerYear"/> patients a year in the whole
/// population the model will score (not per group), of whom a fraction <see cref="Prevalence"/> have the
/// condition. A group's share of those positive patients is taken from the audit (its positives over all
/// positives), so the yearly figure assumes the deployed case mix resembles the audited one.
/// </summary>
public sealed record DeploymentVolume(double PatientsPerYear, double Prevalence)
{
    /// <summary>Checks the options: both or neither, volume positive, prevalence in (0, 1].</summary>
    public static DeploymentVolume? FromOptions(double? volume, double? prevalence)
    {
        if (volume is null && prevalence is null) return null;
        if (volume is null || prevalence is null)
            throw VigilException.Option("volume", "and the prevalence go together: give both or neither");
        if (!(volume > 0) || double.IsInfinity(volume.Value))
            throw VigilException.Option("volume", $"{volume}: expected a positive number of patients per year");
        if (!(prevalence > 0 && prevalence <= 1))
            throw VigilException.Option("prevalence", $"{prevalence}: expected a proportion in (0, 1], e.g. 0.12");
        return new DeploymentVolume(volume.Value, prevalence.Value);
    }

    /// <summary>Positive patients a year in a group holding <paramref name="groupPositives"/> of <paramref name="allPositives"/> audited positives.</summary>
    public double PositivesPerYear(int groupPositives, int allPositives) =>
        PatientsPerYear * Prevalence * groupPositives / allPositives;
}
