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

    private readonly bool _intersections;
    private readonly bool _reference;
    private readonly bool _bands;

    /// <summary>
    /// The options of a command; <paramref name="withIntersections"/>, <paramref name="withReference"/> and
    /// <paramref name="withBands"/> are false where the concept has no meaning yet (estimate has no reference group; scan's
    /// named intersections and reference gap are in docs/scan.md, plan-study's band check in docs/plan-study.md).
    /// </summary>
    public GroupOptions(bool protectedRequired = true, bool withIntersections = true, bool withReference = true, bool withBands = true)
    {
        Protected = OptionCatalog.Protected(protectedRequired);
        (_intersections, _reference, _bands) = (withIntersections, withReference, withBands);
    }

    public IEnumerable<Option> All
    {
        get
        {
            yield return Protected;
            if (_intersections) yield return Intersections;
            if (_bands) yield return Bands;
            if (_reference) yield return Reference;
            yield return MinCell;
        }
    }

    /// <summary>Adds the five options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in All) command.Options.Add(o);
    }

    /// <summary>The selection the command line gave (checked by the job).</summary>
    public GroupSelection Read(ParseResult parse, bool allPairs = false) => new()
    {
        Protected = OptionParsing.List(parse.GetValue(Protected)),
        Intersections = _intersections ? OptionParsing.List(parse.GetValue(Intersections)) : [],
        AllPairs = allPairs,
        Bands = _bands ? (parse.GetValue(Bands) ?? []).Select(Vigil.Data.Bands.Parse).ToList() : [],
        References = _reference ? OptionParsing.Pairs(parse.GetValue(Reference), "--reference") : new Dictionary<string, string>(StringComparer.Ordinal),
        MinCell = parse.GetValue(MinCell),
    };

    /// <summary>True when the user gave --protected (for commands where it is optional).</summary>
    public bool Given(ParseResult parse) => OptionParsing.List(parse.GetValue(Protected)).Count > 0;
}
