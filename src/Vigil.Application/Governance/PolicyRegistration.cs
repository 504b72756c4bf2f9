using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Vigil.Contracts.Monitoring;
using Vigil.Core;

namespace Vigil.Application.Governance;

/// <summary>
/// A policy carried inside a model registration (<see cref="RegisteredPolicy"/>): read and validated from a file when the
/// model is registered (`vigil monitor register --policy FILE`), hashed (SHA-256 of its UTF-8 text), and parsed again by
/// the monitor — once per distinct hash — to check it on every evaluation window.
/// </summary>
public static class PolicyRegistration
{
    private static readonly ConcurrentDictionary<string, GatePolicy> Parsed = new(StringComparer.Ordinal);

    /// <summary>The policy of <paramref name="path"/> by content (a missing file names --policy; a malformed one is a data error FILE:LINE: KEY).</summary>
    public static RegisteredPolicy Read(string path)
    {
        var policy = PolicyReader.ReadFile(path);
        var text = File.ReadAllText(path, Encoding.UTF8);
        return new RegisteredPolicy(policy.Name, Sha256(text), text);
    }

    /// <summary>
    /// The parsed policy of a registration; its hash must match its text (a registration edited by hand after it was
    /// hashed is refused, naming the field).
    /// </summary>
    public static GatePolicy Policy(RegisteredPolicy registered, string name)
    {
        ArgumentNullException.ThrowIfNull(registered);
        return Parsed.GetOrAdd(registered.Sha256, _ =>
        {
            if (!string.Equals(Sha256(registered.Yaml), registered.Sha256, StringComparison.Ordinal))
                throw VigilException.BadData($"{name}: policy.sha256 is not the SHA-256 of policy.yaml: the policy text was changed after it was registered");
            return PolicyReader.Parse(registered.Yaml, $"{name} policy {registered.Name}");
        });
    }

    /// <summary>SHA-256 (lower-case hex) of a text's UTF-8 bytes.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
