using System.CommandLine;
using Vigil.Application.Groups;
using Vigil.Cli.Commands;
using Vigil.Data;

namespace Vigil.Cli.Options;

/// <summary>
/// The five catalogue options of every command that forms groups (--protected, --intersections, --bands,
/// --reference, --min-cell), added together and read back as one <see cref="GroupSelection"/>.
/// </summary>
public sealed class GroupOptions
{
    public Option<string[]> Protected { get; }

    public Option<string[]> Intersections { get; } = OptionCatalog.Intersections();

    public Option<string[]> Bands { get; } = OptionCatalog.Bands();

    public Option<string[]> Reference { get; } = OptionCatalog.Reference();

    public Option<int> MinCell { get; } = OptionCatalog.MinCell();

    public GroupOptions(bool protectedRequired = true) => Protected = OptionCatalog.Protected(protectedRequired);

    public IEnumerable<Option> All => [Protected, Intersections, Bands, Reference, MinCell];

    /// <summary>Adds the five options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in All) command.Options.Add(o);
    }

    /// <summary>The selection the command line gave (checked by the job).</summary>
    public GroupSelection Read(ParseResult parse, bool allPairs = false) => new()
    {
        Protected = OptionParsing.List(parse.GetValue(Protected)),
        Intersections = OptionParsing.List(parse.GetValue(Intersections)),
        AllPairs = allPairs,
        Bands = (parse.GetValue(Bands) ?? []).Select(Vigil.Data.Bands.Parse).ToList(),
        References = OptionParsing.Pairs(parse.GetValue(Reference), "--reference"),
        MinCell = parse.GetValue(MinCell),
    };

    /// <summary>True when the user gave --protected (for commands where it is optional).</summary>
    public bool Given(ParseResult parse) => OptionParsing.List(parse.GetValue(Protected)).Count > 0;
}
