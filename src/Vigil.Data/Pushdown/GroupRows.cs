using System.Data.Common;

namespace Vigil.Data.Pushdown;

/// <summary>Distinct values in the order first seen, each with its code.</summary>
internal sealed class LevelCodes<T> where T : notnull
{
    private readonly Dictionary<T, int> _codes = [];

    public List<T> Values { get; } = [];

    public int Code(T value)
    {
        if (_codes.TryGetValue(value, out var code)) return code;
        code = Values.Count;
        _codes[value] = code;
        Values.Add(value);
        return code;
    }
}

/// <summary>
/// The result rows of an audit summary query (<see cref="AuditSummarySql"/>: a0 … ak, y, then p and b, or pv, then n) as
/// columns of codes, with the rows that the audit refuses (label or prediction missing, score missing or outside
/// [0, 1]) counted rather than kept. A missing protected value is code −1.
/// </summary>
internal sealed class GroupRows
{
    private readonly List<int> _attributeCodes = [];
    private readonly int _attributes;

    /// <param name="bands">Per attribute, its bands when it arrives as a number to be banded, else null.</param>
    /// <param name="hasScore">True when the query returns p and b, false when it returns pv.</param>
    public GroupRows(Bands?[] bands, bool hasScore)
    {
        _attributes = bands.Length;
        HasScore = hasScore;
        AttributeMissing = new long[_attributes];
        Texts = new LevelCodes<string>?[_attributes];
        Numbers = new LevelCodes<double>?[_attributes];
        for (var k = 0; k < _attributes; k++)
            if (bands[k] is null) Texts[k] = new LevelCodes<string>();
            else Numbers[k] = new LevelCodes<double>();
    }

    public bool HasScore { get; }

    /// <summary>Rows the query's result holds (every group's n, the refused rows too).</summary>
    public long Rows { get; private set; }

    public long LabelMissing { get; private set; }

    public long BadScores { get; private set; }

    public long PredictionMissing { get; private set; }

    /// <summary>Rows whose protected attribute k is missing.</summary>
    public long[] AttributeMissing { get; }

    /// <summary>Distinct texts of categorical attribute k (null for a banded one).</summary>
    public LevelCodes<string>?[] Texts { get; }

    /// <summary>Distinct values of banded attribute k (null for a categorical one).</summary>
    public LevelCodes<double>?[] Numbers { get; }

    public LevelCodes<string> Labels { get; } = new();

    public LevelCodes<string> Predictions { get; } = new();

    public List<int> LabelCodes { get; } = [];

    /// <summary>With a score the 0/1 prediction at the threshold, else the code of the prediction's text.</summary>
    public List<int> PredictionOrBin { get; } = [];

    public List<int> Bins { get; } = [];

    public List<long> Counts { get; } = [];

    /// <summary>Group rows kept.</summary>
    public int Count => Counts.Count;

    /// <summary>The code of attribute k in kept row i; a missing value is the code after the last distinct value.</summary>
    public int AttributeCode(int i, int k)
    {
        var code = _attributeCodes[i * _attributes + k];
        return code >= 0 ? code : Texts[k]?.Values.Count ?? Numbers[k]!.Values.Count;
    }

    /// <summary>Counts rows the audit refuses (<see cref="LabelMissing"/>, <see cref="BadScores"/>, <see cref="PredictionMissing"/>).</summary>
    public void AddRefused(long labelMissing, long badScores, long predictionMissing)
    {
        Rows += labelMissing + badScores + predictionMissing;
        LabelMissing += labelMissing;
        BadScores += badScores;
        PredictionMissing += predictionMissing;
    }

    /// <summary>
    /// Adds one group row counted elsewhere (<see cref="AuditHistogram"/>): its label's text, the 0/1 prediction or the
    /// prediction's code in <see cref="Predictions"/>, its bin, and per attribute the code in <see cref="Texts"/> or
    /// <see cref="Numbers"/> (−1 when missing).
    /// </summary>
    public void Add(string label, int second, int bin, ReadOnlySpan<int> attributeCodes, long n)
    {
        Rows += n;
        for (var a = 0; a < _attributes; a++)
        {
            if (attributeCodes[a] < 0) AttributeMissing[a] += n;
            _attributeCodes.Add(attributeCodes[a]);
        }
        LabelCodes.Add(Labels.Code(label));
        PredictionOrBin.Add(second);
        Bins.Add(bin);
        Counts.Add(n);
    }

    /// <summary>Adds the reader's current row.</summary>
    public void Add(DbDataReader reader)
    {
        var column = _attributes;
        var n = reader.GetInt64(reader.FieldCount - 1);
        Rows += n;
        if (reader.IsDBNull(column))
        {
            LabelMissing += n;
            return;
        }
        var label = reader.GetString(column++);
        int second;
        var bin = 0;
        if (HasScore)
        {
            second = (int)reader.GetInt64(column++);
            bin = (int)reader.GetInt64(column);
            if (bin < 0)
            {
                BadScores += n;
                return;
            }
        }
        else
        {
            if (reader.IsDBNull(column))
            {
                PredictionMissing += n;
                return;
            }
            second = Predictions.Code(reader.GetString(column));
        }
        for (var a = 0; a < _attributes; a++)
        {
            int code;
            if (Numbers[a] is { } numbers)
            {
                var value = reader.IsDBNull(a) ? double.NaN : reader.GetDouble(a);
                code = double.IsNaN(value) ? -1 : numbers.Code(value == 0 ? 0 : value);
            }
            else
            {
                code = reader.IsDBNull(a) ? -1 : Texts[a]!.Code(reader.GetString(a));
            }
            if (code < 0) AttributeMissing[a] += n;
            _attributeCodes.Add(code);
        }
        LabelCodes.Add(Labels.Code(label));
        PredictionOrBin.Add(second);
        Bins.Add(bin);
        Counts.Add(n);
    }
}
