using System.Collections.Concurrent;

namespace Vigil.Application.Simulation;

/// <summary>
/// The solved constants of a preset, from a fixed development sample of <see cref="PilotSize"/> encounters (seed
/// <see cref="PilotSeed"/>; the same for every run, so the constants are too):
/// <list type="number">
/// <item>the world: the untreated risk is logistic(θ₀ + true findings + σᵤ·U), U ~ N(0, 1) what the chart does not show;
/// σᵤ is solved so that the default model's AUROC against untreated onset is the default preset's target (0.80), and
/// θ₀ so that the onset rate is the target prevalence (bisection on each; the AUROC falls as σᵤ grows);</item>
/// <item>the model: its noise σ is 0 for the default preset and solved for the poor model's AUROC (0.63); its intercept
/// and slope are the logistic recalibration (Newton-Raphson maximum likelihood) of its findings on the sample's
/// untreated outcomes, as a developer calibrates on development data;</item>
/// <item>the threshold: the score quantile that alerts on the target share of encounters.</item>
/// </list>
/// The pilot's baseline FNR per group is kept for the fnr-rise injection.
/// </summary>
public sealed class SepsisCalibration
{
    public const long PilotSeed = 20_170_101;
    public const int PilotSize = 60_000;

    private static readonly ConcurrentDictionary<SepsisPreset, Lazy<SepsisCalibration>> Cache = new();
    private static readonly Lazy<(double Intercept, double UnobservedSd, SimulatedEncounter[] Pilot)> World = new(SolveWorld);

    private SepsisCalibration(double worldIntercept, double unobservedSd, ModelCalibration model, SimulatedEncounter[] pilot, bool[] onset, double[] scores)
    {
        WorldIntercept = worldIntercept;
        UnobservedSd = unobservedSd;
        Model = model;
        _pilot = pilot;
        _onset = onset;
        _scores = scores;
        PilotPrevalence = Mean(onset);
        PilotAuroc = Auroc(scores, onset);
        var alerts = 0;
        foreach (var s in scores) if (s >= model.Threshold) alerts++;
        PilotAlertRate = (double)alerts / scores.Length;
        PilotSensitivity = 1 - BaselineFnr(_ => true);
    }

    private readonly SimulatedEncounter[] _pilot;
    private readonly bool[] _onset;
    private readonly double[] _scores;

    /// <summary>θ₀, the world's intercept.</summary>
    public double WorldIntercept { get; }
    /// <summary>σᵤ, the spread of the risk the chart does not show.</summary>
    public double UnobservedSd { get; }
    public ModelCalibration Model { get; }
    public double PilotPrevalence { get; }
    public double PilotAuroc { get; }
    public double PilotAlertRate { get; }
    public double PilotSensitivity { get; }

    /// <summary>The constants of a preset (solved once per process).</summary>
    public static SepsisCalibration For(SepsisPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return Cache.GetOrAdd(preset, p => new Lazy<SepsisCalibration>(() => Solve(p))).Value;
    }

    /// <summary>The untreated risk of an encounter.</summary>
    public double TrueRisk(SimulatedEncounter e) => SepsisModel.Logistic(WorldIntercept + e.TrueFindings + UnobservedSd * e.Unobserved);

    /// <summary>The untreated FNR of the model at its threshold among the pilot's septic encounters of a group.</summary>
    public double BaselineFnr(Func<SimulatedEncounter, bool> member)
    {
        ArgumentNullException.ThrowIfNull(member);
        int positives = 0, missed = 0;
        for (var i = 0; i < _pilot.Length; i++)
        {
            if (!_onset[i] || !member(_pilot[i])) continue;
            positives++;
            if (_scores[i] < Model.Threshold) missed++;
        }
        return positives == 0 ? 0 : (double)missed / positives;
    }

    private static SepsisCalibration Solve(SepsisPreset preset)
    {
        var (intercept, sd, pilot) = World.Value;
        var onset = Onset(pilot, intercept, sd);
        var observed = pilot.Select(e => SepsisModel.Findings(e.Features, e.AgeBand == 2)).ToArray();
        var noise = 0.0;
        if (preset.TargetAuroc < SepsisPreset.Default.TargetAuroc)
        {
            // AUROC falls as the noise grows: bisection on [0, 20].
            double lo = 0, hi = 20;
            for (var k = 0; k < 40; k++)
            {
                var mid = (lo + hi) / 2;
                if (Auroc(Noisy(observed, pilot, mid), onset) > preset.TargetAuroc) lo = mid;
                else hi = mid;
            }
            noise = (lo + hi) / 2;
        }
        var x = Noisy(observed, pilot, noise);
        var (a, b) = Recalibrate(x, onset);
        var scores = new double[x.Length];
        for (var i = 0; i < x.Length; i++) scores[i] = SepsisModel.Logistic(a + b * x[i]);
        var sorted = (double[])scores.Clone();
        Array.Sort(sorted);
        var threshold = Math.Round(sorted[Math.Clamp((int)Math.Round((1 - preset.TargetAlertRate) * sorted.Length), 0, sorted.Length - 1)], 6);
        return new SepsisCalibration(intercept, sd, new ModelCalibration(a, b, noise, threshold), pilot, onset, scores);
    }

