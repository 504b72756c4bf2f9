using System.Globalization;
using System.IO.Compression;
using System.Text;
using Vigil.Application.Audit;
using Vigil.Application.Governance;
using Vigil.Application.Groups;
using Vigil.Contracts.Audit;
using Vigil.Data;

namespace Vigil.Tests.Governance;

/// <summary>
/// Audits the governance tests check policies against, each made once per test run by the real audit job: the heart
/// example, the diabetes example (scored by a one-line rule, see <see cref="Diabetes"/>), and seeded synthetic cohorts
/// with and without a large FNR gap for patients 65 and over. Files live in one temporary folder per run.
/// </summary>
internal static class GateFixtures
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "vigil-gate-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    });

    private static readonly Lazy<(AuditDocument, string)> HeartAudit = new(() =>
        Audit(Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "heart-cleveland.csv"), "heart", "disease", "score", null, "sex", "age", "age=45,65"));

    private static readonly Lazy<(AuditDocument, string)> GapAudit = new(() =>
        Audit(Synthetic("synthetic-gap.csv", fnrOver65: 0.45, fnrOthers: 0.15), "synthetic-gap", "label", "score", null, "sex", "age", "age=45,65"));

    private static readonly Lazy<(AuditDocument, string)> FairAudit = new(() =>
        Audit(Synthetic("synthetic-fair.csv", fnrOver65: 0.15, fnrOthers: 0.15), "synthetic-fair", "label", "score", null, "sex", "age", "age=45,65"));

    private static readonly Lazy<(AuditDocument, string)> DiabetesAudit = new(() =>
        Audit(DiabetesScored(), "diabetes", "readmit30", null, "prediction", "sex", "age_years", "age_years=40,60"));

    /// <summary>The heart example audited by sex and age bands &lt;45, 45-64, &gt;=65 (and sex*age), and its JSON file.</summary>
    public static (AuditDocument Audit, string File) Heart => HeartAudit.Value;

    /// <summary>20,000 synthetic patients, FNR 0.45 at 65+ against 0.15 elsewhere (seeded).</summary>
    public static (AuditDocument Audit, string File) Gap => GapAudit.Value;

    /// <summary>The same cohort with FNR 0.15 in every age band (seeded).</summary>
    public static (AuditDocument Audit, string File) Fair => FairAudit.Value;

    /// <summary>
    /// The diabetes example (69,973 encounters) with a transparent rule as its model: flag a 30-day readmission when the
    /// patient had an inpatient stay in the year before (number_inpatient ≥ 1); audited by sex and age_years bands 40, 60
    /// (age_years holds decade midpoints, so the audit refuses cuts inside a decade such as 45 or 65).
    /// </summary>
    public static (AuditDocument Audit, string File) Diabetes => DiabetesAudit.Value;

    public static string Policy(string name) => Path.Combine(AppContext.BaseDirectory, "examples", "policies", name);

    public static string HeartCard => Path.Combine(AppContext.BaseDirectory, "examples", "heart-disease", "card.yaml");

    public static string Xsd => Path.Combine(AppContext.BaseDirectory, "golden", "junit", "junit.xsd");

    public static GatePolicy Mission => PolicyReader.ReadFile(Policy("age-stratified-validation.yaml"));

    public static GatePolicy Strict => PolicyReader.ReadFile(Policy("strict-intersectional.yaml"));

    public static GatePolicy Looser => PolicyReader.ReadFile(Policy("screening-looser.yaml"));

    /// <summary>A fixed decision time (2026-12-02 10:00 UTC).</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static (AuditDocument, string) Audit(string data, string name, string label, string? score, string? prediction, string sex, string age, string bands)
    {
        var job = AuditJob.Run(new AuditJobOptions
        {
            Data = data, Label = label, Score = score, Prediction = prediction, Threshold = score is null ? null : 0.5,
            Groups = new GroupSelection
            {
                Protected = [sex, age],
                Bands = [Bands.Parse(bands)],
                Intersections = [$"{sex}*{age}"],
            },
        });
        var file = Path.Combine(Folder.Value, name + ".audit.json");
        File.WriteAllText(file, AuditContract.Write(job.Document));
        // The generated data files (the diabetes copy is ~20 MB) are not needed once audited; the small audit JSON stays.
        if (data.StartsWith(Folder.Value, StringComparison.Ordinal)) File.Delete(data);
        return (job.Document, file);
    }

    /// <summary>
    /// A seeded cohort: age uniform 20-89, sex F/M, prevalence 0.3; a positive is missed (score &lt; 0.5) with probability
    /// <paramref name="fnrOver65"/> at 65+ and <paramref name="fnrOthers"/> below; a negative is flagged with probability 0.1.
    /// </summary>
    private static string Synthetic(string name, double fnrOver65, double fnrOthers)
    {
        var random = new Random(20261202);
        var sb = new StringBuilder("age,sex,label,score\n");
        for (var i = 0; i < 20_000; i++)
        {
            var age = random.Next(20, 90);
            var sex = random.NextDouble() < 0.5 ? "F" : "M";
            var positive = random.NextDouble() < 0.3;
            var flagged = positive ? random.NextDouble() >= (age >= 65 ? fnrOver65 : fnrOthers) : random.NextDouble() < 0.1;
            var score = flagged ? 0.5 + (random.NextDouble() * 0.5) : random.NextDouble() * 0.4999;
            sb.Append(CultureInfo.InvariantCulture, $"{age},{sex},{(positive ? 1 : 0)},{score:0.000000}\n");
        }
        var file = Path.Combine(Folder.Value, name);
        File.WriteAllText(file, sb.ToString());
        return file;
    }

    private static string DiabetesScored()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "examples", "diabetes-readmission", "diabetes-prepared.csv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(source), CompressionMode.Decompress), Encoding.UTF8);
        var header = reader.ReadLine()!;
        var inpatient = Array.IndexOf(header.Split(','), "number_inpatient");
        var sb = new StringBuilder(header).Append(",prediction\n");
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            var flagged = int.Parse(fields[inpatient], CultureInfo.InvariantCulture) >= 1;
            sb.Append(line).Append(flagged ? ",1\n" : ",0\n");
        }
        var file = Path.Combine(Folder.Value, "diabetes-scored.csv");
        File.WriteAllText(file, sb.ToString());
        return file;
    }

    /// <summary>A clock fixed at one instant.</summary>
    public sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
