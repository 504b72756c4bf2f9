using Vigil.Application.Groups;

namespace Vigil.Application.Demo;

/// <summary>
/// One demo step as a typed call of one verb: it renders the plain `vigil` command line a user would type (commands.sh)
/// and builds the same verb's job options from a <see cref="DemoContext"/> (what <see cref="DirectDemoStepRunner"/> runs).
/// Paths are templates with {example} and {out}. A setting left null is not on the command line, and the job gets the
/// verb's default from where the CLI takes it (<see cref="AnalysisDefaults"/> or the job's own options).
/// </summary>
public abstract record DemoCall
{
    /// <summary>The `vigil` arguments, verb first, placeholders unresolved.</summary>
    public abstract IReadOnlyList<string> CommandLine();
}

/// <summary>A reference group: <paramref name="Group"/> of <paramref name="Attribute"/> (--reference a=V).</summary>
public sealed record DemoReference(string Attribute, string Group)
{
    /// <summary>a=V.</summary>
    public override string ToString() => $"{Attribute}={Group}";
}

/// <summary>
/// The group settings of a demo step: protected attributes, numeric bands in the catalogue's notation (age=45,65),
/// intersections (sex*age) and reference groups; the small-cell threshold is the default.
/// </summary>
public sealed record DemoGroups(IReadOnlyList<string> Protected)
{
    public IReadOnlyList<string> Bands { get; init; } = [];

    public IReadOnlyList<string> Intersections { get; init; } = [];

    public IReadOnlyList<DemoReference> References { get; init; } = [];

    /// <summary>The selection a job takes (the bands parsed as the CLI parses them).</summary>
    public GroupSelection Selection()
    {
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in References) references[r.Attribute] = r.Group;
        return new GroupSelection
        {
            Protected = Protected,
            Intersections = Intersections,
            Bands = Bands.Select(global::Vigil.Data.Bands.Parse).ToList(),
            References = references,
            MinCell = AnalysisDefaults.MinCell,
        };
    }

    /// <summary>--bands, one per spec.</summary>
    internal void AddBands(DemoCommandLine line) => line.Each("--bands", Bands);

    /// <summary>--reference, one per group.</summary>
    internal void AddReferences(DemoCommandLine line) => line.Each("--reference", References.Select(r => r.ToString()).ToList());
}
