using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace Vigil.Bench;

/// <summary>
/// A reproducible synthetic training table for `vigil data-audit` at the scale, written to Parquet
/// with DuckDB (setseed + random()): 50 columns — a 0/1 label, three protected attributes (race with 5
/// levels, sex with 2, age_band with 4), 40 numeric features (f1..f40; f1..f5 shift with race or sex, f6
/// and f7 are missing more often for women, so missingness depends on the group) and 6 categorical
/// features (c1..c6, 3 to 8 levels; c1 tracks race, a proxy by construction).
/// </summary>
public static class DataAuditParquetFixture
{
    public const int NumericFeatures = 40;
    public const int CategoricalFeatures = 6;

    public static string Features =>
        string.Join(",", Enumerable.Range(1, NumericFeatures).Select(k => $"f{k}").Concat(Enumerable.Range(1, CategoricalFeatures).Select(k => $"c{k}")));

    public static string Ensure(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-bench-data-audit-{rows}.parquet");
        if (File.Exists(path)) return path;
        var columns = new StringBuilder();
        for (var k = 1; k <= NumericFeatures; k++)
        {
            // Box-Muller normal from two uniforms; some features shift with race / sex; f6, f7 missing 5% (men) / 15% (women).
            var shift = k switch
            {
                <= 3 => "0.3 * (ascii(race) - 65)",
                <= 5 => "CASE WHEN sex = 'F' THEN 0.4 ELSE 0 END",
                _ => "0",
            };
            var value = $"round(50 + 10 * (sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) + {shift}), 3)";
            columns.Append(k is 6 or 7
                ? $", CASE WHEN random() < (CASE WHEN sex = 'F' THEN 0.15 ELSE 0.05 END) THEN NULL ELSE {value} END AS f{k}"
                : $", {value} AS f{k}");
        }
        for (var k = 1; k <= CategoricalFeatures; k++)
        {
            var levels = 2 + k;
            columns.Append(k == 1
                ? $", CASE WHEN random() < 0.6 THEN 'L' || (ascii(race) - 65) ELSE 'L' || floor(random() * {levels})::INT END AS c{k}"
                : $", 'L' || floor(random() * {levels})::INT AS c{k}");
        }
        using var con = new DuckDBConnection("DataSource=:memory:");
        con.Open();
        using var cmd = con.CreateCommand();
        cmd.CommandText = "SET threads = 1";
        cmd.ExecuteNonQuery();
        cmd.CommandText = "SELECT setseed(0.42)";
        cmd.ExecuteNonQuery();
        cmd.CommandText = $"""
            COPY (
              WITH g AS (
                SELECT i,
                  CASE WHEN u1 < 0.55 THEN 'A' WHEN u1 < 0.75 THEN 'B' WHEN u1 < 0.87 THEN 'C' WHEN u1 < 0.95 THEN 'D' ELSE 'E' END AS race,
                  CASE WHEN u2 < 0.45 THEN 'F' ELSE 'M' END AS sex,
                  ['18-34', '35-54', '55-74', '75+'][1 + floor(u3 * 4)::INT] AS age_band,
                  u4
                FROM (SELECT i, random() AS u1, random() AS u2, random() AS u3, random() AS u4 FROM range({rows}) t(i)))
              SELECT CASE WHEN u4 < 0.2 + 0.05 * (list_position(['18-34', '35-54', '55-74', '75+'], age_band) - 1) + CASE WHEN sex = 'M' THEN 0.05 ELSE 0 END
                       THEN 1 ELSE 0 END AS label,
                race, sex, age_band{columns}
              FROM g ORDER BY i
            ) TO '{path}' (FORMAT PARQUET)
            """;
        cmd.ExecuteNonQuery();
        return path;
    }
}
