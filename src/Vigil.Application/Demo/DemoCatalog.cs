using Vigil.Core.Scan;

namespace Vigil.Application.Demo;

/// <summary>
/// The shipped demos. Each is a list of typed calls of the verbs over the example's files: run directly through the
/// application layer, and each the ordinary `vigil` command line a user would type to do the same (commands.sh in the
/// output folder shows them; DemoRunnerEquivalenceTests runs those lines and compares every file).
/// </summary>
public static class DemoCatalog
{
    private const string ReportDir = "{out}/report";

    public static IReadOnlyList<string> Names => [HeartDisease.Name, DiabetesReadmission.Name];

    public static DemoDefinition? Find(string name) => name switch
    {
        "heart-disease" => HeartDisease,
        "diabetes-readmission" => DiabetesReadmission,
        _ => null,
    };

    /// <summary>The same demo with the report step also printing report.pdf.</summary>
    public static DemoDefinition WithPdf(DemoDefinition demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var steps = new List<DemoStep>(demo.Steps.Count);
        foreach (var s in demo.Steps)
            steps.Add(s.Call is ReportCall report ? s with { Call = report with { Pdf = true } } : s);
        return demo with { Steps = steps };
    }

    private const string HeartFeatureList = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal";

    private static readonly string[] HeartFeatures = List(HeartFeatureList);

    private static readonly string[] HeartCategorical = List("cp,restecg,slope,ca,thal");

    /// <summary>The seed of every demo step that draws at random (folds, bootstrap, permutations, splits).</summary>
    private const int DemoSeed = 20261129;

    private static string[] List(string commaSeparated) => commaSeparated.Split(',');

    /// <summary>The heart demo's groups: sex, and age in three bands.</summary>
    private static DemoGroups HeartGroups => new(["sex", "age"]) { Bands = ["age=45,65"] };

    /// <summary>
    /// UCI Heart Disease: a model trained at Cleveland, audited there by sex and age, validated at Hungary,
    /// Switzerland and VA Long Beach, checked for drift to VA, post-processed for equal sensitivity, and reported.
    /// </summary>
    public static DemoDefinition HeartDisease { get; } = new(
        "heart-disease",
        "UCI Heart Disease (Cleveland, Hungary, Switzerland, VA Long Beach): is the model as safe for women as for men, and at other sites?",
        [
            new("Data audit of the four sites (composition, missingness, proxies, datasheet)",
                new DataAuditCall("UCI Heart Disease, four sites: data audit",
                    ["{example}/sites/processed.cleveland.data", "{example}/sites/processed.hungarian.data", "{example}/sites/processed.switzerland.data", "{example}/sites/processed.va.data"],
                    "num", HeartGroups with { References = [new("sex", "male")] }, "{out}/data-audit.json")
                {
                    SiteNames = ["cleveland", "hungary", "switzerland", "va_long_beach"],
                    Header = List(HeartFeatureList + ",num"),
                    PositiveLabel = ">0",
                    LevelNames = [("sex", [("0", "female"), ("1", "male")])],
                    Features = List("trestbps,chol,thalach,oldpeak,cp,fbs,restecg,exang,slope,ca,thal"),
                    Sentinels = [("chol", 0), ("trestbps", 0)],
                    ReferencePopulation = "{example}/sites/us-census-2020-sex.csv",
                    Datasheet = "{example}/datasheet.yaml",
                    DatasheetOut = "{out}/datasheet",
                }),
            new("Train a logistic model at Cleveland (stratified 5-fold out-of-fold scores, ML.NET zip and ONNX)",
                new TrainCall("{example}/heart-cleveland.csv", "disease", HeartFeatures, "{out}/model")
                {
                    Categorical = HeartCategorical, Learner = AnalysisDefaults.Learner, Folds = AnalysisDefaults.Folds, Seed = DemoSeed,
                    Threshold = AnalysisDefaults.ThresholdRule,
                }),
            new("Subgroup audit of the out-of-fold scores (FNR first, curves, 1,000 bootstrap replicates)",
                new AuditCall("{out}/model/predictions.csv", "disease", "score", HeartGroups with { Intersections = ["sex*age"] }, "{out}/audit.json")
                {
                    Bootstrap = 1000, Curves = true,
                }),
            new("External validation: trained at Cleveland, scored unchanged at Hungary, Switzerland and VA Long Beach",
                new ValidateCall("{example}/sites/heart-4sites.csv", "site", "cleveland", "disease", HeartFeatures, HeartGroups, "{out}/validation")
                {
                    Categorical = HeartCategorical, Seed = DemoSeed,
                }),
            new("Drift from Cleveland to VA Long Beach (features, score and label)",
                new DriftCall("{out}/validation/predictions-cleveland.csv", "{out}/validation/predictions-va_long_beach.csv", List(HeartFeatureList + ",score,disease"), "{out}/drift.json")
                {
                    Score = "score", Label = "disease",
                }),
            new("Mitigation: Threshold Optimizer for equal sensitivity by sex, evaluated on held-out patients",
                new MitigateCall("threshold-optimizer", "{out}/model/predictions.csv", "disease", new DemoGroups(["sex"]), "score", "{out}/mitigation")
                {
                    Constraint = "true_positive_rate_parity", Objective = "balanced_accuracy_score", Id = "patient_id", Seed = DemoSeed,
                }),
            new("Governance report (HTML, Markdown, Model Card, CHAI card, HTI-1, NIST AI RMF risk register, datasheet)",
                new ReportCall("{out}/audit.json", ReportDir)
                {
                    Card = "{example}/demo-card.yaml", DataAudit = "{out}/data-audit.json", Datasheet = "{example}/datasheet.yaml",
                    Validation = "{out}/validation/validation.json", Drift = "{out}/drift.json", Mitigations = ["{out}/mitigation/mitigation.json"],
                    Volume = 2000, Prevalence = 0.46,
                }),
        ],
        "report/report.html",
        "model/train.json",
        [
            new("Decision summary", "report/report.md", "Decision summary"),
            new("External validation", "validation/validation.md"),
            new("Mitigation", "mitigation/mitigation.md"),
        ]);

