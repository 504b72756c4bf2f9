namespace Vigil.Data;

/// <summary>
/// CRC-32 as gzip uses it (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF;
/// RFC 1952 §8), one table lookup per byte: checks that a .gz file's data match its trailer.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = Build();

    /// <summary>The CRC of the bytes so far: start with <c>Append(0, first)</c>, continue with the value returned.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        var c = ~crc;
        foreach (var b in bytes) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    private static uint[] Build()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
