using System.Data.Common;
using Vigil.Core;
using Vigil.Core.Drift;
using Vigil.Core.Drift.Binned;
using Vigil.Core.Drift.Categorical;
using Vigil.Core.Drift.Summaries;

namespace Vigil.Data.Pushdown;

/// <summary>One compared column as the database summarised it: numeric (<see cref="Numeric"/>) or categorical (<see cref="Counts"/>).</summary>
public sealed record PushdownDriftColumn(string Name, ColumnType Type, NumericColumnSummary? Numeric, CategoryCounts? Counts,
    long MissingReference, long MissingCurrent);

/// <summary>What the database returned for a drift: the columns' summaries, the rows of each query and how many summary rows travelled.</summary>
public sealed record PushdownDriftResult(IReadOnlyList<PushdownDriftColumn> Columns, long ReferenceRows, long CurrentRows, long SummaryRows);

/// <summary>
/// A drift's summaries computed where the data live (docs/push-down.md, drift): the reference and current queries' columns
/// are typed from their result types (numbers: numerical; anything else: categorical, as text), pass 1 returns each numeric
/// column's count, min, max, sum and distinct count per side, pass 2 its counts per distinct value (at most a limit of
/// distinct values over both sides) or its fine-bin and Sturges-bin counts with Σ(x − mean)²,
/// and each categorical column its counts per level. Every failure names the source (never its password).
/// </summary>
public static class PushdownDriftLoader
{
    /// <summary>Default limit on distinct values (both sides) sent one by one: up to it every test is exact.</summary>
    public const int DefaultMaxValues = 20_000;

    /// <summary>Runs the summary queries.</summary>
    public static PushdownDriftResult Load(SqlSource source, string reference, string current, IReadOnlyList<string> columns,
        IReadOnlyCollection<string> exclude, int maxValues = DefaultMaxValues, int fineBins = NumericColumnSummary.DefaultFineBinCount)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(exclude);
        if (string.IsNullOrWhiteSpace(reference)) throw VigilException.Option("reference_query", "is empty: give the SELECT of the reference rows");
        if (string.IsNullOrWhiteSpace(current)) throw VigilException.Option("current_query", "is empty: give the SELECT of the current rows");
        using var connection = source.Open();
        var refColumns = PushdownQuery.Columns(connection, source, reference, "reference query");
        var curColumns = PushdownQuery.Columns(connection, source, current, "current query");
        var names = new List<string>();
        var numeric = new List<bool>();
        foreach (var wanted in columns.Count > 0 ? columns : refColumns.ConvertAll(c => c.Name))
        {
            if (exclude.Contains(wanted)) continue;
            var r = PushdownQuery.Resolve(refColumns, wanted, source, null, "reference query");
            var c = PushdownQuery.Resolve(curColumns, wanted, source, null, "current query");
            bool rn = refColumns.Find(x => x.Name == r)!.IsNumber, cn = curColumns.Find(x => x.Name == c)!.IsNumber;
            if (rn != cn)
                throw new VigilException(FailureKind.Data,
                    $"{source.Name}: column '{wanted}' is {(rn ? "numeric" : "text")} in the reference query but {(cn ? "numeric" : "text")} in the current query; expected the same type in both") { Column = wanted };
            names.Add(r);
            numeric.Add(rn);
        }
        if (columns.Count == 0)
            foreach (var c in curColumns.Select(x => x.Name))
                if (!refColumns.Exists(x => x.Name == c) && !exclude.Contains(c))
                    throw new VigilException(FailureKind.Data,
                        $"{source.Name}: the current query has column '{c}', which the reference query has not; expected the same columns (or choose the columns to compare)") { Column = c };
        if (names.Count == 0) throw VigilException.Usage("no columns to compare (every selected column is a protected attribute)");

