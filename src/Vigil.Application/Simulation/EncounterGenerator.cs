namespace Vigil.Application.Simulation;

/// <summary>
/// Draws encounters (pure: a function of the seed and the index): arrival times with the diurnal profile, demographics,
/// comorbidities, a latent acuity, vitals and labs with their missingness, and the draws the workflow uses later.
/// Every distribution and its source is in <see cref="SepsisWorld"/> and docs/simulation.md.
/// </summary>
public static class EncounterGenerator
{
    private const long EncounterStream = 1, DayStream = 2;

    /// <summary>The arrival times (hours from the start) of day <paramref name="day"/>'s <paramref name="count"/> encounters, sorted.</summary>
    public static double[] ArrivalHours(long seed, int day, int count)
    {
        var r = new SimRandom(SimRandom.Mix(seed, DayStream, day));
        Span<double> weights = stackalloc double[24];
        var total = 0.0;
        for (var h = 0; h < 24; h++)
        {
            weights[h] = 1 + SepsisWorld.DiurnalAmplitude * Math.Cos(2 * Math.PI * (h + 0.5 - SepsisWorld.DiurnalPeakHour) / 24);
            total += weights[h];
        }
        for (var h = 0; h < 24; h++) weights[h] /= total;
        var times = new double[count];
        for (var i = 0; i < count; i++) times[i] = day * 24.0 + r.Pick(weights) + r.Uniform();
        Array.Sort(times);
        return times;
    }

    /// <summary>Encounter <paramref name="index"/> of a run, arriving at <paramref name="arrivalHours"/>.</summary>
    public static SimulatedEncounter Draw(long seed, int index, double arrivalHours)
    {
        var r = new SimRandom(SimRandom.Mix(seed, EncounterStream, index));
        var band = r.Pick(SepsisWorld.AgeBandShares);
        var age = band switch
        {
            0 => 18 + (int)(27 * r.Uniform()),
            1 => 45 + (int)(20 * r.Uniform()),
            _ => 65 + (int)(31 * Math.Pow(r.Uniform(), 1.4)),
        };
        var sex = r.Chance(SepsisWorld.FemaleShare) ? "F" : "M";
        var race = SepsisWorld.RaceLevels[r.Pick(SepsisWorld.RaceShares)];
        var payer = SepsisWorld.PayerLevels[r.Pick(band == 2 ? SepsisWorld.PayerShares65 : SepsisWorld.PayerSharesUnder65)];
        var site = SepsisWorld.Sites[(int)(r.Uniform() * SepsisWorld.Sites.Length)];
        var icu = r.Chance(SepsisWorld.IcuShare);
        var hf = r.Chance(SepsisWorld.HeartFailureByBand[band]);
        var esrd = r.Chance(SepsisWorld.EsrdByBand[band]);
        var older = band == 2;
        var acuity = r.Normal() + (icu ? SepsisWorld.IcuAcuityShift : 0) + (older ? SepsisWorld.OlderAcuityShift : 0);

        // True physiology (rounded as charted).
        var hr = Math.Round(Math.Clamp(84 + 11 * acuity + r.Normal(0, 12), 35, 190));
        var rr = Math.Round(Math.Clamp(18 + 2.8 * acuity + r.Normal(0, 2.5), 8, 48));
        var temp = r.Chance(0.12) && acuity > 1
            ? 36.9 - 0.5 * Math.Abs(acuity) + r.Normal(0, 0.4)
            : 36.9 + 0.35 * acuity + r.Normal(0, 0.45);
        temp = Math.Round(Math.Clamp(temp, 33, 42), 1);
        var sbp = Math.Round(Math.Clamp(132 - 11 * acuity + (older ? 6 : 0) + r.Normal(0, 18), 55, 230));
        var dbp = Math.Clamp(0.5 * sbp + 10 + r.Normal(0, 8), 30, 130);
        var map = Math.Round((sbp + 2 * dbp) / 3);
        var wbc = Math.Round(Math.Clamp(8.5 * Math.Exp(0.22 * acuity + r.Normal(0, 0.33)), 0.5, 60), 1);
        var lactate = Math.Round(Math.Clamp(1.3 * Math.Exp(0.32 * acuity + r.Normal(0, 0.35)), 0.3, 20), 1);
        var creatinine = esrd
            ? Math.Round(Math.Clamp(6 * Math.Exp(r.Normal(0, 0.3)), 2, 18), 2)
            : Math.Round(Math.Clamp((older ? 1.05 : 0.9) * Math.Exp(0.15 * acuity + r.Normal(0, 0.3)), 0.3, 12), 2);
        var trueFindings = SepsisModel.Findings(hr, rr, temp, sbp, wbc, lactate, creatinine, older);

        // What the chart holds at scoring time.
        var features = new double[SepsisModel.FeatureNames.Length];
        features[SepsisModel.Hr] = r.Chance(SepsisWorld.MissingHr) ? double.NaN : hr;
        features[SepsisModel.Rr] = r.Chance(SepsisWorld.MissingRr) ? double.NaN : rr;
        features[SepsisModel.Temp] = r.Chance(SepsisWorld.MissingTemp) ? double.NaN : temp;
        var bpMissing = r.Chance(SepsisWorld.MissingBp);
        features[SepsisModel.Sbp] = bpMissing ? double.NaN : sbp;
        features[SepsisModel.Map] = bpMissing ? double.NaN : map;
        features[SepsisModel.Wbc] = r.Chance(SepsisWorld.MissingWbc) ? double.NaN : wbc;
        features[SepsisModel.Lactate] = r.Chance(SepsisModel.Logistic(SepsisWorld.LactateOrderIntercept + SepsisWorld.LactateOrderSlope * acuity)) ? lactate : double.NaN;
        features[SepsisModel.Creatinine] = r.Chance(SepsisWorld.MissingCreatinine) ? double.NaN : creatinine;

        var prediction = arrivalHours + r.Uniform(SepsisWorld.LabTurnaroundMinHours, SepsisWorld.LabTurnaroundMaxHours);
        var onset = Math.Clamp(r.LogNormal(SepsisWorld.OnsetMedianHours, SepsisWorld.OnsetLogSd), SepsisWorld.OnsetMinHours, SepsisWorld.OnsetMaxHours);
        double? transfer = r.Chance(SepsisWorld.TransferShare) ? r.Uniform(SepsisWorld.TransferMinHours, SepsisWorld.TransferMaxHours) : null;
        return new SimulatedEncounter
        {
            Index = index,
            ArrivalHours = arrivalHours,
            PredictionHours = prediction,
            Age = age,
            AgeBand = band,
            Sex = sex,
            Race = race,
            Payer = payer,
            Site = site,
            Unit = icu ? "ICU" : "ED",
            HeartFailure = hf,
            Esrd = esrd,
            Acuity = acuity,
            Features = features,
            TrueFindings = trueFindings,
            Unobserved = r.Normal(),
            OnsetDraw = r.Uniform(),
            ModelNoise = r.Normal(),
            OnsetDelayHours = onset,
            RecordDelayHours = r.Uniform(SepsisWorld.RecordDelayMinHours, SepsisWorld.RecordDelayMaxHours),
            TransferDelayHours = transfer,
            ActionDraw = r.Uniform(),
            ReasonDraw = r.Uniform(),
            ActionSeconds = r.LogNormal(SepsisWorld.ActionMedianSeconds, SepsisWorld.ActionLogSd),
            AvertDraw = r.Uniform(),
        };
    }
}
