namespace Vigil.Cli.Demo;

/// <summary>
/// The shipped demos. Each is a list of ordinary `vigil` command lines over the example's files, so the demo is
/// exactly what a user would run by hand (commands.sh in the output folder shows them).
/// </summary>
public static class DemoCatalog
{
    private const string ReportDir = "{out}/report";

    public static IReadOnlyList<string> Names => [HeartDisease.Name];

    public static DemoDefinition? Find(string name) => name switch
    {
        "heart-disease" => HeartDisease,
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

    /// <summary>UCI Heart Disease: Cleveland for training and the audit, the four sites for the data audit.</summary>
    public static DemoDefinition HeartDisease { get; } = new(
        "heart-disease",
        "UCI Heart Disease (Cleveland, Hungary, Switzerland, VA Long Beach): is the model as safe for women as for men?",
        [
            new("Data audit of the four sites (composition, missingness, proxies, datasheet)",
            [
                "data-audit", "--title", "UCI Heart Disease, four sites: data audit",
                "--data", "{example}/sites/processed.cleveland.data,{example}/sites/processed.hungarian.data,{example}/sites/processed.switzerland.data,{example}/sites/processed.va.data",
                "--site-names", "cleveland,hungary,switzerland,va_long_beach",
                "--columns", "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num",
                "--label", "num", "--positive-label", ">0", "--protected", "sex,age", "--bands", "age=45,65",
                "--level-names", "sex=0:female,1:male", "--reference", "sex=male",
                "--features", "trestbps,chol,thalach,oldpeak,cp,fbs,restecg,exang,slope,ca,thal",
                "--sentinels", "chol=0,trestbps=0", "--reference-population", "{example}/sites/us-census-2020-sex.csv",
                "--datasheet", "{example}/datasheet.yaml", "--datasheet-out", "{out}/datasheet",
                "--format", "json", "--out", "{out}/data-audit.json",
            ]),
            new("Subgroup audit of the out-of-fold scores (FNR first, 1,000 bootstrap replicates)",
            [
                "audit", "--data", "{example}/heart-cleveland.csv", "--label", "disease", "--score", "score",
                "--protected", "sex,age", "--bands", "age=45,65", "--intersections", "sex*age", "--bootstrap", "1000",
                "--format", "json", "--out", "{out}/audit.json",
            ]),
            new("Governance report (HTML, Markdown, Model Card, CHAI card, HTI-1, NIST AI RMF risk register)",
            [
                "report", "--audit", "{out}/audit.json", "--card", "{example}/card.yaml",
                "--volume", "2000", "--prevalence", "0.46", "--out", ReportDir,
            ]),
        ],
        "report/report.html");
}