    /// <summary>
    /// The diabetes demo's operating point: flags about one encounter in five for follow-up (the out-of-fold scores'
    /// 80th percentile is 0.118), where the 0.5 threshold behind the "high accuracy" flags almost nobody. The model's
    /// prediction column, the audit, the scan, the validation and the mitigation all use it.
    /// </summary>
    private const double OperatingThreshold = 0.12;

    /// <summary><see cref="OperatingThreshold"/> as train and validate take it (a threshold rule that is a number).</summary>
    private const string OperatingThresholdText = "0.12";

    private const string DiabetesData = "{example}/diabetes-prepared.csv.gz";

    private const string DiabetesFeatureList =
        "age,admission_type,admission_source,discharge_group,specialty_group,diag1_group,a1c_group,max_glu_serum," +
        "time_in_hospital,num_lab_procedures,num_procedures,num_medications,number_outpatient,number_emergency," +
        "number_inpatient,number_diagnoses,insulin,metformin,change,diabetes_med";

    private static readonly string[] DiabetesFeatures = List(DiabetesFeatureList);

    /// <summary>Columns whose drift between the periods is checked (the model's inputs, its score and the label).</summary>
    private const string DiabetesDriftColumns = DiabetesFeatureList + ",score,readmit30";

    /// <summary>
    /// Diabetes 130-US hospitals: a 30-day readmission model whose accuracy at 0.5 sits at the majority-class rate; audited
    /// at its operating threshold by race, sex, age (the oldest bands apart), payer (Medicaid and self-pay as the underserved)
    /// and intersections, scanned for hidden subgroups, validated across time (trained on the earlier half of the encounters
    /// in encounter_id order, validated on the later half), checked for drift between the periods, a study planned for the
    /// underserved, mitigated, and reported.
    /// </summary>
    public static DemoDefinition DiabetesReadmission { get; } = new(
        "diabetes-readmission",
        "Diabetes 130-US hospitals: what does \"high overall accuracy\" of a 30-day readmission model hide, and for whom?",
        [
            new("Data audit (composition, prevalence by group, missingness, proxies, earlier vs later period)",
                new DataAuditCall("Diabetes 130-US hospitals, prepared first encounters: data audit", [DiabetesData], "readmit30",
                    new DemoGroups(List("race,sex,age_group,payer_group")), "{out}/data-audit.json")
                {
                    Site = "period",
                    Features = List("time_in_hospital,num_lab_procedures,num_medications,number_inpatient,number_emergency,a1c_group,diag1_group,admission_source"),
                }),
            new($"Train a logistic model (stratified 5-fold out-of-fold scores, ML.NET zip and ONNX; predictions at the operating threshold {OperatingThresholdText})",
                new TrainCall(DiabetesData, "readmit30", DiabetesFeatures, "{out}/model")
                {
                    Learner = AnalysisDefaults.Learner, Folds = AnalysisDefaults.Folds, Seed = DemoSeed, Threshold = OperatingThresholdText,
                }),
            new($"Subgroup audit at the operating threshold {OperatingThresholdText} by race, sex, age (<30, 30-59, 60-79, >=80), payer group, and intersections (curves, 200 bootstrap replicates)",
                new AuditCall("{out}/model/predictions.csv", "readmit30", "score",
                    DiabetesAuditGroups with { Intersections = ["race*payer_group", "sex*age_years"], References = [Medicare] }, "{out}/audit.json")
                {
                    Threshold = OperatingThreshold, Bootstrap = 200, Curves = true,
                }),
            new("Hidden stratification: MDSS scan for subgroups with a worse miss rate (FNR)",
                new ScanCall("{out}/model/predictions.csv", "readmit30", "score", new DemoGroups(List("race,sex,age_group,payer_group")), ScanMetric.Fnr, ScanMethod.Mdss, "{out}/scan.json")
                {
                    Threshold = OperatingThreshold, Permutations = 199, Seed = DemoSeed,
                }),
            new("Audit by payer group alone, for the study plan (no intersections, so no small cells)",
                new AuditCall("{out}/model/predictions.csv", "readmit30", "score", new DemoGroups(["payer_group"]) { References = [Medicare] }, "{out}/audit-payer.json")
                {
                    Threshold = OperatingThreshold,
                }),
            new("Validation-study size per payer group (sensitivity within ±0.05)",
                new PlanStudyCall("{out}/audit-payer.json", 0.05, "{out}/plan-study.json")),
            new("Validation across time: trained on the earlier half of the encounters (encounter_id order), validated unchanged on the later half",
                new ValidateCall(DiabetesData, "period", "earlier", "readmit30", DiabetesFeatures, DiabetesAuditGroups, "{out}/validation")
                {
                    Seed = DemoSeed, Threshold = OperatingThresholdText,
                }),
            new("Drift from the earlier to the later period (inputs, score and label)",
                new DriftCall("{out}/validation/predictions-earlier.csv", "{out}/validation/predictions-later.csv", List(DiabetesDriftColumns), "{out}/drift.json")
                {
                    Score = "score", Label = "readmit30",
                }),
            new("Mitigation: Threshold Optimizer for equal sensitivity across payer groups, evaluated on held-out encounters",
                new MitigateCall("threshold-optimizer", "{out}/model/predictions.csv", "readmit30", new DemoGroups(["payer_group"]), "score", "{out}/mitigation")
                {
                    Constraint = "true_positive_rate_parity", Objective = "balanced_accuracy_score", Threshold = OperatingThreshold, Id = "encounter_id",
                    Seed = DemoSeed, Bootstrap = 200,
                }),
            new("Governance report (decision summary, HTML, Markdown, Model Card, CHAI card, HTI-1, NIST AI RMF risk register)",
                new ReportCall("{out}/audit.json", ReportDir)
                {
                    Card = "{example}/card.yaml", DataAudit = "{out}/data-audit.json", Validation = "{out}/validation/validation.json", Drift = "{out}/drift.json",
                    Scan = "{out}/scan.json", StudyPlan = "{out}/plan-study.json", Mitigations = ["{out}/mitigation/mitigation.json"],
                    Volume = 10000, Prevalence = 0.09,
                }),
        ],
        "report/report.html",
        "model/train.json",
        [
            new("Decision summary", "report/report.md", "Decision summary"),
            new("Results by group", "report/report.md", "Results by group"),
            new("Hidden stratification (vigil scan)", "report/report.md", "Hidden subgroups (subgroup scan)"),
            new("How many patients a validation study needs (vigil plan-study)", "report/report.md", "Prospective study plan"),
            new("Validation across time (vigil validate)", "validation/validation.md"),
            new("Mitigation (vigil mitigate)", "mitigation/mitigation.md"),
        ])
    {
        Headline = new HeadlineAccuracy("model/predictions.csv", "readmit30", "score", 0.5, "audit.json", "payer_group", ["medicaid", "self_pay"]),
    };

    /// <summary>
    /// Age bands on age_years (the midpoint of the source's 10-year band): cuts at 30, 60 and 80 fall between bands, so each
    /// band is whole, and the oldest patients (80 and over) are a group of their own.
    /// </summary>
    private const string AgeBands = "age_years=30,60,80";

    /// <summary>The diabetes audit's groups: race, sex, age in <see cref="AgeBands"/> and payer group.</summary>
    private static DemoGroups DiabetesAuditGroups => new(List("race,sex,age_years,payer_group")) { Bands = [AgeBands] };

    /// <summary>Medicare, the payer group the underserved (Medicaid, self-pay) are compared with.</summary>
    private static DemoReference Medicare => new("payer_group", "medicare");
}
