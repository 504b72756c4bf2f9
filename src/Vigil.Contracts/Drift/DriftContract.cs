namespace Vigil.Contracts.Drift;

/// <summary>The one writer and the one reader of vigil.drift/v2.</summary>
public static class DriftContract
{
    public const string Schema = "vigil.drift/v2";

    public const string Producer = "vigil drift --format json";

    public static string Write(DriftDocument document) => ContractFile.Write(document, DriftJsonContext.Default.DriftDocument);

    public static DriftDocument Read(string path) => ContractFile.Read(path, Schema, Producer, DriftJsonContext.Default.DriftDocument);

    public static DriftDocument Parse(string json, string name) => ContractFile.Parse(json, name, Schema, Producer, DriftJsonContext.Default.DriftDocument);
}
