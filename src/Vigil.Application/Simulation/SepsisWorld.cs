namespace Vigil.Application.Simulation;

/// <summary>
/// The simulated hospital population and its physiology: every constant of the encounter generator, with where it comes
/// from (docs/simulation.md has the table with the full citations). Values marked "assumption" are not taken from a
/// publication; they were chosen to look like an adult ED/ICU stream and are there to be changed.
/// </summary>
public static class SepsisWorld
{
    // ---- demographics ---------------------------------------------------------------------------------------------

    /// <summary>Shares of the age bands 18-44, 45-64 and 65+ among adult hospital encounters (rounded from HCUP Fast Stats: adults 65+ account for about 40% of adult stays).</summary>
    public static readonly double[] AgeBandShares = [0.27, 0.33, 0.40];

    /// <summary>Age band edges as registered (`--bands age=45,65`): "&lt;45", "45-64", "&gt;=65".</summary>
    public static readonly double[] AgeBandEdges = [45, 65];

    /// <summary>Band labels in order (as Vigil.Data.Bands labels them).</summary>
    public static readonly string[] AgeBandLabels = ["<45", "45-64", ">=65"];

    /// <summary>Share of women (about half of adult non-maternal stays; assumption rounded to 0.5).</summary>
    public const double FemaleShare = 0.50;

    /// <summary>Race and ethnicity levels.</summary>
    public static readonly string[] RaceLevels = ["white", "black", "hispanic", "asian", "other"];

    /// <summary>Their shares (rounded from the 2020 US Census adult population; hospital mixes vary by site).</summary>
    public static readonly double[] RaceShares = [0.60, 0.14, 0.16, 0.05, 0.05];

    /// <summary>Payer levels.</summary>
    public static readonly string[] PayerLevels = ["medicare", "medicaid", "private", "self_pay"];

    /// <summary>Payer shares under 65 (rounded from HCUP's expected-payer distribution of non-elderly adult stays).</summary>
    public static readonly double[] PayerSharesUnder65 = [0.10, 0.28, 0.48, 0.14];

    /// <summary>Payer shares at 65 and over (Medicare covers almost every older adult; rounded from HCUP).</summary>
    public static readonly double[] PayerShares65 = [0.86, 0.04, 0.08, 0.02];

    /// <summary>Sites of the health system (the stream is split evenly; assumption).</summary>
    public static readonly string[] Sites = ["site-a", "site-b", "site-c", "site-d"];

    /// <summary>Share of encounters scored in the ICU rather than the ED (assumption).</summary>
    public const double IcuShare = 0.20;

    // ---- comorbidities (the protocol's contraindications) -----------------------------------------------------

    /// <summary>Heart failure prevalence by age band (assumption in the range of Elixhauser CHF rates among inpatients: about 2%, 8%, 20%).</summary>
    public static readonly double[] HeartFailureByBand = [0.02, 0.08, 0.20];

    /// <summary>End-stage renal disease by age band (assumption; USRDS: dialysis patients are a few percent of adult stays).</summary>
    public static readonly double[] EsrdByBand = [0.01, 0.03, 0.03];

    // ---- physiology: latent acuity A ~ N(0, 1) + shifts, then vitals and labs ------------------------------------

    /// <summary>Acuity shift of ICU encounters (assumption).</summary>
    public const double IcuAcuityShift = 0.8;

    /// <summary>Acuity shift at 65 and over (assumption).</summary>
    public const double OlderAcuityShift = 0.2;

    /// <summary>Missing shares of heart rate, respiratory rate, temperature, blood pressure, WBC and creatinine (assumption: vitals nearly complete at triage, labs often pending).</summary>
    public const double MissingHr = 0.01, MissingRr = 0.02, MissingTemp = 0.04, MissingBp = 0.015, MissingWbc = 0.08, MissingCreatinine = 0.08;

    /// <summary>Lactate is measured with probability logistic(<see cref="LactateOrderIntercept"/> + <see cref="LactateOrderSlope"/> × acuity): ordered mostly for sicker patients (assumption; about 40% measured overall).</summary>
    public const double LactateOrderIntercept = -0.5, LactateOrderSlope = 1.1;

    // ---- the truth: untreated sepsis risk ------------------------------------------------------------------------

    /// <summary>
    /// Log-odds weights of the qSOFA/SIRS-like findings in the untreated sepsis risk, in the order of <see cref="SepsisModel.FindingNames"/>:
    /// RR ≥ 22 and SBP ≤ 100 (qSOFA, Seymour et al. JAMA 2016), HR &gt; 90, temperature &gt; 38 or &lt; 36 °C and WBC &gt; 12 or &lt; 4
    /// (SIRS, Bone et al. Chest 1992), lactate ≥ 2 and ≥ 4 mmol/L (Sepsis-3 septic shock criterion and the SSC 4 mmol/L
    /// resuscitation trigger), creatinine ≥ 2.0 mg/dL (SOFA renal ≥ 2) and age ≥ 65. The magnitudes are assumptions of
    /// the order of the odds ratios those papers report (0.5 to 1.0 per criterion); the intercept and the unobserved
    /// term's spread are solved (<see cref="SepsisCalibration"/>) for the target prevalence and AUROC.
    /// </summary>
    public static readonly double[] FindingWeights = [0.8, 0.8, 0.5, 0.6, 0.6, 0.7, 0.7, 0.5, 0.4];

    // ---- workflow ---------------------------------------------------------------------------------------------------

    /// <summary>Hours from arrival to the scored prediction (labs back): uniform in [0.5, 2.5] (assumption).</summary>
    public const double LabTurnaroundMinHours = 0.5, LabTurnaroundMaxHours = 2.5;

    /// <summary>Relative arrival intensity by hour: 1 + amplitude × cos(2π (h − peak) / 24); ED arrivals peak in the afternoon and fall to about a third of the peak overnight.</summary>
    public const double DiurnalAmplitude = 0.5, DiurnalPeakHour = 14;

    /// <summary>Sepsis onset after the prediction: log-normal with median 18 h and log-sd 0.7, kept in [6, 72] h (the 6-72 h; assumption for the shape).</summary>
    public const double OnsetMedianHours = 18, OnsetLogSd = 0.7, OnsetMinHours = 6, OnsetMaxHours = 72;

    /// <summary>An onset is recorded (the outcome event arrives) 1 to 12 h after it happens (retrospective surveillance; assumption).</summary>
    public const double RecordDelayMinHours = 1, RecordDelayMaxHours = 12;

    /// <summary>Share of encounters transferred out within 72 h (censoring), at a uniform time in [2, 72] h (assumption).</summary>
    public const double TransferShare = 0.03, TransferMinHours = 2, TransferMaxHours = 72;

    /// <summary>Median seconds from alert to a clinician's action (log-normal, log-sd 0.8; assumption).</summary>
    public const double ActionMedianSeconds = 900, ActionLogSd = 0.8;

    /// <summary>An ignored alert is recorded as ignored when it expires, this many seconds after it fired (assumption).</summary>
    public const double IgnoredAfterSeconds = 3600;
}
