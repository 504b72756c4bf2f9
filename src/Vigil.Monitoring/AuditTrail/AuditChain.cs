using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vigil.Contracts.Monitoring;

namespace Vigil.Monitoring.AuditTrail;

/// <summary>
/// The hash chain of the audit trail: each entry's hash is SHA-256 over the previous entry's hash and the entry's
/// canonical text, so changing, removing or reordering any entry breaks every link after it. The first entry's previous
/// hash is <see cref="Genesis"/>. Stores compute hashes with <see cref="HashOf(string, long, DateTimeOffset, string, string, string, string)"/>; `vigil audit-log verify` checks them
/// with <see cref="Verify"/>.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// The entry's hash: lower-case hex SHA-256 of previousHash, then sequence, time (Unix ms), actor, action, subject and
    /// detail, each followed by U+001E (so no field can move text into its neighbour).
    /// </summary>
    public static string HashOf(string previousHash, long sequence, DateTimeOffset at, string actor, string action, string subject, string detail)
    {
        var text = new StringBuilder()
            .Append(previousHash).Append('\u001e')
            .Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\u001e')
            .Append(at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\u001e')
            .Append(actor).Append('\u001e')
            .Append(action).Append('\u001e')
            .Append(subject).Append('\u001e')
            .Append(detail).Append('\u001e')
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The hash an entry should have.</summary>
    public static string HashOf(AuditLogEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return HashOf(e.PreviousHash, e.Sequence, e.At, e.Actor, e.Action, e.Subject, e.Detail);
    }

    /// <summary>
    /// Checks a chain read in sequence order from its first entry: null when intact, else the first broken link
    /// (a sequence gap, a previous hash that is not the prior entry's hash, or a hash that does not match its entry).
    /// </summary>
    public static AuditChainBreak? Verify(IEnumerable<AuditLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var previous = Genesis;
        long expected = 1;
        foreach (var e in entries)
        {
            if (e.Sequence != expected)
                return new AuditChainBreak(e.Sequence, $"sequence {e.Sequence} follows {expected - 1}: entries are missing or reordered");
            if (!string.Equals(e.PreviousHash, previous, StringComparison.Ordinal))
                return new AuditChainBreak(e.Sequence, $"entry {e.Sequence}'s previous hash is not entry {e.Sequence - 1}'s hash: an earlier entry was changed or removed");
            if (!string.Equals(HashOf(e), e.Hash, StringComparison.Ordinal))
                return new AuditChainBreak(e.Sequence, $"entry {e.Sequence}'s hash does not match its content: the entry was changed");
            previous = e.Hash;
            expected++;
        }
        return null;
    }
}

/// <summary>The first broken link of an audit chain.</summary>
public sealed record AuditChainBreak(long Sequence, string Reason);
