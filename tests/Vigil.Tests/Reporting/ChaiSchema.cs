using System.Xml;
using System.Xml.Schema;

namespace Vigil.Tests.Reporting;

/// <summary>
/// Validates XML against the CHAI Applied Model Card schema v0.2 (golden/standards), with the xmldsig import
/// resolved to the local copy of the W3C schema; every warning or error is collected.
/// </summary>
internal static class ChaiSchema
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "golden", "standards");

    /// <summary>The validation messages (empty when the document is valid).</summary>
    public static List<string> Validate(string xml)
    {
        var messages = new List<string>();
        var schemas = new XmlSchemaSet { XmlResolver = new LocalResolver() };
        schemas.ValidationEventHandler += (_, e) => messages.Add($"schema {e.Severity}: {e.Message}");
        schemas.Add("https://mc.chai.org/v0.2/schema.xsd", Path.Combine(Dir, "chai-applied-model-card-v0.2.xsd"));
        schemas.Compile();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = schemas,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationEventHandler += (_, e) => messages.Add($"{e.Severity} at {e.Exception?.LineNumber}:{e.Exception?.LinePosition}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read()) { }
        return messages;
    }

    /// <summary>The golden copy of a standards file.</summary>
    public static string File(string name) => System.IO.File.ReadAllText(Path.Combine(Dir, name));

    /// <summary>Resolves the W3C xmldsig schema to the local copy; anything else from the network is refused.</summary>
    private sealed class LocalResolver : XmlUrlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            if (absoluteUri.IsFile) return base.GetEntity(absoluteUri, role, ofObjectToReturn);
            if (absoluteUri.AbsoluteUri == "http://www.w3.org/TR/xmldsig-core/xmldsig-core-schema.xsd")
                return System.IO.File.OpenRead(Path.Combine(Dir, "xmldsig-core-schema.xsd"));
            throw new InvalidOperationException($"refusing to fetch {absoluteUri}");
        }
    }
}
