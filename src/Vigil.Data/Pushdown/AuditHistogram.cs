using System.Runtime.CompilerServices;
using Vigil.Core.Audit.Federation;

namespace Vigil.Data.Pushdown;

/// <summary>
/// Counts an audit's rows by (protected levels, label, prediction, score bin) from DuckDB result vectors, the counts that
/// the SQL summary (<see cref="AuditSummarySql"/>) returns as group rows: each column's values are dictionary-coded
/// straight from DuckDB's strings (<see cref="LevelTable"/>), the codes packed into one key per (levels, label,
/// prediction) group, and each group has a dense array of bin counts. Rows the audit refuses (label or prediction missing,
/// score missing or outside [0, 1]) are counted only.
/// </summary>
internal sealed class AuditHistogram
{
    private const int MaxBinaryLevels = 101; // one more than the loader accepts, so that it names the column
    private const int TextBits = 11;         // MaxCategoricalLevels + 1 codes (a missing value is code 0)
    private const int BandedBits = 17;
    private const int BinaryBits = 7;

    private readonly bool[] _integer;
    private readonly bool _hasScore;
    private readonly double _threshold;
    private readonly double _width;
    private readonly int _bins;
    private readonly long _maxCells;
    private readonly LevelTable[] _attributes;
    private readonly bool[] _banded;
    private readonly int[] _shift;
    private readonly LevelTable _labels = new(MaxBinaryLevels);
    private readonly LevelTable _predictions = new(MaxBinaryLevels);
    private readonly GroupKeyTable _groupOfKey = new();
    private readonly List<long> _keys = [];
    private readonly List<long[]> _counts = [];
    private long _lastKey = -1;
    private long[]? _lastCounts;

    /// <summary>
    /// A counter of <paramref name="bands"/>' attributes, the label and a score (bins of <paramref name="width"/>, the prediction
    /// at <paramref name="threshold"/>) or a prediction, giving up past <paramref name="maxCells"/> counts or
    /// <paramref name="maxBandedValues"/> values of a banded attribute. <paramref name="integers"/>: per vector column
    /// (attributes, label, last), whether it arrives as BIGINT (an integer-typed column, coded by value and named by its
    /// decimal digits, as DuckDB's cast to VARCHAR would name it) rather than as text; null: none.
    /// </summary>
    public AuditHistogram(Bands?[] bands, bool hasScore, double threshold, double width, long maxCells, int maxBandedValues,
        bool[]? integers = null)
    {
        _integer = integers ?? new bool[bands.Length + 2];
        _hasScore = hasScore;
        _threshold = threshold;
        _width = width;
        _bins = hasScore ? SiteSummary.BinCount(width) : 1;
        _maxCells = maxCells;
        _attributes = new LevelTable[bands.Length];
        _banded = new bool[bands.Length];
        _shift = new int[bands.Length];
        var bits = 2 * BinaryBits;
        for (var k = 0; k < bands.Length; k++)
        {
            _banded[k] = bands[k] is not null;
            _attributes[k] = new LevelTable(_banded[k] ? maxBandedValues : TabularSource.MaxCategoricalLevels + 1);
            _shift[k] = bits;
            bits += _banded[k] ? BandedBits : TextBits;
        }
        Fits = bits <= 63;
    }

    /// <summary>False when the groups' codes do not fit one key (too many attributes): the caller summarizes otherwise.</summary>
    public bool Fits { get; }

    public int Attributes => _attributes.Length;

    public long Rows { get; private set; }

    public int GroupCount => _counts.Count;

    private long _labelMissing;
    private long _badScores;
    private long _predictionMissing;

    /// <summary>
    /// Counts one chunk: per column its data and validity pointers (attributes, then label, then score or prediction).
    /// False when a column has more levels than are counted here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe bool Add(nint[] data, nint[] validity, int size)
    {
        Rows += size;
        var labelText = (byte*)data[_attributes.Length];
        var labelValid = (ulong*)validity[_attributes.Length];
        var labelInteger = _integer[_attributes.Length];
        var last = _attributes.Length + 1;
        var scores = (double*)data[last];
        var lastValid = (ulong*)validity[last];
        for (var i = 0; i < size; i++)
        {
            if (!Valid(labelValid, i))
            {
                _labelMissing++;
                continue;
            }
            int second, bin;
            if (_hasScore)
            {
                var s = scores[i];
                if (!Valid(lastValid, i) || !(s >= 0 && s <= 1))
                {
                    _badScores++;
                    continue;
                }
                second = s >= _threshold ? 1 : 0;
                bin = SummaryPooling.Bin(s, _width, _bins);
            }
            else
            {
                if (!Valid(lastValid, i))
                {
                    _predictionMissing++;
                    continue;
                }
                second = _integer[last] ? _predictions.CodeOfInteger(((long*)data[last])[i]) : _predictions.CodeOfString((byte*)data[last] + 16L * i);
                if (second < 0) return false;
                bin = 0;
            }
            var y = labelInteger ? _labels.CodeOfInteger(((long*)labelText)[i]) : _labels.CodeOfString(labelText + 16L * i);
            if (y < 0) return false;
            var key = (long)(uint)y | ((long)(uint)second << BinaryBits);
            for (var k = 0; k < _attributes.Length; k++)
            {
                int code;
                if (!Valid((ulong*)validity[k], i)) code = 0;
                else if (_banded[k])
                {
                    var value = ((double*)data[k])[i];
                    code = double.IsNaN(value) ? 0 : _attributes[k].CodeOfNumber(value == 0 ? 0 : value) + 1;
                }
                else
                {
                    code = (_integer[k] ? _attributes[k].CodeOfInteger(((long*)data[k])[i]) : _attributes[k].CodeOfString((byte*)data[k] + 16L * i)) + 1;
                }
                if (code < 0 || _attributes[k].Overflowed) return false;
                key |= (long)(uint)code << _shift[k];
            }
            var counts = key == _lastKey ? _lastCounts! : Counts(key);
            if (counts.Length == 0) return false;
            counts[bin]++;
        }
        return true;
    }

