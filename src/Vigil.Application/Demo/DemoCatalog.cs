namespace Vigil.Application.Demo;

/// <summary>
/// The shipped demos. Each is a list of ordinary `vigil` command lines over the example's files, so the demo is
/// exactly what a user would run by hand (commands.sh in the output folder shows them).
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
        var steps = new List<DemoStep>(demo.Steps.Count);
        foreach (var s in demo.Steps)
            steps.Add(s.Arguments[0] == "report" ? s with { Arguments = [.. s.Arguments, "--pdf"] } : s);
        return demo with { Steps = steps };
    }

    private const string HeartFeatures = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal";

    /// <summary>
    /// UCI Heart Disease: a model trained at Cleveland, audited there by sex and age, validated at Hungary,
    /// Switzerland and VA Long Beach, checked for drift to VA, post-processed for equal sensitivity, and reported.
    /// </summary>
    public static DemoDefinition HeartDisease { get; } = new(
        "heart-disease",
        "UCI Heart Disease (Cleveland, Hungary, Switzerland, VA Long Beach): is the model as safe for women as for men, and at other sites?",
        [
            new("Data audit of the four sites (composition, missingness, proxies, datasheet)",
            [
                "data-audit", "--title", "UCI Heart Disease, four sites: data audit",
                "--data", "{example}/sites/processed.cleveland.data,{example}/sites/processed.hungarian.data,{example}/sites/processed.switzerland.data,{example}/sites/processed.va.data",
                "--site-names", "cleveland,hungary,switzerland,va_long_beach",
                "--header", "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num",
                "--label", "num", "--positive-label", ">0", "--protected", "sex,age", "--bands", "age=45,65",
                "--level-names", "sex=0:female,1:male", "--reference", "sex=male",
                "--features", "trestbps,chol,thalach,oldpeak,cp,fbs,restecg,exang,slope,ca,thal",
                "--sentinels", "chol=0,trestbps=0", "--reference-population", "{example}/sites/us-census-2020-sex.csv",
                "--datasheet", "{example}/datasheet.yaml", "--datasheet-out", "{out}/datasheet",
                "--format", "json", "--out", "{out}/data-audit.json",
            ]),
            new("Train a logistic model at Cleveland (stratified 5-fold out-of-fold scores, ML.NET zip and ONNX)",
            [
                "train", "--data", "{example}/heart-cleveland.csv", "--label", "disease", "--features", HeartFeatures,
                "--categorical", "cp,restecg,slope,ca,thal", "--learner", "logistic", "--folds", "5", "--seed", "20261129",
                "--threshold", "0.5", "--out", "{out}/model",
            ]),
            new("Subgroup audit of the out-of-fold scores (FNR first, curves, 1,000 bootstrap replicates)",
            [
                "audit", "--data", "{out}/model/predictions.csv", "--label", "disease", "--score", "score",
                "--protected", "sex,age", "--bands", "age=45,65", "--intersections", "sex*age", "--bootstrap", "1000",
                "--curves", "--format", "json", "--out", "{out}/audit.json",
            ]),
            new("External validation: trained at Cleveland, scored unchanged at Hungary, Switzerland and VA Long Beach",
            [
                "validate", "--data", "{example}/sites/heart-4sites.csv", "--site", "site", "--train-site", "cleveland",
                "--label", "disease", "--features", HeartFeatures, "--categorical", "cp,restecg,slope,ca,thal",
                "--seed", "20261129", "--protected", "sex,age", "--bands", "age=45,65", "--out", "{out}/validation",
            ]),
            new("Drift from Cleveland to VA Long Beach (features, score and label)",
            [
                "drift", "--reference-data", "{out}/validation/predictions-cleveland.csv", "--current-data", "{out}/validation/predictions-va_long_beach.csv",
                "--columns", HeartFeatures + ",score,disease", "--score", "score", "--label", "disease",
                "--format", "json", "--out", "{out}/drift.json",
            ]),
            new("Mitigation: Threshold Optimizer for equal sensitivity by sex, evaluated on held-out patients",
            [
                "mitigate", "--method", "threshold-optimizer", "--constraint", "true_positive_rate_parity", "--objective", "balanced_accuracy_score",
                "--data", "{out}/model/predictions.csv", "--label", "disease", "--protected", "sex", "--score", "score",
                "--id", "patient_id", "--seed", "20261129", "--out", "{out}/mitigation",
            ]),
            new("Governance report (HTML, Markdown, Model Card, CHAI card, HTI-1, NIST AI RMF risk register, datasheet)",
            [
                "report", "--audit", "{out}/audit.json", "--card", "{example}/demo-card.yaml",
                "--data-audit", "{out}/data-audit.json", "--datasheet", "{example}/datasheet.yaml",
                "--validation", "{out}/validation/validation.json", "--drift", "{out}/drift.json",
                "--mitigation", "{out}/mitigation/mitigation.json",
                "--volume", "2000", "--prevalence", "0.46", "--out", ReportDir,
            ]),
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
    private const string OperatingThreshold = "0.12";

    private const string DiabetesFeatures =
        "age,admission_type,admission_source,discharge_group,specialty_group,diag1_group,a1c_group,max_glu_serum," +
        "time_in_hospital,num_lab_procedures,num_procedures,num_medications,number_outpatient,number_emergency," +
        "number_inpatient,number_diagnoses,insulin,metformin,change,diabetes_med";

    /// <summary>Columns whose drift between the periods is checked (the model's inputs, its score and the label).</summary>
    private const string DiabetesDriftColumns = DiabetesFeatures + ",score,readmit30";

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
            [
                "data-audit", "--title", "Diabetes 130-US hospitals, prepared first encounters: data audit",
                "--data", "{example}/diabetes-prepared.csv.gz", "--label", "readmit30",
                "--protected", "race,sex,age_group,payer_group", "--site", "period",
                "--features", "time_in_hospital,num_lab_procedures,num_medications,number_inpatient,number_emergency,a1c_group,diag1_group,admission_source",
                "--format", "json", "--out", "{out}/data-audit.json",
            ]),
            new($"Train a logistic model (stratified 5-fold out-of-fold scores, ML.NET zip and ONNX; predictions at the operating threshold {OperatingThreshold})",
            [
                "train", "--data", "{example}/diabetes-prepared.csv.gz", "--label", "readmit30", "--features", DiabetesFeatures,
                "--learner", "logistic", "--folds", "5", "--seed", "20261129", "--threshold", OperatingThreshold, "--out", "{out}/model",
            ]),
            new($"Subgroup audit at the operating threshold {OperatingThreshold} by race, sex, age (<30, 30-59, 60-79, >=80), payer group, and intersections (curves, 200 bootstrap replicates)",
            [
                "audit", "--data", "{out}/model/predictions.csv", "--label", "readmit30", "--score", "score", "--threshold", OperatingThreshold,
                "--protected", "race,sex,age_years,payer_group", "--bands", AgeBands, "--intersections", "race*payer_group,sex*age_years",
                "--reference", "payer_group=medicare", "--bootstrap", "200", "--curves",
                "--format", "json", "--out", "{out}/audit.json",
            ]),
            new("Hidden stratification: MDSS scan for subgroups with a worse miss rate (FNR)",
            [
                "scan", "--data", "{out}/model/predictions.csv", "--label", "readmit30", "--score", "score", "--threshold", OperatingThreshold,
                "--protected", "race,sex,age_group,payer_group", "--metric", "fnr", "--method", "mdss", "--permutations", "199", "--seed", "20261129",
                "--format", "json", "--out", "{out}/scan.json",
            ]),
            new("Audit by payer group alone, for the study plan (no intersections, so no small cells)",
            [
                "audit", "--data", "{out}/model/predictions.csv", "--label", "readmit30", "--score", "score", "--threshold", OperatingThreshold,
                "--protected", "payer_group", "--reference", "payer_group=medicare", "--format", "json", "--out", "{out}/audit-payer.json",
            ]),
            new("Validation-study size per payer group (sensitivity within ±0.05)",
            [
                "plan-study", "--groups-from", "{out}/audit-payer.json", "--width", "0.05", "--format", "json", "--out", "{out}/plan-study.json",
            ]),
            new("Validation across time: trained on the earlier half of the encounters (encounter_id order), validated unchanged on the later half",
            [
                "validate", "--data", "{example}/diabetes-prepared.csv.gz", "--site", "period", "--train-site", "earlier",
                "--label", "readmit30", "--features", DiabetesFeatures, "--seed", "20261129", "--threshold", OperatingThreshold,
                "--protected", "race,sex,age_years,payer_group", "--bands", AgeBands, "--out", "{out}/validation",
            ]),
            new("Drift from the earlier to the later period (inputs, score and label)",
            [
                "drift", "--reference-data", "{out}/validation/predictions-earlier.csv", "--current-data", "{out}/validation/predictions-later.csv",
                "--columns", DiabetesDriftColumns, "--score", "score", "--label", "readmit30",
                "--format", "json", "--out", "{out}/drift.json",
            ]),
            new("Mitigation: Threshold Optimizer for equal sensitivity across payer groups, evaluated on held-out encounters",
            [
                "mitigate", "--method", "threshold-optimizer", "--constraint", "true_positive_rate_parity", "--objective", "balanced_accuracy_score",
                "--data", "{out}/model/predictions.csv", "--label", "readmit30", "--protected", "payer_group", "--score", "score",
                "--threshold", OperatingThreshold, "--id", "encounter_id", "--seed", "20261129", "--bootstrap", "200", "--out", "{out}/mitigation",
            ]),
            new("Governance report (decision summary, HTML, Markdown, Model Card, CHAI card, HTI-1, NIST AI RMF risk register)",
            [
                "report", "--audit", "{out}/audit.json", "--card", "{example}/card.yaml", "--data-audit", "{out}/data-audit.json",
                "--validation", "{out}/validation/validation.json", "--drift", "{out}/drift.json",
                "--scan", "{out}/scan.json", "--study-plan", "{out}/plan-study.json",
                "--mitigation", "{out}/mitigation/mitigation.json",
                "--volume", "10000", "--prevalence", "0.09", "--out", ReportDir,
            ]),
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
}
