using System.Text.Json.Serialization.Metadata;

namespace Vigil.Contracts.Simulation;

/// <summary>The one writer and reader of vigil.simulation/v2.</summary>
public static class SimulationContract
{
    public const string Schema = "vigil.simulation/v2";

    public const string Producer = "vigil simulate sepsis --out DIR";

    /// <summary>The source-generated type info of the document.</summary>
    public static JsonTypeInfo<SimulationDocument> TypeInfo => SimulationJsonContext.Default.SimulationDocument;

    /// <summary>The JSON Schema of the format (docs/schemas/vigil.simulation.v2.schema.json).</summary>
    public static string JsonSchema() => ContractSchema.Generate(TypeInfo, Schema);

    public static string Write(SimulationDocument document) => ContractFile.Write(document, TypeInfo);

    public static SimulationDocument Read(string path) => ContractFile.Read(path, Schema, Producer, TypeInfo);

    public static SimulationDocument Parse(string json, string name) => ContractFile.Parse(json, name, Schema, Producer, TypeInfo);
}
