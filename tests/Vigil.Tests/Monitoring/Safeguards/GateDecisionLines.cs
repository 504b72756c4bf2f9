using Vigil.Application.Governance;
using Vigil.Tests.Governance;

namespace Vigil.Tests.Monitoring.Safeguards;

/// <summary>
/// Real decision-log lines written by the gate job: the mission policy on the synthetic cohort with a large 65+ FNR gap
/// (fails fnr-gap-65, whose safeguard is the manual review of 65+ patients), decided at <see cref="GateFixtures.Now"/>.
/// </summary>
internal static class GateDecisionLines
{
    private static readonly Lazy<string> Failing = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "vigil-safeguard-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var log = Path.Combine(folder, "gate-decisions.jsonl");
        GateJob.Run(new GateJobOptions
        {
            Policy = GateFixtures.Policy("age-stratified-validation.yaml"),
            Audit = GateFixtures.Gap.File,
            Decisions = log,
            Clock = new GateFixtures.FixedClock(GateFixtures.Now),
        });
        var line = File.ReadAllLines(log).Single();
        Directory.Delete(folder, recursive: true);
        return line;
    });

    /// <summary>The decision line of the failing gate (one safeguard: fnr-gap-65 on "age = >=65", until 2027-06-30).</summary>
    public static string FailingMission => Failing.Value;
}
