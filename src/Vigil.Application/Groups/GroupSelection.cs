using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Data;

namespace Vigil.Application.Groups;

/// <summary>
/// Where groups are formed, the same five settings in every job (docs/vocabulary.md): the protected attributes,
/// their intersections (a*b), numeric bands, the reference group per attribute and the small-cell threshold.
/// Errors name the catalogue key (protected, intersections, bands, reference, min_cell), never a flag.
/// </summary>
public sealed record GroupSelection
{
    /// <summary>The one intersection separator.</summary>
    public const char Separator = '*';

    public required IReadOnlyList<string> Protected { get; init; }

    /// <summary>Intersections as "a*b" (two or more protected attributes).</summary>
    public IReadOnlyList<string> Intersections { get; init; } = [];

    /// <summary>Every pair of protected attributes as well (audit's --all-pairs).</summary>
    public bool AllPairs { get; init; }

    public IReadOnlyList<Bands> Bands { get; init; } = [];

    /// <summary>Reference group per attribute (default: the largest group).</summary>
    public IReadOnlyDictionary<string, string> References { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Groups with fewer rows are small cells (flagged; suppressed in shareable outputs).</summary>
    public int MinCell { get; init; } = 11;

    /// <summary>Checks the settings against each other: a non-empty, duplicate-free protected list that every band, reference and intersection refers to.</summary>
    public void Validate()
    {
        if (Protected.Count == 0) throw VigilException.Option("protected", "needs at least one column");
        if (Protected.Distinct(StringComparer.Ordinal).Count() != Protected.Count) throw VigilException.Option("protected", "names a column twice");
        if (MinCell < 0) throw VigilException.Option("min_cell", $"{MinCell}: expected a non-negative count");
        foreach (var b in Bands.Where(b => !Protected.Contains(b.Column)))
            throw VigilException.Option("bands", $"{b.Column}=...: '{b.Column}' is not among the protected attributes ({string.Join(", ", Protected)})");
        foreach (var r in References.Keys.Where(k => !Protected.Contains(k)))
            throw VigilException.Option("reference", $"{r}=...: '{r}' is not among the protected attributes ({string.Join(", ", Protected)})");
        foreach (var spec in Intersections) IntersectionColumns(spec);
    }

    /// <summary>The label (outcome) cannot also be a protected attribute: groups of the outcome make every rate degenerate.</summary>
    public void RequireNotLabel(string? label)
    {
        if (label is not null && Protected.Contains(label))
            throw VigilException.Option("protected", $"'{label}' is the label; a protected attribute cannot be the outcome");
    }

    /// <summary>The columns of one intersection "a*b", checked.</summary>
    public IReadOnlyList<string> IntersectionColumns(string spec)
    {
        var columns = spec.Split(Separator, StringSplitOptions.TrimEntries);
        if (columns.Length < 2 || columns.Any(string.IsNullOrEmpty))
            throw VigilException.Option("intersections", $"'{spec}': expected two or more attributes joined by '*', e.g. sex*race");
        foreach (var c in columns.Where(c => !Protected.Contains(c)))
            throw VigilException.Option("intersections", $"'{spec}': '{c}' is not among the protected attributes ({string.Join(", ", Protected)})");
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Length)
            throw VigilException.Option("intersections", $"'{spec}': an attribute appears twice");
        return columns;
    }

    /// <summary>Each protected attribute alone, then the requested intersections, then (with <see cref="AllPairs"/>) every pair; each once.</summary>
    public List<GroupingSpec> Groupings()
    {
        var specs = new List<GroupingSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(IReadOnlyList<string> columns)
        {
            if (!seen.Add(string.Join(Separator, columns))) return;
            specs.Add(new GroupingSpec(columns, columns.Select(c => References.GetValueOrDefault(c)).ToList()));
        }
        foreach (var a in Protected) Add([a]);
        foreach (var spec in Intersections) Add(IntersectionColumns(spec));
        if (AllPairs)
        {
            for (var i = 0; i < Protected.Count; i++)
                for (var j = i + 1; j < Protected.Count; j++)
                    Add([Protected[i], Protected[j]]);
        }
        return specs;
    }

    /// <summary>Every requested reference group must exist among the attribute's levels.</summary>
    public void RequireReferences(Func<string, IReadOnlyCollection<string>> levelsOf, string where)
    {
        foreach (var (attribute, level) in References)
        {
            var levels = levelsOf(attribute);
            if (!levels.Contains(level))
                throw VigilException.Option("reference", $"{attribute}={level}: no such group in {where}; groups: {string.Join(", ", levels)}");
        }
    }

    /// <summary>The bands as the settings block writes them: column → edges.</summary>
    public IReadOnlyDictionary<string, double[]> BandEdges() => Bands.ToDictionary(b => b.Column, b => b.Edges, StringComparer.Ordinal);
}
