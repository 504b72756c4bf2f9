using System.Text;
using Vigil.Core;

namespace Vigil.Application.Monitoring;

/// <summary>
/// Reads RFC 4180 records from a text stream one at a time (quoted fields may hold the delimiter, doubled quotes and
/// line breaks), so a pushed file of any size is read in constant memory. The delimiter is a comma, a semicolon or a
/// tab, whichever the header line has most of (the dialects the batch commands read).
/// </summary>
public sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly string _file;
    private readonly StringBuilder _field = new();
    private char _delimiter = ',';
    private long _line;

    /// <param name="reader">The text.</param>
    /// <param name="file">The file's name, for messages.</param>
    public CsvRecordReader(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _file = file;
    }

    /// <summary>The line the last record started on (1-based), for messages.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the header line, choosing the delimiter from it; null for an empty file.</summary>
    public IReadOnlyList<string>? ReadHeader()
    {
        string? line;
        do
        {
            line = _reader.ReadLine();
            _line++;
            if (line is null) return null;
        }
        while (line.Trim().Length == 0);
        RecordLine = _line;
        int commas = 0, semicolons = 0, tabs = 0;
        foreach (var ch in line)
        {
            if (ch == ',') commas++;
            else if (ch == ';') semicolons++;
            else if (ch == '\t') tabs++;
        }
        _delimiter = tabs > commas && tabs >= semicolons ? '\t' : semicolons > commas ? ';' : ',';
        var header = new CsvRecordReader(new StringReader(line), _file) { _delimiter = _delimiter }.Read()!;
        for (var i = 0; i < header.Count; i++) header[i] = header[i].Trim().TrimStart('\uFEFF');
        return header;
    }

    /// <summary>The next record's fields, or null at the end. Blank lines are skipped.</summary>
    public List<string>? Read()
    {
        var fields = new List<string>();
        _field.Clear();
        var inQuotes = false;
        var any = false;
        RecordLine = _line + 1;
        while (true)
        {
            var c = _reader.Read();
            if (c < 0)
            {
                if (inQuotes) throw VigilException.BadData($"{_file}: line {RecordLine}: a quoted field is not closed");
                if (!any) return null;
                fields.Add(_field.ToString());
                return fields;
            }
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n') _line++;
                    _field.Append(ch);
                }
                continue;
            }
            if (ch == '\r') continue;
            if (ch == '\n')
            {
                _line++;
                if (!any) // a blank line between records
                {
                    RecordLine = _line + 1;
                    continue;
                }
                fields.Add(_field.ToString());
                return fields;
            }
            any = true;
            if (ch == '"' && _field.Length == 0) inQuotes = true;
            else if (ch == _delimiter)
            {
                fields.Add(_field.ToString());
                _field.Clear();
            }
            else _field.Append(ch);
        }
    }
}
