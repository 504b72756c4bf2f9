using System.Globalization;
using System.IO.Compression;
using System.Text;
using DuckDB.NET.Data;

namespace Vigil.Examples.Diabetes;

/// <summary>Counts that describe one preparation run (printed by the program, checked by the tests).</summary>
/// <param name="RawRows">Encounters in diabetic_data.csv.</param>
/// <param name="FirstEncounters">Encounters left after keeping each patient's first (lowest encounter_id).</param>
/// <param name="Rows">Encounters left after also dropping discharges to hospice or death (the prepared rows).</param>
/// <param name="RowsIfFilteredFirst">Rows if hospice/death encounters are dropped before choosing the first encounter.</param>
/// <param name="Readmit30">Rows with readmitted = '&lt;30'.</param>
/// <param name="ByGroup">Rows and readmit30 cases by race, sex, age_group, payer_group and underserved.</param>
public sealed record PreparationCounts(
    long RawRows, long FirstEncounters, long Rows, long RowsIfFilteredFirst, long Readmit30,
    IReadOnlyList<(string Column, string Value, long Rows, long Readmit30)> ByGroup)
{
    public double Prevalence => (double)Readmit30 / Rows;
}

/// <summary>The prepared CSV (gzipped, byte-for-byte reproducible) and its counts.</summary>
public sealed record PreparedDiabetes(byte[] GzipCsv, PreparationCounts Counts);

/// <summary>
/// The Diabetes 130-US hospitals data (Strack et al. 2014, BioMed Res Int 781670) prepared for Vigil:
/// <list type="number">
/// <item>one encounter per patient: the first, i.e. the lowest encounter_id of each patient_nbr
/// (Strack et al. "used only one encounter per patient", the first);</item>
/// <item>encounters that ended in death or hospice dropped: discharge_disposition_id 11 (Expired),
/// 13 (Hospice / home), 14 (Hospice / medical facility), 19, 20, 21 (Expired at home / in a medical
/// facility / place unknown; Medicaid only, hospice) per IDs_mapping.csv — such patients cannot be
/// readmitted or are unlikely to be;</item>
/// <item>label readmit30 = 1 when readmitted = '&lt;30' (readmission within 30 days), else 0.</item>
/// </list>
/// Derived columns are documented in examples/diabetes-readmission/README.md. The whole transform is one
/// DuckDB SQL query; rows are ordered by encounter_id and the CSV is gzipped with
/// <see cref="GZipStream"/>, which writes no file name and a zero modification time, so reruns give
/// identical bytes.
/// </summary>
public static class DiabetesPreparation
{
    /// <summary>discharge_disposition_id codes that mean death or hospice (IDs_mapping.csv).</summary>
    public static readonly IReadOnlyList<int> HospiceOrDeath = [11, 13, 14, 19, 20, 21];

    public const string RelativeRaw = "examples/diabetes-readmission/data/diabetic_data.csv.gz";

    public const string OutputName = "diabetes-prepared.csv.gz";

