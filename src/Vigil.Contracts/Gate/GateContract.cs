namespace Vigil.Contracts.Gate;

/// <summary>The one writer and the one reader of vigil.gate/v1, and the schema name of the decision log's records.</summary>
public static class GateContract
{
    public const string Schema = "vigil.gate/v1";

    /// <summary>The schema of one decision-log line.</summary>
    public const string DecisionSchema = "vigil.gate-decision/v1";

    public const string Producer = "vigil gate --format json";

    public static string Write(GateDocument document) => ContractFile.Write(document, GateJsonContext.Default.GateDocument);

    public static GateDocument Read(string path) => ContractFile.Read(path, Schema, Producer, GateJsonContext.Default.GateDocument);

    public static GateDocument Parse(string json, string name) => ContractFile.Parse(json, name, Schema, Producer, GateJsonContext.Default.GateDocument);
}
