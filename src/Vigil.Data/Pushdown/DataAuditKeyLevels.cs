using System.Globalization;
using Vigil.Core;

namespace Vigil.Data.Pushdown;

/// <summary>The levels of a data audit's key columns (protected attributes, then the site) as the cells query returned them.</summary>
internal sealed record KeyLevelSet(string[] Levels);

/// <summary>
/// Levels of the keys of <see cref="DataAuditSummarySql"/> as <see cref="DataAuditLoader"/> forms them from a file: texts in
/// canonical form, sorted (<see cref="TabularSource.SortLevels"/>), renamed by --level-names; a banded attribute's levels are
/// its band labels; a missing value is the level "(missing)", last, present only when some row has it.
/// </summary>
internal sealed class KeyLevels
{
    private readonly DataAuditColumns _spec;
    private readonly Bands?[] _bands;
    private readonly int _attributes;
    private readonly List<string>[] _texts;
    private readonly long[] _missing;
    private string[]?[] _sorted;
    private Dictionary<string, int>?[] _index;

    public KeyLevels(DataAuditColumns spec, Bands?[] bands, int attributes)
    {
        _spec = spec;
        _bands = bands;
        _attributes = attributes;
        _texts = new List<string>[attributes + 1];
        for (var k = 0; k < _texts.Length; k++) _texts[k] = [];
        _missing = new long[attributes + 1];
        _sorted = new string[attributes + 1][];
        _index = new Dictionary<string, int>[attributes + 1];
    }

    /// <summary>Notes a cells row's key values (and their row count, for the notes).</summary>
    public void See(object?[] row, bool site)
    {
        var keys = _attributes + (site ? 1 : 0);
        var n = Convert.ToInt64(row[keys + 1], CultureInfo.InvariantCulture);
        for (var k = 0; k < keys; k++)
        {
            if (row[k] is null)
            {
                _missing[k] += n;
                continue;
            }
            if (k < _attributes && _bands[k] is not null) continue;
            var text = DataAuditLoader.Canonical(Convert.ToString(row[k], CultureInfo.InvariantCulture) ?? "");
            if (!_texts[k].Contains(text)) _texts[k].Add(text);
        }
    }

    /// <summary>The protected attributes' final levels.</summary>
    public List<KeyLevelSet> Protected(IReadOnlyList<string> names)
    {
        var result = new List<KeyLevelSet>(names.Count);
        for (var k = 0; k < names.Count; k++)
        {
            string[] levels;
            if (_bands[k] is { } b)
            {
                levels = b.Labels();
            }
            else
            {
                _sorted[k] = TabularSource.SortLevels(_texts[k]);
                Index(k);
                levels = PushdownDataAuditLoader.Renamed(names[k], _sorted[k]!, _spec.LevelNames);
            }
            result.Add(new KeyLevelSet(_missing[k] > 0 ? [.. levels, AuditLoader.MissingLevel] : levels));
        }
        return result;
    }

    /// <summary>The site's final levels.</summary>
    public KeyLevelSet Site(string name)
    {
        var k = _attributes;
        _sorted[k] = TabularSource.SortLevels(_texts[k]);
        Index(k);
        var levels = PushdownDataAuditLoader.Renamed(name, _sorted[k]!, _spec.LevelNames);
        return new KeyLevelSet(_missing[k] > 0 ? [.. levels, AuditLoader.MissingLevel] : levels);
    }

    /// <summary>The level index of key <paramref name="k"/>'s value (null: "(missing)").</summary>
    public int Code(int k, object? value)
    {
        if (k < _attributes && _bands[k] is { } b)
            return value is null ? b.Edges.Length + 1 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
        if (value is null) return _sorted[k]!.Length;
        return _index[k]![DataAuditLoader.Canonical(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")];
    }

    /// <summary>What the output says about missing keys.</summary>
    public List<string> Notes(IReadOnlyList<string> names, string? site)
    {
        var notes = new List<string>();
        for (var k = 0; k <= _attributes; k++)
        {
            if (_missing[k] == 0) continue;
            var name = k < _attributes ? names[k] : site;
            if (name is not null) notes.Add($"'{name}' is missing in {_missing[k]} rows; they form the group '{AuditLoader.MissingLevel}'");
        }
        return notes;
    }

    private void Index(int k)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _sorted[k]!.Length; i++) index[_sorted[k]![i]] = i;
        _index[k] = index;
    }
}