        var d = source.Dialect;
        var numericNames = names.Where((_, k) => numeric[k]).ToList();
        long summaryRows = 0;
        var pass1 = new double[2][];
        var rows = new long[2];
        PushdownQuery.Run(connection, source, DriftSummarySql.Moments(reference, current, numericNames, d), reader =>
        {
            var side = (int)Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            rows[side] = Long(reader, 1);
            var values = new double[numericNames.Count * 5];
            for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(2 + i) ? double.NaN : Convert.ToDouble(reader.GetValue(2 + i), System.Globalization.CultureInfo.InvariantCulture);
            pass1[side] = values;
            summaryRows++;
        });
        var result = new List<PushdownDriftColumn>(names.Count);
        var n = 0;
        for (var k = 0; k < names.Count; k++)
        {
            if (numeric[k])
            {
                var column = Numeric(connection, source, reference, current, names[k], pass1, rows, n++, maxValues, fineBins, ref summaryRows);
                result.Add(column);
            }
            else result.Add(Categorical(connection, source, reference, current, names[k], ref summaryRows));
        }
        return new PushdownDriftResult(result, rows[0], rows[1], summaryRows);
    }

    private static PushdownDriftColumn Numeric(DbConnection connection, SqlSource source, string reference, string current, string name,
        double[][] pass1, long[] rows, int k, int maxValues, int fineBins, ref long summaryRows)
    {
        var d = source.Dialect;
        double[] r = pass1[0] ?? new double[5 * (k + 1)], c = pass1[1] ?? new double[5 * (k + 1)];
        long nr = (long)Z(r[5 * k]), nc = (long)Z(c[5 * k]);
        RequireValues(source, name, nr, nc);
        double min = Math.Min(r[5 * k + 1], c[5 * k + 1]), max = Math.Max(r[5 * k + 2], c[5 * k + 2]);
        var meanR = r[5 * k + 3] / nr;
        var meanC = c[5 * k + 3] / nc;
        long distinctR = (long)Z(r[5 * k + 4]), distinctC = (long)Z(c[5 * k + 4]);
        // Up to 20 distinct reference values Evidently bins per value (over both sides' values), so those travel too.
        if (NumericSummaryBuilder.SendsValues(distinctR, distinctC, maxValues))
        {
            var values = new SortedDictionary<double, (long R, long C)>();
            long travelled = 0;
            PushdownQuery.Run(connection, source, DriftSummarySql.Values(reference, current, name, d), reader =>
            {
                var side = Long(reader, 0);
                var x = Convert.ToDouble(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
                var count = Long(reader, 2);
                values.TryGetValue(x, out var pair);
                values[x] = side == 0 ? (pair.R + count, pair.C) : (pair.R, pair.C + count);
                travelled++;
            });
            summaryRows += travelled;
            var xs = values.Keys.ToArray();
            var vr = values.Values.Select(v => v.R).ToArray();
            var vc = values.Values.Select(v => v.C).ToArray();
            return new PushdownDriftColumn(name, ColumnType.Numerical, new NumericColumnSummary
            {
                Reference = new SideMoments(nr, rows[0] - nr, meanR, NumericSummaryBuilder.SumSquaredDeviations(xs, vr, meanR), r[5 * k + 1], r[5 * k + 2]),
                Current = new SideMoments(nc, rows[1] - nc, meanC, NumericSummaryBuilder.SumSquaredDeviations(xs, vc, meanC), c[5 * k + 1], c[5 * k + 2]),
                ReferenceDistinct = distinctR,
                Values = xs,
                ValueReference = vr,
                ValueCurrent = vc,
            }, null, rows[0] - nr, rows[1] - nc);
        }
        var grid = new FineGrid(min, max, fineBins, nr + nc);
        var fine = new long[2][] { new long[fineBins], new long[fineBins] };
        var sturges = new long[2][] { new long[grid.SturgesBins], new long[grid.SturgesBins] };
        var ssd = new double[2];
        long binRows = 0;
        var sql = DriftSummarySql.Bins(reference, current, name, d, grid.Low, grid.Width, grid.Bins, grid.SturgesFirst, grid.SturgesStep, grid.SturgesBins, meanR, meanC);
        PushdownQuery.Run(connection, source, sql, reader =>
        {
            var side = (int)Long(reader, 0);
            var count = Long(reader, 3);
            fine[side][Long(reader, 1)] += count;
            sturges[side][Long(reader, 2)] += count;
            ssd[side] += reader.IsDBNull(4) ? 0 : Convert.ToDouble(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture);
            binRows++;
        });
        summaryRows += binRows;
        var summary = grid.Summary(new SideMoments(nr, rows[0] - nr, meanR, ssd[0], r[5 * k + 1], r[5 * k + 2]),
            new SideMoments(nc, rows[1] - nc, meanC, ssd[1], c[5 * k + 1], c[5 * k + 2]), distinctR, fine, sturges);
        return new PushdownDriftColumn(name, ColumnType.Numerical, summary, null, rows[0] - nr, rows[1] - nc);
    }

    private static PushdownDriftColumn Categorical(DbConnection connection, SqlSource source, string reference, string current, string name,
        ref long summaryRows)
    {
        var counts = new SortedDictionary<string, (long R, long C)>(StringComparer.Ordinal);
        var missing = new long[2];
        long travelled = 0;
        PushdownQuery.Run(connection, source, DriftSummarySql.Levels(reference, current, name, source.Dialect), reader =>
        {
            var side = (int)Long(reader, 0);
            var count = Long(reader, 2);
            travelled++;
            if (reader.IsDBNull(1))
            {
                missing[side] += count;
                return;
            }
            var level = Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)!;
            counts.TryGetValue(level, out var pair);
            counts[level] = side == 0 ? (pair.R + count, pair.C) : (pair.R, pair.C + count);
            if (counts.Count > TabularSource.MaxCategoricalLevels)
                throw new VigilException(FailureKind.Data,
                    $"{source.Name}: column '{name}' holds text with more than {TabularSource.MaxCategoricalLevels} distinct values (an identifier or free text?); expected numbers or categories — leave it out of the compared columns") { Column = name };
        });
        summaryRows += travelled;
        var cc = new CategoryCounts(counts.Keys.ToArray(), counts.Values.Select(v => v.R).ToArray(), counts.Values.Select(v => v.C).ToArray());
        RequireValues(source, name, cc.ReferenceTotal, cc.CurrentTotal);
        return new PushdownDriftColumn(name, ColumnType.Categorical, null, cc, missing[0], missing[1]);
    }

    private static void RequireValues(SqlSource source, string name, long reference, long current)
    {
        if (reference == 0 || current == 0)
            throw new VigilException(FailureKind.Data,
                $"{source.Name}: column '{name}' has no values in the {(reference == 0 ? "reference" : "current")} query (empty or all missing); expected at least one value to compare (leave it out of the compared columns)") { Column = name };
    }

    private static double Z(double x) => double.IsNaN(x) ? 0 : x;

    private static long Long(DbDataReader reader, int i) => Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
}
