using System.Globalization;
using System.Text.Unicode;

namespace Vigil.Service.Http;

/// <summary>
/// Checks a request body's text before it is parsed: it must be UTF-8, and every \u escape of a UTF-16 surrogate must
/// be half of a pair. System.Text.Json parses both kinds of bad text but throws when the string is read, which used to
/// surface as a 500; refusing them here makes them a 400 naming the byte. The scan is vectorised (Utf8.IsValid, IndexOf)
/// and costs a fraction of the parse.
/// </summary>
internal static class JsonText
{
    /// <summary>Null when the body is valid UTF-8 without a lone surrogate escape; else what is wrong and where.</summary>
    public static string? Problem(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            var chars = new char[body.Length];
            Utf8.ToUtf16(body, chars, out var read, out _, replaceInvalidSequences: false);
            return string.Create(CultureInfo.InvariantCulture, $"the body is not valid UTF-8 (byte {read + 1}); send UTF-8 JSON");
        }
        var i = 0;
        while (i < body.Length)
        {
            var k = body[i..].IndexOf("\\u"u8);
            if (k < 0) break;
            var at = i + k;
            if (IsEscaped(body, at))
            {
                i = at + 2;
                continue;
            }
            if (Hex(body, at + 2) is not { } code) break; // the parser names a malformed escape
            if (code is >= 0xD800 and <= 0xDBFF && body.Length >= at + 12 && body[at + 6] == '\\' && body[at + 7] == 'u'
                && Hex(body, at + 8) is >= 0xDC00 and <= 0xDFFF)
            {
                i = at + 12;
                continue;
            }
            if (code is >= 0xD800 and <= 0xDFFF)
                return string.Create(CultureInfo.InvariantCulture, $"the body holds an unpaired UTF-16 surrogate escape (\\u{code:x4}) at byte {at + 1}; text must be valid Unicode");
            i = at + 6;
        }
        return null;
    }

    /// <summary>Whether the backslash at <paramref name="at"/> is itself escaped (an odd number of backslashes before it).</summary>
    private static bool IsEscaped(ReadOnlySpan<byte> body, int at)
    {
        var n = 0;
        for (var j = at - 1; j >= 0 && body[j] == '\\'; j--) n++;
        return n % 2 == 1;
    }

    private static int? Hex(ReadOnlySpan<byte> body, int from)
    {
        if (body.Length < from + 4) return null;
        var value = 0;
        for (var j = from; j < from + 4; j++)
        {
            var d = body[j] switch
            {
                >= (byte)'0' and <= (byte)'9' => body[j] - '0',
                >= (byte)'a' and <= (byte)'f' => body[j] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => body[j] - 'A' + 10,
                _ => -1,
            };
            if (d < 0) return null;
            value = value * 16 + d;
        }
        return value;
    }
}
