using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.Reference;
using Vigil.Monitoring.Registration;

namespace Vigil.Monitoring.Client;

/// <summary>
/// The options of `vigil monitor register`: the labelled reference file and its columns, the model's identity and
/// intended use, how predictions are grouped (protected attributes with bands and reference groups), the watched
/// features, the decision threshold, when labels mature, and the small-cell threshold.
/// </summary>
public sealed record RegisterOptions(
    string ReferenceData,
    ReferenceColumns Columns,
    double Threshold,
    IReadOnlyList<ProtectedSpec> Protected,
    IReadOnlyList<string> Features,
    string Id,
    string Version,
    string IntendedUse,
    OutcomeDefinition Outcome,
    int MinCell);

/// <summary>
/// `vigil monitor register` as a job: summarises the reference file into the registration's reference profile
/// (<see cref="ReferenceProfileBuilder"/>: group counts, feature and score bins, prevalence; no rows), takes the default
/// monitors tuned to that reference (<see cref="RegistrationDefaults.Settings"/>: e.g. the CUSUM's target is the
/// reference FNR + 0.10), and validates the whole registration before anyone stores it.
/// (In Vigil.Monitoring rather than Vigil.Application: the reference profile and the defaults live here.)
/// </summary>
public static class RegisterJob
{
    public static ModelRegistration Build(RegisterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.ReferenceData)) throw VigilException.Option("reference_data", $"{options.ReferenceData}: no such file");
        var profile = ReferenceProfileBuilder.Build(options.ReferenceData, options.Columns, options.Protected, options.Features, options.Threshold);
        var registration = new ModelRegistration(
            ModelRegistration.SchemaName,
            options.Id,
            options.Version,
            options.IntendedUse,
            options.Protected,
            options.Features,
            options.Threshold,
            options.Outcome,
            options.MinCell,
            RegistrationDefaults.Settings(profile),
            profile);
        try
        {
            RegistrationValidator.Validate(registration);
        }
        catch (VigilException e) when (e.Parameter is { } p && OptionOf.TryGetValue(p, out var option))
        {
            throw VigilException.Option(option, e.Template);
        }
        return registration;
    }

    /// <summary>The validator's field names whose option is named otherwise (the registration's "id" is --model-id).</summary>
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        ["id"] = "model_id",
        ["version"] = "model_version",
        ["positive_kind"] = "outcome_kind",
        ["name"] = "protected",
        ["watched_features"] = "features",
        ["reference_group"] = "reference",
    };
}
