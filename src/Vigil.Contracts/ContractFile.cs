using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization.Metadata;
using Vigil.Core;

namespace Vigil.Contracts;

/// <summary>
/// Reads and writes contract documents through their source-generated type info. Reading checks the
/// "schema" name first, so an older or foreign file gets one clear line instead of a field-by-field error.
/// </summary>
public static partial class ContractFile
{
    /// <summary>Largest contract file read (bytes): far above any real output, far below what exhausts memory.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>Serializes <paramref name="document"/> (indented, UTF-8, ending with a newline).</summary>
    public static string Write<T>(T document, JsonTypeInfo<T> info) =>
        JsonSerializer.Serialize(document, info) + "\n";

    /// <summary>
    /// Parses <paramref name="json"/> (read from <paramref name="path"/>) as <paramref name="schema"/>
    /// (e.g. "vigil.audit/v2"); <paramref name="producer"/> names the command that writes it, for the message
    /// that an older version must be re-run.
    /// </summary>
    public static T Parse<T>(string json, string path, string schema, string producer, JsonTypeInfo<T> info)
    {
        var found = SchemaOf(json, path);
        if (found != schema)
        {
            var family = schema[..schema.LastIndexOf('/')];
            if (found is not null && found.StartsWith(family + "/", StringComparison.Ordinal))
                throw VigilException.BadData($"{path}: schema {found} is an older format; re-run `{producer}` to write {schema}");
            throw VigilException.BadData($"{path}: expected a {schema} document, found {(found is null ? "no \"schema\"" : $"schema {found}")}");
        }
        try
        {
            return JsonSerializer.Deserialize(json, info)
                ?? throw VigilException.BadData($"{path}: expected a {schema} document, found null");
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? "" : $" at {e.Path}";
            throw VigilException.BadData($"{path}: not a valid {schema} document{where}: {FirstLine(e.Message)}");
        }
    }

    /// <summary>Reads and parses a contract file (size-bounded).</summary>
    public static T Read<T>(string path, string schema, string producer, JsonTypeInfo<T> info)
    {
        var file = new FileInfo(path);
        if (!file.Exists) throw VigilException.BadData($"{path}: no such file");
        if (file.Length > MaxBytes) throw VigilException.BadData($"{path}: {file.Length} bytes, more than the {MaxBytes} a {schema} document may have");
        return Parse(File.ReadAllText(path, Encoding.UTF8), path, schema, producer, info);
    }

    /// <summary>The top-level "schema" string of a JSON object, or null; a clear error when it is not JSON or not an object.</summary>
    public static string? SchemaOf(string json, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw VigilException.BadData($"{path}: expected a JSON object, found {Kind(doc.RootElement.ValueKind)}");
            return doc.RootElement.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        }
        catch (JsonException e)
        {
            throw VigilException.BadData($"{path}: not valid JSON ({FirstLine(e.Message)})");
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The parser's first line in the user's terms: no .NET type names ("for type 'Vigil.Contracts.Audit.AuditDocument'").</summary>
    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n');
        var line = nl < 0 ? message : message[..nl];
        // The location is given already ("at $.columns"); the parser repeats it after " Path:".
        var path = line.IndexOf(" Path: ", StringComparison.Ordinal);
        if (path > 0) line = line[..path];
        line = TypeClause().Replace(line, "");
        line = ConvertedTo().Replace(line, "could not be read as the expected type");
        return QualifiedName().Replace(line, "$1");
    }

    [GeneratedRegex(@"could not be converted to [^ ]+")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@" for type '[^']*'")]
    private static partial Regex TypeClause();

    [GeneratedRegex(@"\b(?:Vigil|System)\.(?:[A-Za-z0-9_]+\.)*([A-Za-z0-9_]+)")]
    private static partial Regex QualifiedName();
}
