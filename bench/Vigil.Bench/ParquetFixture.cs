using DuckDB.NET.Data;

namespace Vigil.Bench;

/// <summary>Writes a reproducible synthetic audit table to Parquet with DuckDB (setseed + random()).</summary>
public static class ParquetFixture
{
    public static string Ensure(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-bench-audit-{rows}.parquet");
        if (File.Exists(path)) return path;
        using var con = new DuckDBConnection("DataSource=:memory:");
        con.Open();
        using var cmd = con.CreateCommand();
        cmd.CommandText = "SELECT setseed(0.42)";
        cmd.ExecuteNonQuery();
        cmd.CommandText = $"""
            COPY (
              WITH base AS (
                SELECT i, random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5 FROM range({rows}) t(i)),
              g AS (
                SELECT i,
                  CASE WHEN u1 < 0.55 THEN 'A' WHEN u1 < 0.75 THEN 'B' WHEN u1 < 0.87 THEN 'C' WHEN u1 < 0.95 THEN 'D' ELSE 'E' END AS race,
                  ['18-34', '35-54', '55-74', '75+'][1 + floor(u2 * 4)::INT] AS age_band,
                  u3, u4, u5 FROM base),
              y AS (SELECT *, CASE WHEN u3 < 0.2 + 0.05 * (list_position(['18-34', '35-54', '55-74', '75+'], age_band) - 1) THEN 1 ELSE 0 END AS label FROM g)
              SELECT i AS id, race, age_band, label,
                round(1 / (1 + exp(-((CASE WHEN label = 1 THEN 1.6 - 0.25 * (ascii(race) - 65) ELSE 0 END)
                  + sqrt(-2 * ln(1 - u4)) * cos(2 * pi() * u5) - 0.8))), 6) AS score
              FROM y ORDER BY i
            ) TO '{path}' (FORMAT PARQUET)
            """;
        cmd.ExecuteNonQuery();
        return path;
    }
}
