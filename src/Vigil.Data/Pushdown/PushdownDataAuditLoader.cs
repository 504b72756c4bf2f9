using System.Data.Common;
using System.Globalization;
using Vigil.Core;
using Vigil.Core.DataAudit;
using Vigil.Core.Labels;
using Vigil.Core.Statistics;

namespace Vigil.Data.Pushdown;

/// <summary>What the database computed for a data audit, and how many grouped rows travelled.</summary>
public sealed record PushdownDataAuditResult(DataAuditCounts Counts, long Rows, long GroupRows, IReadOnlyList<string> Notes);

/// <summary>
/// A data audit's counts computed where the data live (docs/push-down.md): the queries of <see cref="DataAuditSummarySql"/>
/// return cells (rows per protected levels × site × label with missing cells per feature), numeric summaries per group,
/// categorical level counts per group and sums of mid-ranks; only those travel. Columns are read as
/// <see cref="DataAuditLoader"/> reads a file's: levels in canonical form ("1.0" and "1" are one level) and sorted, missing
/// protected values as the group "(missing)", bands closed below, the label by the one label kernel, a feature numeric when
/// its column type is numeric and it has more than <see cref="DataAuditLoader.MaxCodedLevels"/> distinct values (or sentinels).
/// DuckDB, PostgreSQL and ClickHouse (<see cref="ClickHouseDataAuditSql"/>); every failure names the source (never its password).
/// </summary>
public static class PushdownDataAuditLoader
{
    private const int MaxLabelLevels = 100;

