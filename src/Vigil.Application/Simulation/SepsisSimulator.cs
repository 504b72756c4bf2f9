namespace Vigil.Application.Simulation;

/// <summary>
/// The sepsis workflow simulator (pure: the result is a function of the settings). Per encounter: draw the patient
/// (<see cref="EncounterGenerator"/>), apply feature shifts, score with the preset's model (<see cref="SepsisModel"/>),
/// decide untreated onset from the true risk, fire the alert at the threshold, apply FNR rises and outages, draw the
/// clinician's action (group-dependent override rates, coded reasons), start treatment on an accepted alert (which
/// averts onset with the preset's probability when it comes before onset: the feedback loop), then record the outcomes
/// (onset 6-72 h later, transfers that censor) and any label-definition change.
/// </summary>
public static class SepsisSimulator
{
    private const long InjectionStream = 100;

    /// <summary>The override reason codes.</summary>
    public static readonly string[] OverrideReasons = ["not-infected", "already-treating", "goals-of-care", "contraindication", "other"];

    /// <summary>Runs the stream of the settings (days from the start).</summary>
    public static SimulationRun Run(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var encounters = Simulate(settings.Seed, settings.Days, settings.EncountersPerDay, settings.Preset, settings.Injections);
        return new SimulationRun(settings, encounters, SepsisCalibration.For(settings.Preset));
    }

    /// <summary>The reference period: <see cref="SimulationSettings.ReferenceDays"/> days before the start, from a seed derived from the run's, without injections.</summary>
    public static SimulationRun Reference(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var reference = settings with
        {
            Days = settings.ReferenceDays,
            Seed = (long)(SimRandom.Mix(settings.Seed, 7_777, 0) >> 1),
            Injections = [],
            Start = settings.Start.AddDays(-settings.ReferenceDays),
        };
        return Run(reference);
    }

