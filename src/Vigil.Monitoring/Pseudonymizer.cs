using System.Buffers;
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
    public string Encounter(string id) => Pseudonym("encounter\u001f"u8, 'e', id);

    /// <summary>The pseudonym of a patient id: "p_" + 32 hex digits.</summary>
    public string Patient(string id) => Pseudonym("patient\u001f"u8, 'p', id);

    // One keyed HMAC per thread, reused: HMACSHA256.HashData sets the key up (an OpenSSL context, the key's inner and
    // outer pads) on every call, which cost more than hashing the short id; GetHashAndReset keeps the keyed state.
    [ThreadStatic] private static IncrementalHash? t_hmac;
    [ThreadStatic] private static Pseudonymizer? t_owner;

    /// <summary>Longest id (UTF-8 bytes) hashed from a stack buffer; longer ones use a pooled array.</summary>
    private const int StackBytes = 1024;

    /// <summary>
    /// HMAC-SHA-256(key, kind + U+001F + UTF-8(id)), its first 16 bytes in lower-case hex after "{prefix}_" (the same
    /// value as before 2026-12-03, when the message was built as a string and hashed with HMACSHA256.HashData).
    /// </summary>
    private string Pseudonym(ReadOnlySpan<byte> kind, char prefix, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var length = kind.Length + Encoding.UTF8.GetByteCount(id);
        byte[]? rented = null;
        var message = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        kind.CopyTo(message);
        var written = kind.Length + Encoding.UTF8.GetBytes(id, message[kind.Length..]);
        Span<byte> mac = stackalloc byte[32];
        var hmac = Hmac();
        hmac.AppendData(message[..written]);
        hmac.GetHashAndReset(mac);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        Span<char> text = stackalloc char[34];
        text[0] = prefix;
        text[1] = '_';
        Convert.TryToHexStringLower(mac[..16], text[2..], out _);
        return new string(text);
    }

    /// <summary>This thread's HMAC under this instance's key (made again when the thread last served another instance).</summary>
    private IncrementalHash Hmac()
    {
        if (t_hmac is { } hmac && ReferenceEquals(t_owner, this)) return hmac;
        t_hmac?.Dispose();
        t_hmac = null;
        hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        t_owner = this;
        t_hmac = hmac;
        return hmac;
    }
}
