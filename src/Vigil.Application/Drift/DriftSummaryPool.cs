using Vigil.Contracts.DriftSummary;
using Vigil.Core;
using Vigil.Core.Drift;
using Vigil.Core.Drift.Categorical;
using Vigil.Core.Drift.Summaries;

namespace Vigil.Application.Drift;

/// <summary>One site of a pool: its name, file and rows.</summary>
public sealed record PoolSite(string Name, string File, long ReferenceRows, long CurrentRows);

/// <summary>One compared column across the sites: per site its numeric summary or level counts, and its missing cells.</summary>
public sealed record PoolColumn(string Name, ColumnType Type, NumericColumnSummary[]? Numeric, CategoryCounts[]? Levels, long[] MissingReference, long[] MissingCurrent);

/// <summary>
/// Sites' drift summaries read, checked against each other and turned into the engine's summaries: the same settings,
/// the same columns in the same order with the same types, distinct site names, and no summary that contradicts itself
/// (counts that do not add up, bins outside the grid, values out of order). Every error names the file and the column.
/// </summary>
public sealed class DriftSummaryPool
{
    private DriftSummaryPool(IReadOnlyList<PoolSite> sites, IReadOnlyList<PoolColumn> columns, DriftSummarySettings settings)
    {
        Sites = sites;
        Columns = columns;
        Settings = settings;
    }

    /// <summary>Largest fine-bin count a summary may declare (ten times what vigil writes).</summary>
    public const int MaxFineBins = 10 * NumericColumnSummary.DefaultFineBinCount;

    public IReadOnlyList<PoolSite> Sites { get; }

    public IReadOnlyList<PoolColumn> Columns { get; }

    public DriftSummarySettings Settings { get; }