    /// <summary>Runs the data audit's queries over <paramref name="query"/>'s rows in <paramref name="source"/>. <see cref="DataAuditColumns.Files"/> is not read.</summary>
    public static PushdownDataAuditResult Load(SqlSource source, string query, DataAuditColumns spec)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(query)) throw VigilException.Option("query", "is empty: give the SELECT whose rows are audited");
        if (spec.Annotations.Count > 0)
            throw VigilException.Option("annotations", $"is not available with {Param.Ref("source")}: agreement needs each item's ratings; run with {Param.Ref("data")}");
        if (spec.SiteNames is not null) throw VigilException.Option("site_names", $"names data files; with {Param.Ref("source")} give {Param.Ref("site")} COLUMN");

        using var connection = source.Open();
        var columns = PushdownQuery.Columns(connection, source, query);
        var names = columns.ConvertAll(c => c.Name);
        var numericType = columns.ConvertAll(c => c.IsNumber);
        var label = PushdownQuery.Resolve(columns, spec.Label, source, Param.Ref("label"));
        var attributes = new string[spec.Protected.Count];
        var bands = new Bands?[attributes.Length];
        for (var k = 0; k < attributes.Length; k++)
        {
            bands[k] = spec.Bands.FirstOrDefault(b => b.Column == spec.Protected[k]);
            attributes[k] = PushdownQuery.Resolve(columns, spec.Protected[k], source, bands[k] is null ? Param.Ref("protected") : Param.Ref("bands"));
        }
        var site = spec.SiteColumn is null ? null : PushdownQuery.Resolve(columns, spec.SiteColumn, source, Param.Ref("site"));
        // Without --features every column that plays no other role is a feature (as DataAuditJob.DefaultFeatures).
        var taken = new HashSet<string>(attributes.Append(label), StringComparer.Ordinal);
        if (site is not null) taken.Add(site);
        var requested = spec.Features.Count > 0 ? spec.Features : names.Where(n => !taken.Contains(n)).ToList();
        var features = requested.Select(f => PushdownQuery.Resolve(columns, f, source, Param.Ref("features"))).ToList();
        foreach (var s in spec.Sentinels.Keys.Where(k => !requested.Contains(k)))
            throw VigilException.Option("sentinels", $"{s}=...: '{s}' is not among the features");
        foreach (var column in requested.Where(spec.Protected.Contains))
            throw VigilException.Usage($"'{column}' is both a protected attribute and a feature; proxy detection needs them apart");
        foreach (var (k, b) in bands.Select((b, k) => (k, b)))
            if (b is not null && !numericType[names.IndexOf(attributes[k])])
                throw new VigilException(FailureKind.Data, $"{source.Name}: column '{attributes[k]}' ({Param.Ref("bands")}) is not numeric in {source.Engine}") { Column = attributes[k] };

        // Feature kinds: numeric type and more than ten distinct values (or sentinels), as DataAuditLoader.FeatureKinds.
        var typed = features.Where(f => numericType[names.IndexOf(f)]).ToList();
        var distinct = typed.Count == 0 ? [] : PushdownQuery.Rows(connection, source, DataAuditSummarySql.Distinct(query, typed, source.Dialect))[0];
        var numericNames = new List<string>();
        var numericGiven = new List<string>();
        var sentinels = new List<double[]>();
        var categoricalNames = new List<string>();
        var categoricalGiven = new List<string>();
        for (var f = 0; f < features.Count; f++)
        {
            var given = requested[f];
            var at = typed.IndexOf(features[f]);
            var hasSentinels = spec.Sentinels.TryGetValue(given, out var values);
            if (hasSentinels && at < 0)
                throw new VigilException(FailureKind.Data, $"{given}=...: column '{given}' is not numeric in {source.Name}") { Parameter = "sentinels", Column = given };
            if (at >= 0 && (Long(distinct[at]) > DataAuditLoader.MaxCodedLevels || hasSentinels))
            {
                numericNames.Add(features[f]);
                numericGiven.Add(given);
                sentinels.Add(values ?? []);
            }
            else
            {
                categoricalNames.Add(features[f]);
                categoricalGiven.Add(given);
            }
        }

        var sql = DataAuditSummarySql.For(source.Engine, query, attributes, bands, site, label, numericNames, sentinels, categoricalNames);
                var levels = new KeyLevels(spec, bands, attributes.Length);
        var cellRows = PushdownQuery.Rows(connection, source, sql.Cells());
        if (cellRows.Count == 0) throw VigilException.BadData($"{source.Name}: the query returned no rows to audit");
        foreach (var row in cellRows) levels.See(row, site is not null);

        // The label: canonical levels, sorted, coded by the one label kernel.
        var labelIndex = attributes.Length + (site is null ? 0 : 1);
        var labelTexts = cellRows.Where(r => r[labelIndex] is not null).Select(r => DataAuditLoader.Canonical(Text(r[labelIndex]!))).Distinct().ToList();
        if (labelTexts.Count > MaxLabelLevels)
            throw VigilException.BadData($"{source.Name}: column '{spec.Label}' ({Param.Ref("label")}) has more than {MaxLabelLevels} distinct values; expected a binary outcome, or a rule such as {Param.Ref("positive_label")} '>0'");
        var labelSet = TabularSource.SortLevels(labelTexts);
        var coding = LabelEncoding.Encode(labelSet, spec.PositiveLabel, $"{source.Name}: column '{spec.Label}' ({Param.Ref("label")})");

        var protectedLevels = levels.Protected(spec.Protected);
        var siteLevels = site is null ? null : levels.Site(spec.SiteColumn!);
        var cellIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var cells = new List<Cell>();
        var codes = new int[attributes.Length];
        foreach (var row in cellRows)
        {
            for (var k = 0; k < attributes.Length; k++) codes[k] = levels.Code(k, row[k]);
            var siteCode = site is null ? -1 : levels.Code(attributes.Length, row[attributes.Length]);
            var key = string.Join(",", codes) + "|" + siteCode;
            if (!cellIndex.TryGetValue(key, out var c))
            {
                c = cells.Count;
                cellIndex[key] = c;
                cells.Add(new Cell((int[])codes.Clone(), siteCode, numericNames.Count, categoricalNames.Count));
            }
            var cell = cells[c];
            var n = Long(row[labelIndex + 1]);
            cell.N += n;
            if (row[labelIndex] is null) cell.MissingLabel += n;
            else if (coding.PositiveLevels[Array.IndexOf(labelSet, DataAuditLoader.Canonical(Text(row[labelIndex]!)))]) cell.Positives += n;
            var at = labelIndex + 2;
            for (var f = 0; f < numericNames.Count; f++)
            {
                cell.Coded[f] += n - Long(row[at++]);
                cell.Sentinel[f] += Long(row[at++]);
            }
            for (var f = 0; f < categoricalNames.Count; f++) cell.Categorical[f] += n - Long(row[at++]);
        }

        // Numeric summaries per level of each attribute, and per site.
        var byAttribute = new DescriptiveSummary[numericNames.Count][][];
        for (var f = 0; f < numericNames.Count; f++) byAttribute[f] = new DescriptiveSummary[attributes.Length][];
        for (var k = 0; k < attributes.Length; k++)
        {
            var rows = PushdownQuery.Rows(connection, source, sql.NumericSummaries($"k{k}"));
            for (var f = 0; f < numericNames.Count; f++) byAttribute[f][k] = Summaries(rows, f, protectedLevels[k].Levels.Length, r => levels.Code(k, r));
        }
        NumericSummary[][]? bySite = null;
        if (site is not null)
        {
            var rows = PushdownQuery.Rows(connection, source, sql.NumericSummaries("ks"));
            bySite = new NumericSummary[numericNames.Count][];
            for (var f = 0; f < numericNames.Count; f++)
                bySite[f] = Summaries(rows, f, siteLevels!.Levels.Length, r => levels.Code(attributes.Length, r)).Select(s => s.Moments).ToArray();
        }

        // Categorical levels per group of each attribute.
        var categoricalLevels = new List<string[]>();
        var byAttributeLevels = new long[categoricalNames.Count][][];
        long travelled = cellRows.Count;
        for (var f = 0; f < categoricalNames.Count; f++)
        {
            var rows = PushdownQuery.Rows(connection, source, sql.Levels(f));
            travelled += rows.Count;
            var canonical = rows.Select(r => DataAuditLoader.Canonical(Text(r[attributes.Length]!))).Distinct().ToList();
            var sorted = TabularSource.SortLevels(canonical);
            categoricalLevels.Add(Renamed(categoricalGiven[f], sorted, spec.LevelNames));
            byAttributeLevels[f] = new long[attributes.Length][];
            for (var k = 0; k < attributes.Length; k++) byAttributeLevels[f][k] = new long[protectedLevels[k].Levels.Length * sorted.Length];
            foreach (var r in rows)
            {
                var level = Array.IndexOf(sorted, DataAuditLoader.Canonical(Text(r[attributes.Length]!)));
                var count = Long(r[attributes.Length + 1]);
                for (var k = 0; k < attributes.Length; k++) byAttributeLevels[f][k][levels.Code(k, r[k]) * sorted.Length + level] += count;
            }
        }

        // Sums of mid-ranks per group of each attribute (one-vs-rest AUROC).
        var rankSums = new (long, double)[numericNames.Count][][];
        for (var f = 0; f < numericNames.Count; f++)
        {
            var rows = PushdownQuery.Rows(connection, source, sql.RankSums(f));
            travelled += rows.Count;
            rankSums[f] = new (long, double)[attributes.Length][];
            for (var k = 0; k < attributes.Length; k++)
            {
                var sums = new (long N, double Twice)[protectedLevels[k].Levels.Length];
                foreach (var r in rows)
                {
                    var code = levels.Code(k, r[k]);
                    sums[code] = (sums[code].N + Long(r[attributes.Length]), sums[code].Twice + Real(r[attributes.Length + 1]));
                }
                rankSums[f][k] = sums.Select(s => (s.N, s.Twice / 2)).ToArray();
            }
        }

        var protectedVariables = new List<CategoricalVariable>(attributes.Length);
        for (var k = 0; k < attributes.Length; k++)
            protectedVariables.Add(new CategoricalVariable(spec.Protected[k], cells.Select(c => c.Codes[k]).ToArray(), protectedLevels[k].Levels));
        var siteVariable = siteLevels is null ? null : new CategoricalVariable(spec.SiteColumn!, cells.Select(c => c.Site).ToArray(), siteLevels.Levels);
        var counts = new DataAuditCounts($"{spec.Label}", $"{spec.Label} {coding.Rule}", labelSet, protectedVariables, siteVariable,
            cells.Select(c => new DataAuditCell(c.N, c.MissingLabel, c.Positives, c.Coded, c.Sentinel, c.Categorical)).ToList(),
            numericGiven, sentinels, byAttribute, bySite, categoricalGiven, categoricalLevels, byAttributeLevels, rankSums);
        var notes = levels.Notes(spec.Protected, spec.SiteColumn);
        return new PushdownDataAuditResult(counts, cells.Sum(c => c.N), travelled, notes);
    }

    private static DescriptiveSummary[] Summaries(List<object?[]> rows, int f, int levels, Func<object?, int> code)
    {
        var result = new DescriptiveSummary[levels];
        for (var g = 0; g < levels; g++) result[g] = DescriptiveSummary.OfSorted([]);
        var at = 1 + 8 * f;
        foreach (var r in rows)
        {
            var n = Long(r[at]);
            if (n == 0) continue;
            var mean = Real(r[at + 1]);
            var variance = n > 1 ? Real(r[at + 2]) : 0;
            var moments = NumericSummary.FromMoments(n, mean, variance * (n - 1), Real(r[at + 3]), Real(r[at + 4]));
            result[code(r[0])] = new DescriptiveSummary(moments, Real(r[at + 6]), Real(r[at + 5]), Real(r[at + 7]));
        }
        return result;
    }

    // DuckDB returns HUGEINT sums as BigInteger, which is not IConvertible.
    private static long Long(object? value) => value switch
    {
        null => 0,
        System.Numerics.BigInteger b => (long)b,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    // + 0.0 turns −0 (ClickHouse prints it, e.g. as the mean of a group of zeros) into 0, as the in-process path writes it.
    private static double Real(object? value) => value switch
    {
        null => double.NaN,
        System.Numerics.BigInteger b => (double)b,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) + 0.0,
    };

    private static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>Levels renamed by --level-names (as DataAuditLoader.Rename): every named code must be a level.</summary>
    internal static string[] Renamed(string column, string[] levels, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> names)
    {
        if (!names.TryGetValue(column, out var map)) return levels;
        foreach (var key in map.Keys.Where(key => !levels.Contains(DataAuditLoader.Canonical(key))))
            throw VigilException.Option("level_names", $"{column}: no level '{key}' in the data; levels: {string.Join(", ", levels)}");
        var canonical = map.ToDictionary(p => DataAuditLoader.Canonical(p.Key), p => p.Value, StringComparer.Ordinal);
        return levels.Select(l => canonical.GetValueOrDefault(l, l)).ToArray();
    }

    /// <summary>A cell being summed: its levels and counts.</summary>
    private sealed class Cell(int[] codes, int site, int numeric, int categorical)
    {
        public int[] Codes { get; } = codes;
        public int Site { get; } = site;
        public long N { get; set; }
        public long MissingLabel { get; set; }
        public long Positives { get; set; }
        public long[] Coded { get; } = new long[numeric];
        public long[] Sentinel { get; } = new long[numeric];
        public long[] Categorical { get; } = new long[categorical];
    }
}
