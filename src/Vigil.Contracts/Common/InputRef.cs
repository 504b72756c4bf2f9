namespace Vigil.Contracts.Common;

/// <summary>
/// One input of a run, in the "inputs" array every document carries: its role ("data", "reference_data",
/// "current_data", "model", "audit", ...), the path as given, and when known the rows read and a SHA-256.
/// </summary>
public sealed record InputRef(string Role, string Path)
{
    public long? Rows { get; init; }

    public string? Sha256 { get; init; }
}
