namespace Vigil.Contracts.StudyPlan;

/// <summary>The one writer and the one reader of vigil.study-plan/v2.</summary>
public static class StudyPlanContract
{
    public const string Schema = "vigil.study-plan/v2";

    public const string Producer = "vigil plan-study --format json";

    public static string Write(StudyPlanDocument document) => ContractFile.Write(document, StudyPlanJsonContext.Default.StudyPlanDocument);

    public static StudyPlanDocument Read(string path) => ContractFile.Read(path, Schema, Producer, StudyPlanJsonContext.Default.StudyPlanDocument);

    public static StudyPlanDocument Parse(string json, string name) => ContractFile.Parse(json, name, Schema, Producer, StudyPlanJsonContext.Default.StudyPlanDocument);
}
