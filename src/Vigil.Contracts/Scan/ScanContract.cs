namespace Vigil.Contracts.Scan;

/// <summary>The one writer and the one reader of vigil.scan/v2.</summary>
public static class ScanContract
{
    public const string Schema = "vigil.scan/v2";

    public const string Producer = "vigil scan --format json";

    public static string Write(ScanDocument document) => ContractFile.Write(document, ScanJsonContext.Default.ScanDocument);

    public static ScanDocument Read(string path) => ContractFile.Read(path, Schema, Producer, ScanJsonContext.Default.ScanDocument);

    public static ScanDocument Parse(string json, string name) => ContractFile.Parse(json, name, Schema, Producer, ScanJsonContext.Default.ScanDocument);
}
