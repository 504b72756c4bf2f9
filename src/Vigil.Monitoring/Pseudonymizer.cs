using System.Security.Cryptography;
using System.Text;

namespace Vigil.Monitoring;

/// <summary>
/// Keyed pseudonyms of patient and encounter identifiers, made at the service's edge before anything is stored or
/// logged: HMAC-SHA-256 under a secret key, with the kind of identifier in the message so a patient and an encounter
/// with the same raw id get different pseudonyms. The same id always gives the same pseudonym under one key (joins
/// work); without the key a pseudonym cannot be reversed or recomputed from a guessed id.
/// </summary>
public sealed class Pseudonymizer
{
    /// <summary>Key length the service requires (bytes): 256 bits.</summary>
    public const int MinKeyBytes = 32;

    private readonly byte[] _key;

    public Pseudonymizer(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinKeyBytes)
            throw new ArgumentException($"the pseudonym key has {key.Length} bytes; expected at least {MinKeyBytes}", nameof(key));
        _key = (byte[])key.Clone();
    }

    /// <summary>The key from base64 (as VIGIL_PSEUDONYM_KEY or the config's pseudonym_key holds it).</summary>
    public static Pseudonymizer FromBase64(string base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new ArgumentException("the pseudonym key is not base64 (make one with: openssl rand -base64 32)", nameof(base64));
        }
        return new Pseudonymizer(key);
    }

    /// <summary>The pseudonym of an encounter id: "e_" + 32 hex digits (128 bits of the HMAC).</summary>
    public string Encounter(string id) => Pseudonym("encounter", "e_", id);

    /// <summary>The pseudonym of a patient id: "p_" + 32 hex digits.</summary>
    public string Patient(string id) => Pseudonym("patient", "p_", id);

    private string Pseudonym(string kind, string prefix, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var message = Encoding.UTF8.GetBytes(kind + "\u001f" + id);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, message, mac);
        return prefix + Convert.ToHexStringLower(mac[..16]);
    }
}
