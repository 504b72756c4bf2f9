using Vigil.Application.Output;
using Vigil.Contracts.Mitigation;
using Vigil.Core;
using Vigil.Data;
using Vigil.Mitigation;

namespace Vigil.Application.Mitigation;

/// <summary>
/// The data side of `vigil mitigate`: the file, the label, the protected attributes (several form intersections
/// "a*b"), bands of numeric ones, the reference group per attribute (default: the largest group), the score column,
/// the features, a row id, the small-cell threshold, and the output folder. What the method does is in
/// <see cref="Settings"/>.
/// </summary>
public sealed record MitigateOptions(
    string Data, string Label, string? PositiveLabel, IReadOnlyList<string> Protected, IReadOnlyList<Bands> Bands,
    IReadOnlyDictionary<string, string> Reference, string? Score, IReadOnlyList<string> Features, string? Id, int MinCell,
    MitigationSettings Settings, string Out, IReadOnlyList<string>? Intersections = null);

/// <summary>The document written, the folder, and the files in it.</summary>
public sealed record MitigateResult(MitigationDocument Document, string OutDir, IReadOnlyList<string> Files);

/// <summary>
/// `vigil mitigate` as a job: fits one bias mitigation on a stratified training split and evaluates it before/after
/// on the held-out split; writes OUT/mitigation.json (vigil.mitigation/v2), OUT/mitigation.md, OUT/mitigated.csv and,
/// with a sweep, OUT/pareto.svg, the folder whole. docs/mitigation.md.
/// </summary>
public static class MitigateJob
{
    /// <summary>Largest number of distinct values a protected attribute may have without bands (numbers beyond it need --bands).</summary>
    public const int MaxUnbandedNumericLevels = 20;

    public static MitigateResult Run(MitigateOptions options, IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var info = MitigationMethods.Find(options.Settings.Method).Info; // an unknown method fails before anything is read
        Check(options);
        progress.Report("reading " + options.Data);
        using var source = TabularSource.Open(options.Data);
        var loaded = MitigationInputLoader.Load(source, options, info);
        progress.Report($"fitting {info.Name}");
        var result = MitigationRunner.Run(loaded.Input, options.Settings);

        using var folder = OutputFolder.Begin(options.Out);
        var files = new List<string>();
        string? chart = null;
        if (result.Sweep is { Count: > 0 })
        {
            chart = "pareto.svg";
            File.WriteAllText(folder.File(chart), ParetoChartSvg.Render(result));
            files.Add(chart);
        }
        File.WriteAllText(folder.File("mitigated.csv"), MitigatedCsv.Render(result, loaded.Input, options.Id, loaded.Ids));
        files.Add("mitigated.csv");
        var document = MitigationDocumentBuilder.Build(result, loaded, options, chart);
        File.WriteAllText(folder.File("mitigation.json"), MitigationContract.Write(document));
        files.Add("mitigation.json");
        File.WriteAllText(folder.File("mitigation.md"), MitigationMarkdown.Render(result, options, chart));
        files.Add("mitigation.md");
        folder.Commit();
        return new MitigateResult(document, folder.Target, files.Select(f => Path.Combine(folder.Target, f)).ToList());
    }

    /// <summary>
    /// A mitigation fits one sensitive feature: the intersection of every protected attribute (as Fairlearn combines
    /// several sensitive features), whose groups are the rows of the before/after tables. An intersection named by the
    /// user must therefore be that one; any other would leave the method blind to some groups of its own tables.
    /// </summary>
    private static void CheckIntersections(MitigateOptions o)
    {
        var named = o.Intersections ?? [];
        if (named.Count == 0) return;
        var selection = new Vigil.Application.Groups.GroupSelection { Protected = o.Protected, Intersections = named };
        var all = string.Join(Vigil.Application.Groups.GroupSelection.Separator, o.Protected);
        if (named.Count > 1)
            throw VigilException.Option("intersections", $"{string.Join(", ", named)}: a mitigation fits one sensitive feature; name one intersection, {all}");
        var columns = selection.IntersectionColumns(named[0]);
        if (columns.Count != o.Protected.Count)
            throw VigilException.Option("intersections", $"'{named[0]}': the mitigation's sensitive feature is the intersection of every protected attribute ({all}); protect only the attributes of '{named[0]}', or name {all}");
    }

    /// <summary>The option checks of `vigil mitigate` (also run by `vigil mitigate --recommend`).</summary>
    internal static void Check(MitigateOptions o)
    {
        var s = o.Settings;
        if (o.Protected.Count == 0) throw VigilException.Option("protected", "needs at least one column");
        if (o.Protected.Distinct(StringComparer.Ordinal).Count() != o.Protected.Count) throw VigilException.Option("protected", "names a column twice");
        if (o.Protected.Contains(o.Label)) throw VigilException.Option("protected", $"'{o.Label}' is the label; a protected attribute cannot be the outcome");
        if (o.Features.Contains(o.Label)) throw VigilException.Option("features", $"include the label '{o.Label}'");
        if (o.Score is not null && o.Score == o.Label) throw VigilException.Option("score", $"'{o.Score}' is the label");
        foreach (var f in o.Features)
            if (o.Protected.Contains(f))
                throw VigilException.Option("features", $"list the protected attribute '{f}'; the mitigations take it from the protected attributes");
        foreach (var b in o.Bands)
            if (!o.Protected.Contains(b.Column)) throw VigilException.Option("bands", $"{b.Column}=...: '{b.Column}' is not a protected attribute");
        foreach (var r in o.Reference.Keys)
            if (!o.Protected.Contains(r)) throw VigilException.Option("reference", $"{r}=...: '{r}' is not a protected attribute");
        if (o.Reference.Count > 0 && o.Reference.Count != o.Protected.Count)
            throw VigilException.Option("reference", $"name the reference value of every protected attribute ({string.Join(", ", o.Protected)}), or none for the largest group");
        if (o.MinCell < 0) throw VigilException.Option("min_cell", $"{o.MinCell}: expected 0 or more rows");
        CheckIntersections(o);
        if (!(s.Threshold >= 0 && s.Threshold <= 1)) throw VigilException.Option("threshold", $"{s.Threshold}: expected a number in [0, 1]");
        if (!(s.TestFraction > 0 && s.TestFraction < 1)) throw VigilException.Option("test_fraction", $"{s.TestFraction}: expected a share between 0 and 1");
        if (s.BootstrapReplicates is < 0 or > AnalysisDefaults.MaxResamples) throw VigilException.Option("bootstrap", $"{s.BootstrapReplicates}: expected 0 to {AnalysisDefaults.MaxResamples} resamples");
        if (s.Arguments.GridSize is < 2 or > 100_000) throw VigilException.Option("grid_size", $"{s.Arguments.GridSize}: expected 2 to 100000");
    }
}