    /// <summary>
    /// Adds another counter's counts (the same columns, another range of the rows), its codes translated through the levels'
    /// texts and numbers; false when the union has more levels or groups than are counted here.
    /// </summary>
    public bool Merge(AuditHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Rows += other.Rows;
        _labelMissing += other._labelMissing;
        _badScores += other._badScores;
        _predictionMissing += other._predictionMissing;
        var labels = Translation(other._labels, _labels);
        int[]? predictions = _hasScore ? [] : Translation(other._predictions, _predictions);
        var attributes = new int[]?[_attributes.Length];
        for (var k = 0; k < attributes.Length; k++)
            attributes[k] = Translation(other._attributes[k], _attributes[k]);
        if (labels is null || predictions is null || Array.IndexOf(attributes, null) >= 0) return false;
        const long BinaryMask = (1 << BinaryBits) - 1;
        for (var g = 0; g < other._keys.Count; g++)
        {
            var key = other._keys[g];
            var second = (int)((key >> BinaryBits) & BinaryMask);
            var merged = (long)(uint)labels[(int)(key & BinaryMask)] | ((long)(uint)(_hasScore ? second : predictions[second]) << BinaryBits);
            for (var k = 0; k < attributes.Length; k++)
            {
                var code = (int)((key >> _shift[k]) & ((1L << (_banded[k] ? BandedBits : TextBits)) - 1));
                merged |= (long)(uint)(code == 0 ? 0 : attributes[k]![code - 1] + 1) << _shift[k];
            }
            var counts = Counts(merged);
            if (counts.Length == 0) return false;
            var add = other._counts[g];
            for (var bin = 0; bin < counts.Length; bin++) counts[bin] += add[bin];
        }
        return true;
    }

    /// <summary>Per code of <paramref name="from"/>, the code of the same level in <paramref name="to"/>; null on overflow.</summary>
    private static int[]? Translation(LevelTable from, LevelTable to)
    {
        var map = new int[from.Levels.Count];
        for (var c = 0; c < map.Length; c++)
        {
            map[c] = from.Integers.Count > 0 ? to.CodeOfInteger(from.Integers[c])
                : from.Numbers.Count > 0 ? to.CodeOfNumber(from.Numbers[c])
                : to.CodeOfText(from.Levels[c]);
            if (map[c] < 0 || to.Overflowed) return null;
        }
        return map;
    }

    private static unsafe bool Valid(ulong* validity, int i) => validity == null || ((validity[i >> 6] >> (i & 63)) & 1UL) != 0;

    private long[] Counts(long key)
    {
        var group = _groupOfKey.Find(key);
        if (group < 0)
        {
            if ((long)(_counts.Count + 1) * _bins > _maxCells) return [];
            group = _counts.Count;
            _groupOfKey.Add(key, group);
            _keys.Add(key);
            _counts.Add(new long[_bins]);
        }
        _lastKey = key;
        return _lastCounts = _counts[group];
    }

    /// <summary>The counts as the SQL summary's group rows (one per non-empty bin of each group), levels registered in ordinal order.</summary>
    public GroupRows ToGroupRows(Bands?[] bands)
    {
        var rows = new GroupRows(bands, _hasScore);
        rows.AddRefused(_labelMissing, _badScores, _predictionMissing);
        var attributeMap = new int[_attributes.Length][];
        for (var k = 0; k < _attributes.Length; k++)
        {
            var table = _attributes[k];
            var map = attributeMap[k] = new int[table.Levels.Count + 1];
            map[0] = -1;
            var order = Enumerable.Range(0, table.Levels.Count).ToArray();
            if (_banded[k])
            {
                Array.Sort(order, (a, b) => table.Numbers[a].CompareTo(table.Numbers[b]));
                foreach (var c in order) map[c + 1] = rows.Numbers[k]!.Code(table.Numbers[c]);
            }
            else
            {
                Array.Sort(order, (a, b) => string.CompareOrdinal(table.Levels[a], table.Levels[b]));
                foreach (var c in order) map[c + 1] = rows.Texts[k]!.Code(table.Levels[c]);
            }
        }
        var predictionCodes = new int[_predictions.Levels.Count];
        for (var c = 0; c < predictionCodes.Length; c++) predictionCodes[c] = rows.Predictions.Code(_predictions.Levels[c]);
        var codes = new int[_attributes.Length];
        for (var g = 0; g < _counts.Count; g++)
        {
            var key = _keys[g];
            var label = _labels.Levels[(int)(key & ((1 << BinaryBits) - 1))];
            var second = (int)((key >> BinaryBits) & ((1 << BinaryBits) - 1));
            if (!_hasScore) second = predictionCodes[second];
            for (var k = 0; k < _attributes.Length; k++)
            {
                var width = _banded[k] ? BandedBits : TextBits;
                codes[k] = attributeMap[k][(int)((key >> _shift[k]) & ((1L << width) - 1))];
            }
            var counts = _counts[g];
            for (var bin = 0; bin < counts.Length; bin++)
                if (counts[bin] > 0) rows.Add(label, second, bin, codes, counts[bin]);
        }
        return rows;
    }
}
