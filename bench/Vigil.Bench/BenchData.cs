using System.Globalization;
using DuckDB.NET.Data;

namespace Vigil.Bench;

/// <summary>
/// Writes the whole-process benchmark files (bench/README.md, "Whole-process benchmarks") with DuckDB SQL from
/// a fixed seed, so every machine gets the same bytes: the audit table (two protected attributes, a label whose
/// prevalence depends on the groups, a score and a 0/1 prediction at 0.5) as CSV and Parquet, and drift
/// reference/current pairs (numeric columns of four shapes, every third shifted; categorical columns of eight
/// levels, every third tilted). Run: <c>dotnet run -c Release --project bench/Vigil.Bench -- gen-data DIR [audit-rows]</c>.
/// </summary>
public static class BenchData
{
    public static void Generate(string directory, long auditRows)
    {
        Directory.CreateDirectory(directory);
        using var con = new DuckDBConnection("DataSource=:memory:");
        con.Open();
        Exec(con, "SELECT setseed(0.42)");
        var audit = Path.Combine(directory, $"audit-{Name(auditRows)}");
        // A table, not a view: random() must be drawn once so that the CSV and the Parquet file hold the same rows.
        Exec(con, $"CREATE TABLE audit AS {AuditSql(auditRows)}");
        Write(con, "SELECT * FROM audit", audit + ".csv", "CSV, HEADER");
        Write(con, "SELECT * FROM audit", audit + ".parquet", "PARQUET");
        Exec(con, "DROP TABLE audit");
        Console.WriteLine($"wrote {audit}.csv and .parquet");
        foreach (var (rows, columns) in new[] { (100_000L, 20), (1_000_000L, 50) })
        {
            foreach (var (role, shift) in new[] { ("reference", 0.0), ("current", 1.0) })
            {
                var file = Path.Combine(directory, $"drift-{Name(rows)}x{columns}-{role}");
                Exec(con, $"CREATE OR REPLACE TABLE drift AS {DriftSql(rows, columns, shift)}");
                Write(con, "SELECT * FROM drift", file + ".csv", "CSV, HEADER");
                Write(con, "SELECT * FROM drift", file + ".parquet", "PARQUET");
                Console.WriteLine($"wrote {file}.csv and .parquet");
            }
        }
    }

    private static string Name(long rows) => rows switch
    {
        >= 1_000_000 when rows % 1_000_000 == 0 => $"{rows / 1_000_000}m",
        >= 1_000 when rows % 1_000 == 0 => $"{rows / 1_000}k",
        _ => rows.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The audit rows: race (5 levels, unequal), age band (4), label, score (6 decimals), prediction.</summary>
    public static string AuditSql(long rows) => $"""
        WITH base AS (
          SELECT i, random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5 FROM range({rows}) t(i)),
        g AS (
          SELECT i,
            CASE WHEN u1 < 0.55 THEN 'A' WHEN u1 < 0.75 THEN 'B' WHEN u1 < 0.87 THEN 'C' WHEN u1 < 0.95 THEN 'D' ELSE 'E' END AS race,
            ['18-34', '35-54', '55-74', '75+'][1 + floor(u2 * 4)::INT] AS age_band, u3, u4, u5 FROM base),
        y AS (SELECT *, CASE WHEN u3 < 0.2 + 0.05 * (list_position(['18-34', '35-54', '55-74', '75+'], age_band) - 1) THEN 1 ELSE 0 END AS label FROM g),
        s AS (SELECT i, race, age_band, label,
          round(1 / (1 + exp(-((CASE WHEN label = 1 THEN 1.6 - 0.25 * (ascii(race) - 65) ELSE 0 END)
            + sqrt(-2 * ln(1 - u4)) * cos(2 * pi() * u5) - 0.8))), 6) AS score FROM y)
        SELECT i AS id, race, age_band, label, score, CASE WHEN score >= 0.5 THEN 1 ELSE 0 END AS prediction FROM s ORDER BY i
        """;

    /// <summary>
    /// A drift table: 70% numeric columns (normal, lognormal, counts 0-11, five values), the rest categorical
    /// (eight letters); <paramref name="shift"/> = 1 shifts every third numeric column by 0.3 sd and tilts every
    /// third categorical column towards 'h'.
    /// </summary>
    public static string DriftSql(long rows, int columns, double shift)
    {
        var numeric = (int)Math.Round(columns * 0.7);
        var select = new List<string>();
        for (var c = 0; c < columns; c++)
        {
            var s = (c % 3 == 0 ? 0.3 : 0.0) * shift;
            var n = $"(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) + {s.ToString(CultureInfo.InvariantCulture)})";
            select.Add(c < numeric
                ? (c % 4) switch
                {
                    0 => $"round({n}, 5) AS num{c}",
                    1 => $"round(exp({n} * 0.5), 5) AS num{c}",
                    2 => $"least(11, floor(abs({n}) * 3))::INT AS num{c}",
                    _ => $"least(4, floor(abs({n}) * 2))::INT AS num{c}",
                }
                : $"chr(97 + least(7, floor(random() * {(c % 3 == 0 ? 8 + 2 * shift : 8).ToString(CultureInfo.InvariantCulture)})::INT)) AS cat{c - numeric}");
        }
        return $"SELECT {string.Join(", ", select)} FROM range({rows}) t(i)";
    }

    private static void Write(DuckDBConnection con, string sql, string path, string options) =>
        Exec(con, $"COPY ({sql}) TO '{path.Replace("'", "''")}' ({(options.StartsWith("CSV", StringComparison.Ordinal) ? "FORMAT CSV, HEADER" : "FORMAT PARQUET")})");

    private static void Exec(DuckDBConnection con, string sql)
    {
        using var cmd = con.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
