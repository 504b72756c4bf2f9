using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Unicode;
using Vigil.Core;

namespace Vigil.Data;

/// <summary>
/// Checks a delimited text file before DuckDB reads it, in one streaming pass (64 KiB at a time, nothing
/// kept): a <c>.gz</c> file must be gzip and whole (decompressed to the end, and the CRC-32 and length of what
/// came out compared with the gzip trailer: a stream cut off, even at a row boundary, is an error rather than a
/// shorter table);
/// the text must be UTF-8 (a UTF-16 or UTF-32 byte-order mark, a NUL byte or an invalid UTF-8 sequence is
/// an error naming the byte offset, where DuckDB would fail with an internal error or read garbage); and
/// no line may exceed <see cref="MaxLineBytes"/> (docs/limits.md).
/// </summary>
public static class InputFileCheck
{
    /// <summary>Longest line (and so longest field) accepted, in bytes of UTF-8: 1 MiB.</summary>
    public const int MaxLineBytes = 1 << 20;

    private const int ChunkBytes = 1 << 16;

    /// <summary>
    /// Checks <paramref name="path"/>; throws a one-line data error naming the file and the offset. Returns the number of
    /// lines of text (a last line without a newline counts), which readers use as a size hint only: quoted fields may
    /// span lines.
    /// </summary>
    public static long Verify(string path)
    {
        var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        uint expectedCrc = 0, expectedSize = 0, crc = 0;
        using var file = File.OpenRead(path);
        if (gzip)
        {
            Span<byte> magic = stackalloc byte[2];
            var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            if (read < 2 || magic[0] != 0x1F || magic[1] != 0x8B)
                throw VigilException.BadData($"{path}: not gzip data (the name ends in .gz but the file does not start with the gzip signature 1f 8b); decompress it or rename it");
            // The trailer (RFC 1952): CRC-32 and length mod 2^32 of the uncompressed data, little-endian.
            Span<byte> trailer = stackalloc byte[8];
            if (file.Length < 18)
                throw VigilException.BadData($"{path}: the gzip data are cut off ({file.Length} bytes, shorter than a gzip header and trailer)");
            file.Seek(-8, SeekOrigin.End);
            file.ReadExactly(trailer);
            expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
            file.Position = 0;
        }
        using Stream text = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        var where = gzip ? " of the decompressed text" : "";
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes + 4);
        var chars = ArrayPool<char>.Shared.Rent(ChunkBytes + 4);
        try
        {
            long offset = 0;      // bytes of text before buffer[0]
            long line = 1;        // line number at buffer[0]
            long lineStart = 0;   // offset where the current line starts
            var carried = 0;      // bytes of an incomplete UTF-8 sequence kept from the previous chunk
            var first = true;
            byte last = (byte)'\n'; // the last byte of text read (a file ending without a newline has one more line)
            while (true)
            {
                int n;
                try
                {
                    n = text.Read(buffer, carried, ChunkBytes);
                }
                catch (InvalidDataException e)
                {
                    // zlib checks the trailer's CRC-32 itself when the stream ends in one read; its message is not for users.
                    throw VigilException.BadData($"{path}: the gzip data are cut off or corrupt (decompression failed: {e.Message.TrimEnd('.')})");
                }
                var final = n == 0;
                if (n > 0) last = buffer[carried + n - 1];
                if (gzip) crc = Crc32.Append(crc, buffer.AsSpan(carried, n));
                var length = carried + n;
                var span = buffer.AsSpan(0, length);
                if (first && length > 0)
                {
                    first = false;
                    Bom(path, span);
                }

                var nul = span[carried..].IndexOf((byte)0);
                if (nul >= 0)
                    throw VigilException.BadData($"{path}: byte {offset + carried + nul}{where} (line {line + span[..(carried + nul)].Count((byte)'\n')}) is a NUL byte: not a text file, or UTF-16 text; save it as UTF-8 CSV");

                // Valid UTF-8 that ends on a whole sequence (nearly every chunk) is checked without decoding it.
                var consumed = length;
                var status = Utf8.IsValid(span) ? OperationStatus.Done
                    : Utf8.ToUtf16(span, chars, out consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
                if (status == OperationStatus.InvalidData)
                {
                    throw VigilException.BadData(
                        $"{path}: byte {offset + consumed}{where} (line {line + span[..consumed].Count((byte)'\n')}) is not valid UTF-8 " +
                        $"(0x{span[consumed]:X2}); the file looks like Latin-1 or Windows-1252 text: save it as UTF-8");
                }

                // Line lengths over the newly read bytes (the carried ones were scanned with their chunk). A chunk is far
                // shorter than the limit, so only the line it continues and the line it leaves open can be too long.
                var fresh = span[carried..];
                var firstNewline = fresh.IndexOf((byte)'\n');
                if (offset + (firstNewline < 0 ? length : carried + firstNewline) - lineStart > MaxLineBytes) throw TooLong(path, line, where);
                if (firstNewline >= 0)
                {
                    line += fresh.Count((byte)'\n');
                    lineStart = offset + carried + fresh.LastIndexOf((byte)'\n') + 1;
                    if (offset + length - lineStart > MaxLineBytes) throw TooLong(path, line, where);
                }

                if (final)
                {
                    var size = offset + length;
                    // GZipStream ends quietly when the stream stops at a block boundary (a file cut off at a row boundary
                    // read as a shorter, valid table): the trailer must describe exactly the data decompressed.
                    if (gzip && (crc != expectedCrc || (uint)size != expectedSize))
                    {
                        throw VigilException.BadData(
                            $"{path}: the gzip data are cut off or corrupt: {size:N0} bytes decompressed, but the gzip trailer describes " +
                            $"{expectedSize:N0} bytes{(crc != expectedCrc ? " with another CRC-32" : "")} (an interrupted download or copy?; " +
                            "a file of several concatenated gzip streams is not supported either: recompress it as one)");
                    }
                    return line - 1 + (last == (byte)'\n' ? 0 : 1);
                }
                // Keep an incomplete trailing UTF-8 sequence (at most 3 bytes, never a newline) for the next chunk.
                carried = length - consumed;
                if (carried > 0) buffer.AsSpan(consumed, carried).CopyTo(buffer);
                offset += consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static VigilException TooLong(string path, long line, string where) => VigilException.BadData(
        $"{path}: line {line}{where} is longer than {MaxLineBytes / (1 << 20)} MiB, the limit on one line of a CSV file (docs/limits.md); is it a CSV file?");

    private static void Bom(string path, ReadOnlySpan<byte> start)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) || start.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
            throw VigilException.BadData($"{path}: byte 0: the file is UTF-32 text (byte-order mark); save it as UTF-8 CSV");
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw VigilException.BadData($"{path}: byte 0: the file is UTF-16 text (byte-order mark); save it as UTF-8 CSV");
    }
}
