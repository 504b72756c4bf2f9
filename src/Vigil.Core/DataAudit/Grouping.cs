namespace Vigil.Core.DataAudit;

/// <summary>
/// A partition of the rows: a protected attribute, or the intersection of several ("sex*age", levels
/// "1*&lt;45"). Every row belongs to exactly one group.
/// </summary>
public sealed record Grouping(string Name, IReadOnlyList<string> Attributes, int[] Codes, string[] Levels)
{
    public static Grouping Of(CategoricalVariable v) => new(v.Name, [v.Name], v.Codes, v.Levels);

    /// <summary>The cross of several attributes; level index = Σ code_a · stride_a (all combinations listed, empty ones included).</summary>
    public static Grouping Intersect(IReadOnlyList<CategoricalVariable> parts)
    {
        var rows = parts[0].Codes.Length;
        var codes = new int[rows];
        var levels = new List<string> { "" };
        foreach (var part in parts)
        {
            var next = new List<string>(levels.Count * part.Levels.Length);
            foreach (var prefix in levels)
                foreach (var l in part.Levels)
                    next.Add(prefix.Length == 0 ? l : prefix + "*" + l);
            levels = next;
        }
        for (var i = 0; i < rows; i++)
        {
            var code = 0;
            foreach (var part in parts) code = code * part.Levels.Length + part.Codes[i];
            codes[i] = code;
        }
        return new Grouping(string.Join("*", parts.Select(p => p.Name)), parts.Select(p => p.Name).ToList(), codes, [.. levels]);
    }

    /// <summary>Rows per group.</summary>
    public long[] Counts()
    {
        var n = new long[Levels.Length];
        foreach (var c in Codes) n[c]++;
        return n;
    }
}
