using System.Globalization;

namespace Vigil.Examples.HeartDisease;

/// <summary>
/// One row of <c>processed.cleveland.data</c>: the 13 features and <c>num</c>, with the
/// codes of <c>heart-disease.names</c>. <see cref="Ca"/> and <see cref="Thal"/> are null where
/// the file has <c>?</c>.
/// </summary>
/// <param name="PatientId">1-based row number in the file.</param>
/// <param name="Age">Age in years.</param>
/// <param name="Sex">1 = male, 0 = female.</param>
/// <param name="Cp">Chest pain type 1-4.</param>
/// <param name="Trestbps">Resting blood pressure, mm Hg.</param>
/// <param name="Chol">Serum cholesterol, mg/dl.</param>
/// <param name="Fbs">Fasting blood sugar &gt; 120 mg/dl (1/0).</param>
/// <param name="Restecg">Resting ECG 0-2.</param>
/// <param name="Thalach">Maximum heart rate achieved.</param>
/// <param name="Exang">Exercise-induced angina (1/0).</param>
/// <param name="Oldpeak">ST depression induced by exercise relative to rest.</param>
/// <param name="Slope">Slope of the peak exercise ST segment 1-3.</param>
/// <param name="Ca">Major vessels coloured by fluoroscopy 0-3, or null if missing.</param>
/// <param name="Thal">3 normal, 6 fixed defect, 7 reversible defect, or null if missing.</param>
/// <param name="Num">Angiographic disease status 0-4.</param>
public sealed record HeartPatient(
    int PatientId,
    double Age,
    int Sex,
    int Cp,
    double Trestbps,
    double Chol,
    int Fbs,
    int Restecg,
    double Thalach,
    int Exang,
    double Oldpeak,
    int Slope,
    int? Ca,
    int? Thal,
    int Num)
{
    /// <summary>The binary label: 1 if <see cref="Num"/> &gt; 0 (any major vessel with &gt; 50% narrowing).</summary>
    public int Disease => Num > 0 ? 1 : 0;

    /// <summary>"F" for sex 0, "M" for sex 1.</summary>
    public string SexLabel => Sex == 1 ? "M" : "F";

    /// <summary>The 14 column names of the processed files, in file order.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } =
        ["age", "sex", "cp", "trestbps", "chol", "fbs", "restecg", "thalach", "exang", "oldpeak", "slope", "ca", "thal", "num"];

    /// <summary>
    /// Parses the text of <c>processed.cleveland.data</c>: no header, 14 comma-separated
    /// columns, <c>?</c> for missing (accepted only in ca and thal). Blank lines are skipped.
    /// </summary>
    /// <exception cref="FormatException">A row has the wrong column count, an unparsable
    /// number, a code outside its documented range, or a missing value outside ca/thal.</exception>
    public static IReadOnlyList<HeartPatient> ParseAll(string text)
    {
        var patients = new List<HeartPatient>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            patients.Add(ParseLine(line, i + 1, patients.Count + 1));
        }

        return patients;
    }

    private static HeartPatient ParseLine(string line, int lineNumber, int patientId)
    {
        var f = line.Split(',');
        if (f.Length != 14)
        {
            throw new FormatException($"line {lineNumber}: expected 14 columns, found {f.Length}");
        }

        double Num(int c)
        {
            var s = f[c].Trim();
            if (s == "?")
            {
                throw new FormatException($"line {lineNumber}: '{ColumnNames[c]}' is missing ('?'); only ca and thal may be");
            }

            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                throw new FormatException($"line {lineNumber}: '{ColumnNames[c]}' = '{s}' is not a number");
            }

            return v;
        }

        int Code(int c, params int[] allowed)
        {
            var v = Num(c);
            var k = (int)v;
            if (k != v || Array.IndexOf(allowed, k) < 0)
            {
                throw new FormatException($"line {lineNumber}: '{ColumnNames[c]}' = '{f[c]}' is not one of {string.Join('/', allowed)}");
            }

            return k;
        }

        int? OptionalCode(int c, params int[] allowed) => f[c].Trim() == "?" ? null : Code(c, allowed);

        return new HeartPatient(
            PatientId: patientId,
            Age: Num(0),
            Sex: Code(1, 0, 1),
            Cp: Code(2, 1, 2, 3, 4),
            Trestbps: Num(3),
            Chol: Num(4),
            Fbs: Code(5, 0, 1),
            Restecg: Code(6, 0, 1, 2),
            Thalach: Num(7),
            Exang: Code(8, 0, 1),
            Oldpeak: Num(9),
            Slope: Code(10, 1, 2, 3),
            Ca: OptionalCode(11, 0, 1, 2, 3),
            Thal: OptionalCode(12, 3, 6, 7),
            Num: Code(13, 0, 1, 2, 3, 4));
    }
}
