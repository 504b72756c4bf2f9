namespace Vigil.Tests.Reliability.Fuzz;

/// <summary>A stored malformed payload (tests/golden/fuzz/cases.tsv) and the statuses it may get ("4xx", "400", "200|422").</summary>
internal sealed record CorpusCase(string File, string Endpoint, string ContentType, string Expect, string What)
{
    /// <summary>Whether <paramref name="status"/> is one the case allows.</summary>
    public bool Allows(int status) => Expect.Split('|').Any(e => e == "4xx" ? status is >= 400 and < 500 : e == status.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "golden", "fuzz");

    public static IReadOnlyList<CorpusCase> Load() =>
        System.IO.File.ReadAllLines(Path.Combine(Folder, "cases.tsv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(p => new CorpusCase(p[0], p[1], p[2], p[3], p[4]))
            .ToList();

    public byte[] Bytes() => System.IO.File.ReadAllBytes(Path.Combine(Folder, File));
}