    /// <summary>Columns of the prepared file, in order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "encounter_id", "patient_nbr", "period", "race", "sex", "age", "age_years", "age_group",
        "payer_code", "payer_group", "underserved",
        "admission_type", "admission_source", "discharge_group", "medical_specialty", "specialty_group",
        "diag_1", "diag1_group", "a1c_result", "a1c_group", "max_glu_serum",
        "time_in_hospital", "num_lab_procedures", "num_procedures", "num_medications",
        "number_outpatient", "number_emergency", "number_inpatient", "number_diagnoses",
        "insulin", "metformin", "change", "diabetes_med", "readmitted", "readmit30",
    ];

    private static string Hospice => string.Join(", ", HospiceOrDeath.Select(c => $"'{c.ToString(CultureInfo.InvariantCulture)}'"));

    /// <summary>The transform (raw → prepared) in DuckDB SQL over a table "raw" of all-VARCHAR columns.</summary>
    public static string PreparedQuery => $"""
        WITH ranked AS (
            SELECT *, row_number() OVER (PARTITION BY patient_nbr ORDER BY CAST(encounter_id AS BIGINT)) AS visit
            FROM raw
        ),
        kept AS (
            SELECT * FROM ranked WHERE visit = 1 AND discharge_disposition_id NOT IN ({Hospice})
        ),
        coded AS (
            SELECT *,
                CAST(regexp_extract(age, '^\[(\d+)-(\d+)\)$', 1) AS INTEGER) AS age_lo,
                CAST(regexp_extract(age, '^\[(\d+)-(\d+)\)$', 2) AS INTEGER) AS age_hi,
                TRY_CAST(diag_1 AS DOUBLE) AS d1,
                CAST(admission_type_id AS INTEGER) AS atype,
                CAST(admission_source_id AS INTEGER) AS asrc,
                CAST(discharge_disposition_id AS INTEGER) AS disc,
                row_number() OVER (ORDER BY CAST(encounter_id AS BIGINT)) AS seq,
                count(*) OVER () AS total
            FROM kept
        )
        SELECT
            encounter_id, patient_nbr,
            CASE WHEN 2 * seq <= total THEN 'earlier' ELSE 'later' END AS period,
            CASE WHEN race = '?' THEN '' ELSE race END AS race,
            CASE WHEN gender IN ('Female', 'Male') THEN gender ELSE '' END AS sex,
            age,
            CAST((age_lo + age_hi) // 2 AS VARCHAR) AS age_years,
            CASE WHEN age_hi <= 30 THEN '[0-30)' WHEN age_hi <= 60 THEN '[30-60)' ELSE '[60-100)' END AS age_group,
            CASE WHEN payer_code = '?' THEN '' ELSE payer_code END AS payer_code,
            CASE payer_code WHEN 'MC' THEN 'medicare' WHEN 'MD' THEN 'medicaid' WHEN 'SP' THEN 'self_pay'
                 WHEN '?' THEN 'unknown' ELSE 'other' END AS payer_group,
            CASE WHEN payer_code IN ('MD', 'SP') THEN '1' ELSE '0' END AS underserved,
            CASE WHEN atype IN (1, 7) THEN 'emergency' WHEN atype = 2 THEN 'urgent' WHEN atype = 3 THEN 'elective'
                 WHEN atype IN (5, 6, 8) THEN 'unknown' ELSE 'other' END AS admission_type,
            CASE WHEN asrc = 7 THEN 'emergency_room' WHEN asrc IN (1, 2, 3) THEN 'referral'
                 WHEN asrc IN (4, 5, 6, 10, 18, 22, 25, 26) THEN 'transfer'
                 WHEN asrc IN (9, 15, 17, 20, 21) THEN 'unknown' ELSE 'other' END AS admission_source,
            CASE WHEN disc = 1 THEN 'home' WHEN disc IN (6, 8) THEN 'home_health' WHEN disc = 7 THEN 'left_ama'
                 WHEN disc IN (18, 25, 26) THEN 'unknown' ELSE 'facility' END AS discharge_group,
            CASE WHEN medical_specialty = '?' THEN '' ELSE medical_specialty END AS medical_specialty,
            CASE WHEN medical_specialty = '?' THEN 'missing'
                 WHEN medical_specialty = 'InternalMedicine' THEN 'internal_medicine'
                 WHEN medical_specialty = 'Cardiology' THEN 'cardiology'
                 WHEN medical_specialty LIKE 'Surg%' THEN 'surgery'
                 WHEN medical_specialty = 'Family/GeneralPractice' THEN 'family_general_practice'
                 WHEN medical_specialty = 'Emergency/Trauma' THEN 'emergency_trauma'
                 ELSE 'other' END AS specialty_group,
            CASE WHEN diag_1 = '?' THEN '' ELSE diag_1 END AS diag_1,
            CASE WHEN diag_1 = '?' THEN 'missing'
                 WHEN d1 IS NULL THEN 'other'
                 WHEN floor(d1) = 250 THEN 'diabetes'
                 WHEN (d1 >= 390 AND d1 < 460) OR floor(d1) = 785 THEN 'circulatory'
                 WHEN (d1 >= 460 AND d1 < 520) OR floor(d1) = 786 THEN 'respiratory'
                 WHEN (d1 >= 520 AND d1 < 580) OR floor(d1) = 787 THEN 'digestive'
                 WHEN d1 >= 800 AND d1 < 1000 THEN 'injury'
                 WHEN d1 >= 710 AND d1 < 740 THEN 'musculoskeletal'
                 WHEN (d1 >= 580 AND d1 < 630) OR floor(d1) = 788 THEN 'genitourinary'
                 WHEN d1 >= 140 AND d1 < 240 THEN 'neoplasms'
                 ELSE 'other' END AS diag1_group,
            CASE A1Cresult WHEN 'None' THEN 'not_measured' ELSE A1Cresult END AS a1c_result,
            CASE A1Cresult WHEN 'None' THEN 'not_measured' WHEN 'Norm' THEN 'normal' ELSE 'high' END AS a1c_group,
            CASE max_glu_serum WHEN 'None' THEN 'not_measured' ELSE max_glu_serum END AS max_glu_serum,
            time_in_hospital, num_lab_procedures, num_procedures, num_medications,
            number_outpatient, number_emergency, number_inpatient, number_diagnoses,
            insulin, metformin, change, diabetesMed AS diabetes_med, readmitted,
            CASE WHEN readmitted = '<30' THEN '1' ELSE '0' END AS readmit30
        FROM coded
        ORDER BY CAST(encounter_id AS BIGINT)
        """;

    /// <summary>Reads the raw gzipped CSV and returns the prepared, gzipped CSV with its counts.</summary>
    public static PreparedDiabetes Run(string rawGzPath)
    {
        if (!File.Exists(rawGzPath)) throw new FileNotFoundException($"{rawGzPath}: no such file", rawGzPath);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText =
            $"CREATE TABLE raw AS SELECT * FROM read_csv('{rawGzPath.Replace("'", "''", StringComparison.Ordinal)}', " +
            "header = true, all_varchar = true, delim = ',', quote = '\"', compression = 'gzip')";
        cmd.ExecuteNonQuery();

        var csv = new StringBuilder(16 << 20);
        csv.Append(string.Join(',', Columns)).Append('\n');
        cmd.CommandText = $"CREATE TABLE prepared AS {PreparedQuery}";
        cmd.ExecuteNonQuery();
        cmd.CommandText = "SELECT * FROM prepared ORDER BY CAST(encounter_id AS BIGINT)";
        long rows = 0, positives = 0;
        var readmitIndex = Columns.Count - 1;
        using (var r = cmd.ExecuteReader())
        {
            if (r.FieldCount != Columns.Count) throw new InvalidOperationException("the query's columns do not match Columns");
            while (r.Read())
            {
                for (var c = 0; c < Columns.Count; c++)
                {
                    if (c > 0) csv.Append(',');
                    AppendField(csv, r.GetString(c));
                }
                csv.Append('\n');
                rows++;
                if (r.GetString(readmitIndex) == "1") positives++;
            }
        }

        var counts = new PreparationCounts(
            Count(cmd, "SELECT count(*) FROM raw"),
            Count(cmd, "SELECT count(DISTINCT patient_nbr) FROM raw"),
            rows,
            Count(cmd, $"SELECT count(DISTINCT patient_nbr) FROM raw WHERE discharge_disposition_id NOT IN ({Hospice})"),
            positives,
            Groups(cmd));
        return new PreparedDiabetes(Gzip(csv.ToString()), counts);
    }

    /// <summary>Gzips UTF-8 text with <see cref="GZipStream"/> (no file name, mtime 0): same text, same bytes.</summary>
    public static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
            gz.Write(bytes, 0, bytes.Length);
        }
        return buffer.ToArray();
    }

    private static List<(string, string, long, long)> Groups(DuckDBCommand cmd)
    {
        var result = new List<(string, string, long, long)>();
        foreach (var column in new[] { "race", "sex", "age_group", "payer_group", "underserved" })
        {
            cmd.CommandText =
                $"SELECT coalesce(nullif({column}, ''), '(missing)') AS v, count(*), CAST(sum(CAST(readmit30 AS INTEGER)) AS BIGINT) " +
                $"FROM prepared GROUP BY v ORDER BY count(*) DESC, v";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                result.Add((column, r.GetString(0), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture),
                    Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture)));
        }
        return result;
    }

    private static long Count(DuckDBCommand cmd, string sql)
    {
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void AppendField(StringBuilder csv, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            csv.Append(value);
            return;
        }
        csv.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>A readable summary of the counts.</summary>
    public static string Describe(PreparationCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.Append(inv, $"raw encounters            {counts.RawRows,8:N0}\n");
        s.Append(inv, $"first encounter/patient   {counts.FirstEncounters,8:N0}\n");
        s.Append(inv, $"minus hospice/death       {counts.Rows,8:N0}  (filtering before choosing the first encounter: {counts.RowsIfFilteredFirst:N0})\n");
        s.Append(inv, $"readmitted <30            {counts.Readmit30,8:N0}  ({counts.Prevalence:P2})\n");
        foreach (var (column, value, rows, pos) in counts.ByGroup)
            s.Append(inv, $"  {column,-12} {value,-16} {rows,7:N0}  readmit30 {pos,6:N0} ({(double)pos / rows:P2})\n");
        return s.ToString();
    }
}
