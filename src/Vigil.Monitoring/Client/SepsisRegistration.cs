using Vigil.Application.Simulation;
using Vigil.Contracts.Monitoring;
using Vigil.Monitoring.Reference;
using Vigil.Monitoring.Registration;

namespace Vigil.Monitoring.Client;

/// <summary>
/// The registration of the simulated sepsis model (docs/simulation.md): the reference profile of a reference period's
/// file (<see cref="SimulationFiles.WriteReference"/>) and the default monitors, through the same builder as
/// `vigil monitor register` (<see cref="RegisterJob"/>). Used by `vigil simulate sepsis`, the sepsis demo and the tests.
/// </summary>
public static class SepsisRegistration
{
    /// <summary>The outcome: onset within 72 h, outcomes arriving up to 24 h after the window (the simulator records them within 12 h), transfers censor.</summary>
    public static readonly OutcomeDefinition Outcome = new("sepsis_onset", 72, 24, ["transfer_out"]);

    /// <summary>Protected attributes as registered: age banded at 45 and 65 with 45-64 as the gaps' reference, sex, race and ethnicity, payer.</summary>
    public static readonly IReadOnlyList<ProtectedSpec> Protected =
    [
        new("age", [.. SepsisWorld.AgeBandEdges], "45-64"),
        new("sex", null, null),
        new("race_ethnicity", null, null),
        new("payer", null, null),
    ];

    /// <summary>The simulated model's intended use, as a governance committee would read it.</summary>
    public const string IntendedUse = "Simulated: early warning of sepsis onset within 72 hours for adults in the ED and ICU, suggesting the sepsis bundle (lactate, blood cultures, broad-spectrum antibiotics, 30 mL/kg crystalloid unless heart failure or ESRD); decision support, not diagnosis.";

    /// <summary>The registration of <paramref name="settings"/>' model from the reference period written to <paramref name="referenceCsv"/>.</summary>
    public static ModelRegistration Build(SimulationSettings settings, string referenceCsv)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var calibration = SepsisCalibration.For(settings.Preset);
        return RegisterJob.Build(new RegisterOptions(referenceCsv, new ReferenceColumns("label", "score"), calibration.Model.Threshold,
            Protected, SepsisModel.FeatureNames, settings.ModelId, settings.Preset.ModelVersion, IntendedUse, Outcome, RegistrationDefaults.MinCell));
    }
}