    /// <summary>Reads and checks the summaries; keeps only <paramref name="wanted"/> columns when given.</summary>
    public static DriftSummaryPool Load(IReadOnlyList<string> files, IReadOnlyList<string> wanted)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(wanted);
        if (files.Count == 0) throw VigilException.Option("summaries", "name at least one summary file");
        var docs = new List<DriftSummaryDocument>(files.Count);
        foreach (var f in files) docs.Add(DriftSummaryContract.Read(f));
        var first = docs[0];
        // The grid is allocated per column: a hand-edited bin count must not size it.
        if (first.Settings.FineBins is < 1 or > MaxFineBins)
            throw VigilException.BadData($"{files[0]}: fine_bins {first.Settings.FineBins}; expected 1 to {MaxFineBins:N0} (vigil writes {NumericColumnSummary.DefaultFineBinCount:N0})");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < docs.Count; s++)
        {
            var d = docs[s];
            if (!names.Add(d.Site)) throw VigilException.BadData($"{files[s]}: site '{d.Site}' is named by two summaries; give each site its own name ({Param.Ref("site_name")})");
            if (d.Settings.MaxExactValues != first.Settings.MaxExactValues || d.Settings.FineBins != first.Settings.FineBins || d.Settings.MinCell != first.Settings.MinCell)
                throw VigilException.BadData($"{files[s]}: made with other settings than {files[0]} (max exact values, fine bins, min cell); summarise every site the same way");
            if (d.Columns.Count != first.Columns.Count)
                throw VigilException.BadData($"{files[s]}: {d.Columns.Count} columns, but {files[0]} has {first.Columns.Count}; summarise the same columns at every site");
            for (var k = 0; k < d.Columns.Count; k++)
                if (d.Columns[k].Name != first.Columns[k].Name || d.Columns[k].Type != first.Columns[k].Type)
                    throw VigilException.BadData($"{files[s]}: column {k + 1} is '{d.Columns[k].Name}' ({d.Columns[k].Type}), but in {files[0]} '{first.Columns[k].Name}' ({first.Columns[k].Type}); summarise the same columns at every site");
        }
        var keep = new List<int>();
        if (wanted.Count == 0)
            for (var k = 0; k < first.Columns.Count; k++) keep.Add(k);
        else
            foreach (var w in wanted)
            {
                var k = first.Columns.ToList().FindIndex(c => c.Name == w);
                if (k < 0) throw VigilException.Option("columns", $"no column '{w}' in the summaries; they hold: {string.Join(", ", first.Columns.Select(c => c.Name))}");
                keep.Add(k);
            }
        var columns = new List<PoolColumn>(keep.Count);
        foreach (var k in keep)
        {
            var numeric = first.Columns[k].Type == "numerical";
            var missR = new long[docs.Count];
            var missC = new long[docs.Count];
            var nums = numeric ? new NumericColumnSummary[docs.Count] : null;
            var levels = numeric ? null : new CategoryCounts[docs.Count];
            for (var s = 0; s < docs.Count; s++)
            {
                var c = docs[s].Columns[k];
                if (c.MissingReference < 0 || c.MissingCurrent < 0) throw Bad(files[s], c.Name, "negative missing counts");
                missR[s] = c.MissingReference;
                missC[s] = c.MissingCurrent;
                if (numeric) nums![s] = Numeric(files[s], c, first.Settings);
                else levels![s] = Levels(files[s], c);
            }
            columns.Add(new PoolColumn(first.Columns[k].Name, numeric ? ColumnType.Numerical : ColumnType.Categorical, nums, levels, missR, missC));
        }
        var sites = docs.Select((d, s) => new PoolSite(d.Site, files[s], d.ReferenceRows, d.CurrentRows)).ToList();
        return new DriftSummaryPool(sites, columns, first.Settings);
    }

    /// <summary>The drift of one column over the sites <paramref name="sites"/> pooled (one site: its own summary as it came).</summary>
    public ColumnDrift Analyze(PoolColumn column, IReadOnlyList<int> sites, TestSelection selection, ColumnTestOverride? chosen)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(sites);
        long missR = 0, missC = 0;
        foreach (var s in sites)
        {
            missR += column.MissingReference[s];
            missC += column.MissingCurrent[s];
        }
        if (column.Numeric is { } numeric)
        {
            var summary = sites.Count == 1 ? numeric[sites[0]]
                : NumericSummaryMerge.Merge(sites.Select(s => numeric[s]).ToList(), Settings.MaxExactValues, Settings.FineBins);
            return SummaryColumnAnalyzer.Analyze(column.Name, summary, selection, chosen);
        }
        using var samples = ColumnSamples.Categorical(AddLevels(sites.Select(s => column.Levels![s]).ToList()), missR, missC);
        return ColumnDriftAnalyzer.Analyze(column.Name, samples, selection, chosen);
    }

    private static CategoryCounts AddLevels(List<CategoryCounts> parts)
    {
        if (parts.Count == 1) return parts[0];
        var counts = new SortedDictionary<string, (long R, long C)>(StringComparer.Ordinal);
        foreach (var p in parts)
            for (var i = 0; i < p.Count; i++)
            {
                counts.TryGetValue(p.Keys[i], out var pair);
                counts[p.Keys[i]] = (pair.R + p.Reference[i], pair.C + p.Current[i]);
            }
        return new CategoryCounts([.. counts.Keys], [.. counts.Values.Select(v => v.R)], [.. counts.Values.Select(v => v.C)]);
    }

    private static CategoryCounts Levels(string file, DriftSummaryColumn c)
    {
        var levels = c.Levels ?? throw Bad(file, c.Name, "a categorical column without levels");
        var keys = new string[levels.Count];
        var r = new long[levels.Count];
        var cur = new long[levels.Count];
        for (var i = 0; i < levels.Count; i++)
        {
            var l = levels[i];
            if (l.Reference < 0 || l.Current < 0) throw Bad(file, c.Name, $"level '{l.Level}' has a negative count");
            if (i > 0 && string.CompareOrdinal(keys[i - 1], l.Level) >= 0) throw Bad(file, c.Name, "levels out of order or repeated");
            (keys[i], r[i], cur[i]) = (l.Level, l.Reference, l.Current);
        }
        return new CategoryCounts(keys, r, cur);
    }

    private static NumericColumnSummary Numeric(string file, DriftSummaryColumn c, DriftSummarySettings settings)
    {
        var n = c.Numeric ?? throw Bad(file, c.Name, "a numerical column without its summary");
        var r = Moments(file, c.Name, n.Reference, c.MissingReference);
        var cur = Moments(file, c.Name, n.Current, c.MissingCurrent);
        if (n.Values is { } values)
        {
            var vr = n.ValueReference ?? throw Bad(file, c.Name, "values without reference counts");
            var vc = n.ValueCurrent ?? throw Bad(file, c.Name, "values without current counts");
            if (vr.Count != values.Count || vc.Count != values.Count) throw Bad(file, c.Name, "values and counts of different lengths");
            for (var i = 0; i < values.Count; i++)
            {
                if (!double.IsFinite(values[i]) || (i > 0 && values[i] <= values[i - 1])) throw Bad(file, c.Name, "values not finite and ascending");
                if (vr[i] < 0 || vc[i] < 0) throw Bad(file, c.Name, "a negative count");
            }
            CheckTotal(file, c.Name, vr, r.Count, "reference");
            CheckTotal(file, c.Name, vc, cur.Count, "current");
            return new NumericColumnSummary
            {
                Reference = r, Current = cur, ReferenceDistinct = n.ReferenceDistinct,
                Values = [.. values], ValueReference = [.. vr], ValueCurrent = [.. vc],
            };
        }
        if (n.FineBinCount != settings.FineBins || n.FineLow is not { } low || n.FineWidth is not { } width || !double.IsFinite(low) || !(width > 0) || n.FineBins is not { } flat || flat.Count % 3 != 0)
            throw Bad(file, c.Name, $"neither counts per value nor {settings.FineBins} fine bins with their range");
        var fr = new long[n.FineBinCount];
        var fc = new long[n.FineBinCount];
        for (var i = 0; i < flat.Count; i += 3)
        {
            var bin = flat[i];
            if (bin < 0 || bin >= n.FineBinCount || (i > 0 && bin <= flat[i - 3])) throw Bad(file, c.Name, $"fine bin {bin} out of order or outside 0..{n.FineBinCount - 1}");
            if (flat[i + 1] < 0 || flat[i + 2] < 0) throw Bad(file, c.Name, "a negative count");
            fr[bin] = flat[i + 1];
            fc[bin] = flat[i + 2];
        }
        CheckTotal(file, c.Name, fr, r.Count, "reference");
        CheckTotal(file, c.Name, fc, cur.Count, "current");
        var sr = n.SturgesReference ?? throw Bad(file, c.Name, "fine bins without Sturges counts");
        var sc = n.SturgesCurrent ?? throw Bad(file, c.Name, "fine bins without Sturges counts");
        if (n.ReferenceDistinct <= Core.Drift.Binned.BinnedShares.MaxPerValueBins || n.SturgesEdges is not { Count: >= 2 } edges || sr.Count != edges.Count - 1 || sc.Count != edges.Count - 1)
            throw Bad(file, c.Name, "fine bins need more than 20 distinct reference values and Sturges edges with one count per bin");
        CheckTotal(file, c.Name, sr, r.Count, "reference");
        CheckTotal(file, c.Name, sc, cur.Count, "current");
        return new NumericColumnSummary
        {
            Reference = r, Current = cur, ReferenceDistinct = n.ReferenceDistinct,
            FineLow = low, FineWidth = width, FineBinCount = n.FineBinCount, FineReference = fr, FineCurrent = fc,
            SturgesEdges = [.. edges], SturgesReference = [.. sr], SturgesCurrent = [.. sc],
        };
    }

    private static SideMoments Moments(string file, string column, DriftSummaryMoments m, long missing)
    {
        if (m.Count < 0 || !(m.SumSquaredDeviations >= 0)) throw Bad(file, column, "a negative count or sum of squares");
        if (m.Count == 0) return new SideMoments(0, missing, double.NaN, 0, double.NaN, double.NaN);
        if (m.Mean is not { } mean || m.Min is not { } min || m.Max is not { } max || !double.IsFinite(mean) || !double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw Bad(file, column, "values counted without a finite mean, min and max");
        return new SideMoments(m.Count, missing, mean, m.SumSquaredDeviations, min, max);
    }

    private static void CheckTotal(string file, string column, IReadOnlyList<long> counts, long expected, string side)
    {
        long total = 0;
        foreach (var c in counts) total += c;
        if (total != expected) throw Bad(file, column, $"the {side} counts add up to {total}, not the {expected} values counted");
    }

    private static VigilException Bad(string file, string column, string what) =>
        new(FailureKind.Data, $"{file}: column '{column}': {what}; the summary contradicts itself (re-run {DriftSummaryContract.Producer})") { Column = column };
}