    /// <summary>Every encounter of the run, in arrival order, with the workflow applied.</summary>
    public static List<SimulatedEncounter> Simulate(long seed, int days, int perDay, SepsisPreset preset, IReadOnlyList<Injection> injections)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(injections);
        var calibration = SepsisCalibration.For(preset);
        var q = new double[injections.Count];
        for (var k = 0; k < injections.Count; k++)
        {
            if (injections[k] is not FnrRise rise) continue;
            var fnr0 = calibration.BaselineFnr(e => InGroup(e, rise.Attribute, rise.Level));
            q[k] = fnr0 >= 1 ? 0 : Math.Min(1, fnr0 * (rise.Factor - 1) / (1 - fnr0));
        }
        var list = new List<SimulatedEncounter>(days * perDay);
        for (var day = 0; day < days; day++)
        {
            var arrivals = EncounterGenerator.ArrivalHours(seed, day, perDay);
            for (var k = 0; k < perDay; k++)
            {
                var e = EncounterGenerator.Draw(seed, day * perDay + k, arrivals[k]);
                Apply(e, seed, preset, calibration, injections, q);
                list.Add(e);
            }
        }
        return list;
    }

    /// <summary>Whether an encounter belongs to a registered group (attribute and level as registered).</summary>
    public static bool InGroup(SimulatedEncounter e, string attribute, string level)
    {
        ArgumentNullException.ThrowIfNull(e);
        return attribute switch
        {
            "age" => SepsisWorld.AgeBandLabels[e.AgeBand] == level,
            "sex" => e.Sex == level,
            "race_ethnicity" => e.Race == level,
            "payer" => e.Payer == level,
            _ => false,
        };
    }

    private static void Apply(SimulatedEncounter e, long seed, SepsisPreset preset, SepsisCalibration calibration, IReadOnlyList<Injection> injections, double[] q)
    {
        var day = e.Day;
        var marks = new List<string>(0);
        foreach (var injection in injections)
        {
            if (injection is not FeatureShift shift || day < shift.FromDay) continue;
            var f = Array.IndexOf(SepsisModel.FeatureNames, shift.Feature);
            if (double.IsNaN(e.Features[f])) continue;
            e.Features[f] = Math.Round(e.Features[f] * shift.Scale + shift.Offset, 2);
            marks.Add(shift.Kind);
        }

        var model = calibration.Model;
        e.Score = Math.Round(SepsisModel.Score(SepsisModel.Findings(e.Features, e.AgeBand == 2), e.ModelNoise, model), 6); // as events carry it
        e.TrueRisk = calibration.TrueRisk(e);
        e.SepsisUntreated = e.OnsetDraw < e.TrueRisk;
        e.Alert = e.Score >= model.Threshold;

        for (var k = 0; k < injections.Count; k++)
        {
            switch (injections[k])
            {
                case FnrRise rise when day >= rise.FromDay && e.SepsisUntreated && e.Alert && InGroup(e, rise.Attribute, rise.Level):
                    var r = new SimRandom(SimRandom.Mix(seed, InjectionStream + k, e.Index));
                    if (r.Chance(q[k]))
                    {
                        e.Alert = false;
                        e.Score = Math.Round(model.Threshold * r.Uniform(0.6, 0.99), 6);
                        marks.Add(rise.Kind);
                    }
                    break;
                case Outage outage when e.PredictionHours >= outage.StartHours && e.PredictionHours < outage.StartHours + outage.Hours:
                    e.Emitted = false;
                    marks.Add(outage.Kind);
                    break;
            }
        }

        // The clinician's action on a shown alert.
        if (e.Emitted && e.Alert)
        {
            var contraindicated = e.HeartFailure || e.Esrd;
            var pContra = contraindicated ? preset.OverrideContraindicatedExtra : 0;
            var pOther = preset.OverrideBase + (e.AgeBand == 2 ? preset.OverrideOlderExtra : 0);
            var u = e.ActionDraw;
            if (u < pContra)
            {
                e.Action = ActionKind.Overridden;
                e.OverrideReason = "contraindication";
            }
            else if (u < pContra + pOther)
            {
                e.Action = ActionKind.Overridden;
                e.OverrideReason = Reason(e.ReasonDraw, e.AgeBand == 2);
            }
            else if (u < pContra + pOther + preset.IgnoreRate) e.Action = ActionKind.Ignored;
            else e.Action = ActionKind.Accepted;
        }

        // Treatment and the feedback loop.
        e.Treated = e.Action == ActionKind.Accepted;
        var treatmentHours = e.PredictionHours + e.ActionSeconds / 3600;
        var onsetHours = e.PredictionHours + e.OnsetDelayHours;
        e.Averted = e.SepsisUntreated && e.Treated && treatmentHours < onsetHours && e.AvertDraw < preset.AvertProbability;
        var onsetHappens = e.SepsisUntreated && !e.Averted;
        var transferFirst = e.TransferDelayHours is { } t && (!onsetHappens || t < e.OnsetDelayHours);
        e.OnsetRecorded = onsetHappens && !transferFirst;
        e.Censored = transferFirst;

        for (var k = 0; k < injections.Count; k++)
        {
            if (injections[k] is not LabelChange change || day < change.FromDay) continue;
            var r = new SimRandom(SimRandom.Mix(seed, InjectionStream + k, e.Index));
            var u = r.Uniform();
            if (e.OnsetRecorded && u < change.Drop)
            {
                e.OnsetRecorded = false;
                marks.Add(change.Kind);
            }
            else if (!e.SepsisUntreated && !e.Censored && u < change.Extra)
            {
                e.OnsetRecorded = true;
                marks.Add(change.Kind);
            }
        }
        e.Injected = string.Join(';', marks.Distinct());
    }

    /// <summary>A coded reason for an override that is not a contraindication: not infected 55%, already treating 20%, goals of care 15% at 65+ (5% under), other the rest (assumption).</summary>
    private static string Reason(double u, bool older)
    {
        if (u < 0.55) return "not-infected";
        if (u < 0.75) return "already-treating";
        if (u < (older ? 0.90 : 0.80)) return "goals-of-care";
        return "other";
    }
}
