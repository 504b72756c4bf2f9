namespace Vigil.Contracts.DataAudit;

/// <summary>The one writer and the one reader of vigil.data-audit/v2.</summary>
public static class DataAuditContract
{
    public const string Schema = "vigil.data-audit/v2";

    public const string Producer = "vigil data-audit --format json";

    public static string Write(DataAuditDocument document) => ContractFile.Write(document, DataAuditJsonContext.Default.DataAuditDocument);

    public static DataAuditDocument Read(string path) => ContractFile.Read(path, Schema, Producer, DataAuditJsonContext.Default.DataAuditDocument);

    public static DataAuditDocument Parse(string json, string name) => ContractFile.Parse(json, name, Schema, Producer, DataAuditJsonContext.Default.DataAuditDocument);
}
