using System.Globalization;
using System.IO.Compression;
using System.Text;
using Vigil.Examples.Diabetes;
using Vigil.Tests.TestSupport;
using Xunit;

namespace Vigil.Tests.Examples;

public sealed class DiabetesExampleTests
{
    private static string Dir => Path.Combine(AppContext.BaseDirectory, "examples", "diabetes-readmission");

    private static string Prepared => Path.Combine(Dir, DiabetesPreparation.OutputName);

    private static string Raw => Path.Combine(Dir, "diabetic_data.csv.gz");

    private static readonly Lazy<string[]> PreparedLines = new(() => Lines(File.ReadAllBytes(Prepared)));

    /// <summary>The first <paramref name="count"/> lines of a gzipped text file, without reading the rest.</summary>
    private static List<string> Head(string path, int count)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var lines = new List<string>(count);
        while (lines.Count < count && reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    private static string[] Lines(byte[] gzip)
    {
        using var gz = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Committed_file_has_the_documented_rows_prevalence_and_columns()
    {
        var lines = PreparedLines.Value;
        Assert.Equal(string.Join(',', DiabetesPreparation.Columns), lines[0]);
        var c = DiabetesPreparation.Columns.ToList();
        int id = c.IndexOf("encounter_id"), patient = c.IndexOf("patient_nbr"), readmitted = c.IndexOf("readmitted"), label = c.IndexOf("readmit30"),
            underserved = c.IndexOf("underserved"), payer = c.IndexOf("payer_code"), race = c.IndexOf("race"), sex = c.IndexOf("sex");
        var patients = new HashSet<string>(StringComparer.Ordinal);
        long positives = 0, underservedRows = 0, previous = long.MinValue;
        for (var i = 1; i < lines.Length; i++)
        {
            var r = lines[i].Split(',');
            Assert.Equal(c.Count, r.Length);
            Assert.True(patients.Add(r[patient]), $"patient {r[patient]} appears twice");
            Assert.Equal(r[readmitted] == "<30" ? "1" : "0", r[label]);
            positives += r[label] == "1" ? 1 : 0;
            if (r[underserved] == "1")
            {
                underservedRows++;
                Assert.True(r[payer] is "MD" or "SP");
            }
            Assert.False(r[race] == "?" || r[sex] == "Unknown/Invalid");
            var encounter = long.Parse(r[id], CultureInfo.InvariantCulture);
            Assert.True(encounter > previous, "rows are in encounter_id order");
            previous = encounter;
        }
        // 101,766 encounters → 71,518 first encounters → 69,973 without discharges to hospice or death.
        Assert.Equal(69_973, lines.Length - 1);
        Assert.Equal(6_277, positives);
        Assert.Equal(5_468, underservedRows);
    }

    [Fact]
    public void Prepare_on_a_subset_is_byte_identical_on_rerun_and_matches_a_plain_reimplementation()
    {
        // The first 2,500 encounters of the raw file (the full run takes several seconds; see the README for the full-file check).
        var raw = Head(Raw, 2501);
        using var dir = new TempDir();
        var subset = dir.Combine("subset.csv.gz");
        File.WriteAllBytes(subset, DiabetesPreparation.Gzip(string.Join('\n', raw.Take(2501).Select(l => l.TrimEnd('\r'))) + "\n"));

        var first = DiabetesPreparation.Run(subset);
        var second = DiabetesPreparation.Run(subset);
        Assert.Equal(first.GzipCsv, second.GzipCsv);
        // GZip header: no file name flag, modification time 0.
        Assert.Equal(0, first.GzipCsv[3] & 0x08);
        Assert.Equal(0, BitConverter.ToInt32(first.GzipCsv, 4));

        // The same filter written row by row: lowest encounter_id per patient, then no discharge code 11, 13, 14, 19, 20, 21.
        var header = raw[0].TrimEnd('\r').Split(',');
        int At(string name) => Array.IndexOf(header, name);
        var records = raw.Skip(1).Take(2500).Select(l => l.TrimEnd('\r').Split(',')).ToList();
        var kept = records
            .GroupBy(r => r[At("patient_nbr")])
            .Select(g => g.MinBy(r => long.Parse(r[At("encounter_id")], CultureInfo.InvariantCulture))!)
            .Where(r => !DiabetesPreparation.HospiceOrDeath.Contains(int.Parse(r[At("discharge_disposition_id")], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(kept.Count, first.Counts.Rows);
        Assert.Equal(kept.Count(r => r[At("readmitted")] == "<30"), first.Counts.Readmit30);
        Assert.Equal(kept.Count + 1, Lines(first.GzipCsv).Length);
    }

    [Theory]
    [InlineData("250.83", "diabetes")]
    [InlineData("428", "circulatory")]
    [InlineData("785", "circulatory")]
    [InlineData("486", "respiratory")]
    [InlineData("786", "respiratory")]
    [InlineData("577", "digestive")]
    [InlineData("996", "injury")]
    [InlineData("715", "musculoskeletal")]
    [InlineData("599", "genitourinary")]
    [InlineData("174", "neoplasms")]
    [InlineData("V57", "other")]
    [InlineData("276", "other")]
    public void Committed_file_groups_diag_1_as_strack_et_al(string code, string group)
    {
        var lines = PreparedLines.Value;
        var header = lines[0].Split(',');
        var d = Array.IndexOf(header, "diag_1");
        var g = Array.IndexOf(header, "diag1_group");
        var match = lines.Skip(1).Select(l => l.Split(',')).First(r => r[d] == code);
        Assert.Equal(group, match[g]);
    }
}
