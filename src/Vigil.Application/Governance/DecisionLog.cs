using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vigil.Contracts.Gate;
using Vigil.Core;

namespace Vigil.Application.Governance;

/// <summary>
/// The decision log: one vigil.gate-decision/v1 record per line (JSON Lines), chained. A record's line is its compact JSON
/// with <c>,"hash":"H"</c> added before the closing brace, where H = SHA-256 (lower-case hex) of the UTF-8 bytes of the line
/// without that addition; each record carries the previous record's hash (<see cref="Genesis"/> for the first) and its
/// sequence number (1, 2, ...). Editing any byte of a record changes its hash; removing or reordering records breaks the
/// sequence and the previous-hash links, so <see cref="Verify"/> names the first broken record. Removing the last records
/// leaves a shorter valid chain: keep the latest hash elsewhere (the gate prints it, vigil.gate/v1 carries it) to detect that.
/// </summary>
public static class DecisionLog
{
    /// <summary>The previous hash of the first record: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string HashKey = ",\"hash\":\"";

    /// <summary>
    /// Appends a record for <paramref name="decision"/> (its sequence and previous hash taken from the log's last line) and
    /// returns where it went. The log is verified first: a broken log is not extended (the break would be hidden under a new head).
    /// </summary>
    public static GateDecisionRef Append(string path, Func<long, string, GateDecisionRecord> decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var lines = File.Exists(path) ? ReadLines(path) : [];
        if (Verify(lines, path) is { } broken)
            throw VigilException.BadData($"{path}: the decision log is broken at record {broken.Record}: {broken.Reason}; not appending (run vigil gate verify {Param.Ref("decisions")} {path})");
        var previous = lines.Count == 0 ? Genesis : HashOf(lines[^1]).Stored!;
        var record = decision(lines.Count + 1, previous);
        var line = Line(record);
        using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        return new GateDecisionRef(path, record.Sequence, HashOf(line).Stored!, previous);
    }

    /// <summary>The record's line: compact JSON with its hash as the last member.</summary>
    public static string Line(GateDecisionRecord record)
    {
        var body = JsonSerializer.Serialize(record, GateDecisionJsonContext.Default.GateDecisionRecord);
        return body[..^1] + HashKey + Sha256(body) + "\"}";
    }

    /// <summary>Checks a log file: null when intact, else the first broken record.</summary>
    public static DecisionChainBreak? VerifyFile(string path)
    {
        if (!File.Exists(path)) throw VigilException.Option("decisions", $"{path}: no such file");
        return Verify(ReadLines(path), path);
    }

    /// <summary>
    /// Checks lines in file order: each must parse as a record, end with the hash of the rest of its text, carry sequence
    /// i (1-based) and the previous line's hash. Null when intact, else the first broken record (its line number) and why.
    /// </summary>
    public static DecisionChainBreak? Verify(IReadOnlyList<string> lines, string name)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var previous = Genesis;
        for (var i = 0; i < lines.Count; i++)
        {
            var n = i + 1;
            var (body, stored) = HashOf(lines[i]);
            if (body is null || stored is null)
                return new DecisionChainBreak(n, $"line {n} does not end with its hash (\"hash\":\"<64 hex digits>\"}}): it was edited or is not a decision record");
            GateDecisionRecord? record;
            try
            {
                record = JsonSerializer.Deserialize(body, GateDecisionJsonContext.Default.GateDecisionRecord);
            }
            catch (JsonException e)
            {
                return new DecisionChainBreak(n, $"line {n} is not a {GateContract.DecisionSchema} record ({e.Message.Split('\n')[0]})");
            }
            if (record is null || record.Schema != GateContract.DecisionSchema)
                return new DecisionChainBreak(n, $"line {n} is not a {GateContract.DecisionSchema} record");
            if (!string.Equals(Sha256(body), stored, StringComparison.Ordinal))
                return new DecisionChainBreak(n, $"record {n}'s hash does not match its content: the record was edited");
            if (record.Sequence != n)
                return new DecisionChainBreak(n, $"line {n} holds record {record.Sequence}: records were removed or reordered");
            if (!string.Equals(record.PreviousHash, previous, StringComparison.Ordinal))
                return new DecisionChainBreak(n, $"record {n}'s previous hash is not record {n - 1}'s hash: an earlier record was changed, removed or reordered");
            previous = stored;
        }
        _ = name;
        return null;
    }

    /// <summary>
    /// Reads one decision-log line on its own (e.g. sent to the service to activate its safeguards): it must parse as a
    /// record and end with the hash of the rest of its text, so an edited record is refused. Its place in the chain is
    /// not checked here (that needs the whole log: <see cref="Verify"/>). Returns the record and its hash.
    /// </summary>
    public static (GateDecisionRecord Record, string Hash) ParseLine(string line, string name)
    {
        ArgumentNullException.ThrowIfNull(line);
        var (body, stored) = HashOf(line.Trim());
        if (body is null || stored is null)
            throw VigilException.BadData($"{name}: not a {GateContract.DecisionSchema} line: it must end with its hash (\"hash\":\"<64 hex digits>\"}}), as vigil gate writes it to the decision log");
        GateDecisionRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(body, GateDecisionJsonContext.Default.GateDecisionRecord);
        }
        catch (JsonException e)
        {
            throw VigilException.BadData($"{name}: not a {GateContract.DecisionSchema} record ({e.Message.Split('\n')[0]})");
        }
        if (record is null || record.Schema != GateContract.DecisionSchema)
            throw VigilException.BadData($"{name}: not a {GateContract.DecisionSchema} record");
        if (!string.Equals(Sha256(body), stored, StringComparison.Ordinal))
            throw VigilException.BadData($"{name}: the record's hash does not match its content: the record was edited");
        return (record, stored);
    }

    /// <summary>The log's lines (empty lines skipped: a trailing newline is not a record).</summary>
    public static IReadOnlyList<string> ReadLines(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > Contracts.ContractFile.MaxBytes)
            throw VigilException.BadData($"{path}: {length} bytes, more than the {Contracts.ContractFile.MaxBytes} a decision log may have; start a new log");
        return File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0).ToList();
    }

    /// <summary>Splits a line into the text its hash covers and the stored hash (nulls when it has no trailing hash).</summary>
    private static (string? Body, string? Stored) HashOf(string line)
    {
        const int hexLength = 64;
        var tail = HashKey.Length + hexLength + 2;
        if (line.Length <= tail || !line.EndsWith("\"}", StringComparison.Ordinal)) return (null, null);
        var at = line.Length - tail;
        if (string.CompareOrdinal(line, at, HashKey, 0, HashKey.Length) != 0) return (null, null);
        var hash = line.Substring(at + HashKey.Length, hexLength);
        if (!hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')) return (null, null);
        return (line[..at] + "}", hash);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>The first broken record of a decision log: its 1-based position and why.</summary>
public sealed record DecisionChainBreak(long Record, string Reason);