    private static (double, double, SimulatedEncounter[]) SolveWorld()
    {
        var pilot = new SimulatedEncounter[PilotSize];
        for (var i = 0; i < PilotSize; i++) pilot[i] = EncounterGenerator.Draw(PilotSeed, i, 0);
        var observed = pilot.Select(e => SepsisModel.Findings(e.Features, e.AgeBand == 2)).ToArray();
        var target = SepsisPreset.Default;
        double lo = 0, hi = 6;
        double intercept = 0;
        for (var k = 0; k < 30; k++)
        {
            var mid = (lo + hi) / 2;
            intercept = InterceptFor(pilot, mid, target.TargetPrevalence);
            if (Auroc(observed, Onset(pilot, intercept, mid)) > target.TargetAuroc) lo = mid;
            else hi = mid;
        }
        var sd = (lo + hi) / 2;
        return (InterceptFor(pilot, sd, target.TargetPrevalence), sd, pilot);
    }

    private static double InterceptFor(SimulatedEncounter[] pilot, double sd, double prevalence)
    {
        double lo = -20, hi = 5;
        for (var k = 0; k < 50; k++)
        {
            var mid = (lo + hi) / 2;
            if (Mean(Onset(pilot, mid, sd)) < prevalence) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    private static bool[] Onset(SimulatedEncounter[] pilot, double intercept, double sd)
    {
        var y = new bool[pilot.Length];
        for (var i = 0; i < pilot.Length; i++)
            y[i] = pilot[i].OnsetDraw < SepsisModel.Logistic(intercept + pilot[i].TrueFindings + sd * pilot[i].Unobserved);
        return y;
    }

    private static double[] Noisy(double[] observed, SimulatedEncounter[] pilot, double sd)
    {
        var x = new double[observed.Length];
        for (var i = 0; i < x.Length; i++) x[i] = observed[i] + sd * pilot[i].ModelNoise;
        return x;
    }

    private static double Mean(bool[] y)
    {
        var n = 0;
        foreach (var v in y) if (v) n++;
        return (double)n / y.Length;
    }

    /// <summary>
    /// Maximum-likelihood intercept and slope of logit P(y) = a + b·x: Newton-Raphson on the standardised x from
    /// a = logit(mean y), b = 0, halving a step that would lower the log-likelihood (the likelihood is concave).
    /// </summary>
    public static (double A, double B) Recalibrate(double[] x, bool[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        double mean = 0, sq = 0;
        foreach (var v in x) mean += v;
        mean /= x.Length;
        foreach (var v in x) sq += (v - mean) * (v - mean);
        var sd = Math.Sqrt(sq / x.Length);
        if (!(sd > 0)) sd = 1;
        var z = new double[x.Length];
        for (var i = 0; i < x.Length; i++) z[i] = (x[i] - mean) / sd;
        var m = Mean(y);
        double a = Math.Log(m / (1 - m)), b = 0;
        var ll = LogLikelihood(z, y, a, b);
        for (var iter = 0; iter < 100; iter++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (var i = 0; i < z.Length; i++)
            {
                var p = SepsisModel.Logistic(a + b * z[i]);
                var r = (y[i] ? 1 : 0) - p;
                var w = p * (1 - p);
                ga += r;
                gb += r * z[i];
                haa += w;
                hab += w * z[i];
                hbb += w * z[i] * z[i];
            }
            var det = haa * hbb - hab * hab;
            if (!(det > 0)) break;
            var da = (hbb * ga - hab * gb) / det;
            var db = (haa * gb - hab * ga) / det;
            var step = 1.0;
            double na = a + da, nb = b + db, nll = LogLikelihood(z, y, na, nb);
            while (nll < ll && step > 1e-6)
            {
                step /= 2;
                na = a + step * da;
                nb = b + step * db;
                nll = LogLikelihood(z, y, na, nb);
            }
            var done = Math.Abs(na - a) + Math.Abs(nb - b) < 1e-10;
            (a, b, ll) = (na, nb, nll);
            if (done) break;
        }
        // Back to the original scale: a + b·(x − mean)/sd.
        return (a - b * mean / sd, b / sd);
    }

    private static double LogLikelihood(double[] z, bool[] y, double a, double b)
    {
        var ll = 0.0;
        for (var i = 0; i < z.Length; i++)
        {
            var t = a + b * z[i];
            // log σ(t) = −log(1 + e^−t); log(1 − σ(t)) = −log(1 + e^t), computed stably.
            ll -= y[i] ? Softplus(-t) : Softplus(t);
        }
        return ll;
    }

    private static double Softplus(double t) => t > 30 ? t : Math.Log(1 + Math.Exp(t));

    /// <summary>AUROC with ties counted half (Mann-Whitney over mid-ranks).</summary>
    public static double Auroc(double[] scores, bool[] labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort((double[])scores.Clone(), order);
        double rankSum = 0;
        long positives = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]]) j++;
            var midRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
                if (labels[order[k]]) { rankSum += midRank; positives++; }
            i = j + 1;
        }
        var negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }
}
