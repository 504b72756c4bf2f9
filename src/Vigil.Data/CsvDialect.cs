using System.IO.Compression;
using System.Text;
using Vigil.Core;

namespace Vigil.Data;

/// <summary>
/// The header of a delimited text file: its delimiter (comma, semicolon or tab, whichever the header
/// line holds most of) and its column names. Read here rather than by DuckDB's sniffer so that a
/// ragged row is reported as a ragged row instead of as "could not detect the dialect".
/// </summary>
internal sealed record CsvDialect(char Delimiter, IReadOnlyList<string> Columns)
{
    private static readonly char[] Candidates = [',', ';', '\t'];

    public static CsvDialect Read(string path)
    {
        string? header;
        using (var stream = OpenText(path))
        {
            header = stream.ReadLine();
        }
        if (string.IsNullOrWhiteSpace(header))
            throw VigilException.BadData($"{path}: the file is empty; expected a header line with column names");
        header = header.TrimStart('\uFEFF');

        var delimiter = ',';
        var best = -1;
        foreach (var c in Candidates)
        {
            var count = CountOutsideQuotes(header, c);
            if (count > best)
            {
                best = count;
                delimiter = c;
            }
        }

        var columns = Split(header, delimiter);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length == 0)
                throw VigilException.BadData($"{path}: line 1: column {i + 1} of the header has no name");
            if (!seen.Add(columns[i]))
                throw VigilException.BadData($"{path}: line 1: column name '{columns[i]}' appears twice in the header");
        }
        return new CsvDialect(delimiter, columns);
    }

    private static StreamReader OpenText(string path)
    {
        Stream s = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            s = new GZipStream(s, CompressionMode.Decompress);
        return new StreamReader(s, Encoding.UTF8);
    }

    private static int CountOutsideQuotes(string line, char c)
    {
        var n = 0;
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == c && !quoted) n++;
        }
        return n;
    }

    private static List<string> Split(string line, char delimiter)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (ch == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (ch == delimiter && !quoted)
            {
                fields.Add(sb.ToString().Trim());
                sb.Clear();
            }
            else
            {
                sb.Append(ch);
            }
        }
        fields.Add(sb.ToString().Trim().TrimEnd('\r'));
        return fields;
    }
}
