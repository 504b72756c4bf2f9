namespace Vigil.Contracts.Audit;

/// <summary>The one writer and the one reader of vigil.audit/v2.</summary>
public static class AuditContract
{
    public const string Schema = "vigil.audit/v2";

    /// <summary>The command that writes it (named in the "re-run" message for older files).</summary>
    public const string Producer = "vigil audit --format json";

    public static string Write(AuditDocument document) => ContractFile.Write(document, AuditJsonContext.Default.AuditDocument);

    public static AuditDocument Read(string path) => ContractFile.Read(path, Schema, Producer, AuditJsonContext.Default.AuditDocument);

    public static AuditDocument Parse(string json, string name) => ContractFile.Parse(json, name, Schema, Producer, AuditJsonContext.Default.AuditDocument);
}
