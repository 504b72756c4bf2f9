using System.Text;
using Vigil.Application.Groups;
using Vigil.Application.Models;
using Vigil.Application.Output;
using Vigil.Contracts.Validation;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Data;
using Vigil.Models.Training;
using Vigil.Models.Validation;

namespace Vigil.Application.Validation;

/// <summary>
/// The options of `vigil validate`. Either <see cref="Data"/> with <see cref="Site"/> (the site column) and
/// <see cref="TrainSite"/>, or <see cref="Train"/> with <see cref="Validate"/> files. <see cref="Protected"/> and
/// <see cref="Bands"/> form the groups, <see cref="Intersections"/> ("a*b") add the combined groups, <see cref="References"/>
/// names the group per attribute that the differences are measured against (default: the largest); groups under
/// <see cref="MinCell"/> rows are flagged as small cells.
/// </summary>
public sealed record ValidateOptions(
    string? Data, string? Site, string? TrainSite, string? Train, IReadOnlyList<string> Validate, LearnerOptions Learner,
    IReadOnlyList<string> Protected, IReadOnlyList<Bands> Bands, int Bootstrap, int MinCell, string Out,
    IReadOnlyList<string>? Intersections = null, IReadOnlyDictionary<string, string>? References = null)
{
    /// <summary>The five group settings as one <see cref="GroupSelection"/>.</summary>
    public GroupSelection Groups => new()
    {
        Protected = Protected,
        Intersections = Intersections ?? [],
        Bands = Bands,
        References = References ?? new Dictionary<string, string>(StringComparer.Ordinal),
        MinCell = MinCell,
    };
}

/// <summary>The validation document written, the folder, and the core result it was made from.</summary>
public sealed record ValidateResult(ValidationDocument Document, string OutDir, ValidationResult Result);

/// <summary>
/// `vigil validate` as a job: trains on one site or period and reports performance, calibration and per-group error
/// rates on the training site (out-of-fold: internal) and on every other site (external), side by side with the
/// differences external − internal. Writes OUT/validation.json (vigil.validation/v2), OUT/validation.md and
/// OUT/predictions-SITE.csv, the folder whole. docs/validation.md.
/// </summary>
public static class ValidateJob
{
    public static ValidateResult Run(ValidateOptions options, IJobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var o = options.Learner;
        o.Check();
        Check(options);
        var kind = o.Kind;
        var rule = o.Rule;
        var categorical = o.Categorical.ToHashSet(StringComparer.Ordinal);
        var sources = new List<TabularSource>();
        try
        {
            List<(SiteData Site, TabularSource Source, bool[]? Keep)> sites;
            IReadOnlyList<FeatureSpec> specs;
            string trainingName;
            var inputs = new List<Contracts.Common.InputRef>();
            if (options.Data is { } dataPath)
            {
                var column = options.Site!;
                var trainValue = options.TrainSite!;
                progress.Report("reading " + dataPath);
                var source = TabularSource.Open(dataPath);
                sources.Add(source);
                specs = ModelTableLoader.InferKinds(source, o.Features, categorical);
                var (table, _) = ModelTableLoader.Load(source, specs, o.Label, o.PositiveLabel);
                inputs.Add(new Contracts.Common.InputRef("data", dataPath) { Rows = table.Rows });
                var site = source.ReadCategorical(column, Param.Ref("site"), 1000, "a site or period column");
                if (site.Missing > 0)
                    throw VigilException.BadData($"{dataPath}: column '{column}' (the site column) is missing in {site.Missing} rows");
                var trainCode = Array.IndexOf(site.Levels, trainValue);
                if (trainCode < 0)
                    throw VigilException.Option("train_site", $"'{trainValue}': no such value of '{column}' in {dataPath}; values: {string.Join(", ", site.Levels)}");
                if (site.Levels.Length < 2)
                    throw VigilException.BadData($"{dataPath}: column '{column}' has only the value '{trainValue}'; nothing to validate on");
                var prot = ReadProtected(source, options.Protected, options.Bands);
                RequireReferences(options, prot, dataPath);
                sites = [];
                var order = new List<int> { trainCode };
                for (var c = 0; c < site.Levels.Length; c++)
                    if (c != trainCode) order.Add(c);
                foreach (var c in order)
                {
                    var keep = new bool[table.Rows];
                    var rows = new List<int>();
                    for (var i = 0; i < keep.Length; i++)
                    {
                        if (site.Codes[i] != c) continue;
                        keep[i] = true;
                        rows.Add(i);
                    }
                    var idx = rows.ToArray();
                    sites.Add((new SiteData(site.Levels[c], table.Subset(idx), Subset(prot, idx)), source, keep));
                }
                trainingName = $"{dataPath} ({column} = {trainValue})";
            }
            else
            {
                var trainPath = options.Train!;
                var source = TabularSource.Open(trainPath);
                sources.Add(source);
                specs = ModelTableLoader.InferKinds(source, o.Features, categorical);
                var names = new HashSet<string>(StringComparer.Ordinal);
                sites = [];
                foreach (var path in options.Validate.Prepend(trainPath))
                {
                    progress.Report("reading " + path);
                    var s = path == trainPath ? source : TabularSource.Open(path);
                    if (s != source) sources.Add(s);
                    var (table, _) = ModelTableLoader.Load(s, specs, o.Label, o.PositiveLabel);
                    inputs.Add(new Contracts.Common.InputRef("data", path) { Rows = table.Rows });
                    var name = SiteName(path);
                    for (var k = 2; !names.Add(name); k++) name = $"{SiteName(path)}-{k}";
                    var prot = ReadProtected(s, options.Protected, options.Bands);
                    RequireReferences(options, prot, path);
                    sites.Add((new SiteData(name, table, prot), s, null));
                }
                trainingName = trainPath;
            }

            progress.Report($"training {Learners.Name(kind)} at {sites[0].Site.Name} and validating at {sites.Count - 1} other site(s)");
            var result = ExternalValidation.Run(sites[0].Site, sites.Skip(1).Select(s => s.Site).ToList(), kind, o.Folds, o.Seed, rule,
                options.Bootstrap, trainingName, options.MinCell, options.Groups.Groupings());
            using var folder = OutputFolder.Begin(options.Out);
            var files = new List<string>();
            for (var k = 0; k < sites.Count; k++)
            {
                var (site, source, keep) = sites[k];
                var scores = Expand(result.Settings[k].Scores, keep, source.RowCount);
                var prediction = ModelBlocksFrom.Predictions(scores, result.Training.Threshold.Value);
                var file = $"predictions-{FileSafe(site.Name)}.csv";
                source.ExportWith(folder.File(file), [new ExtraColumn("score", Doubles: scores), new ExtraColumn("prediction", prediction)], keep);
                files.Add(file);
            }
            var run = new ValidationRun(options, inputs, specs, kind, sites[0].Site.Name, files);
            var document = ValidationDocumentBuilder.Build(result, run);
            File.WriteAllText(folder.File("validation.json"), ValidationContract.Write(document));
            File.WriteAllText(folder.File("validation.md"), ValidationMarkdown.Render(result, run));
            folder.Commit();
            return new ValidateResult(document, folder.Target, result);
        }
        finally
        {
            foreach (var s in sources) s.Dispose();
        }
    }

    private static void Check(ValidateOptions options)
    {
        if ((options.Data is null) == (options.Train is null))
            throw VigilException.Usage("give either the data with the site column and the training site, or a training file with validation files");
        if (options.Data is not null)
        {
            if (options.Validate.Count > 0) throw VigilException.Option("validate", "goes with a training file, not with the data of every site");
            if (string.IsNullOrWhiteSpace(options.Site)) throw VigilException.Option("site", "is needed with the data of every site: the column naming each row's site");
            if (string.IsNullOrWhiteSpace(options.TrainSite)) throw VigilException.Option("train_site", "is needed with the data of every site: the site to train on");
            if (options.Learner.Features.Contains(options.Site)) throw VigilException.Option("site", $"'{options.Site}' is among the features");
        }
        else
        {
            if (options.Validate.Count == 0) throw VigilException.Option("validate", "needs at least one file to validate on");
            if (options.Site is not null || options.TrainSite is not null)
                throw VigilException.Option(options.Site is not null ? "site" : "train_site", "goes with the data of every site, not with a training file");
        }
        if (options.Protected.Count == 0) throw VigilException.Option("protected", "needs at least one column");
        foreach (var p in options.Protected)
        {
            if (p == options.Learner.Label) throw VigilException.Option("protected", $"'{p}' is the label");
        }
        if (options.Bootstrap is < 0 or > AnalysisDefaults.MaxResamples) throw VigilException.Option("bootstrap", $"{options.Bootstrap}: expected 0 to {AnalysisDefaults.MaxResamples} resamples");
        if (options.MinCell < 0) throw VigilException.Option("min_cell", $"{options.MinCell}: expected 0 or more rows");
        options.Groups.Validate();
    }

    private static string SiteName(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var ext in new[] { ".gz", ".csv", ".tsv", ".txt", ".parquet", ".pq" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) name = name[..^ext.Length];
        return name;
    }

    private static string FileSafe(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name) sb.Append(char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_');
        return sb.ToString();
    }

    private static double[] Expand(double[] scores, bool[]? keep, long rows)
    {
        if (keep is null) return scores;
        var all = new double[rows];
        Array.Fill(all, double.NaN);
        var k = 0;
        for (var i = 0; i < keep.Length; i++)
            if (keep[i]) all[i] = scores[k++];
        return all;
    }

    /// <summary>Protected attributes as the audit reads them: categories (missing = "(missing)") or bands of a number.</summary>
    private static List<ProtectedColumn> ReadProtected(TabularSource source, IReadOnlyList<string> attributes, IReadOnlyList<Bands> bands)
    {
        var requests = attributes.Select(a => bands.Any(b => b.Column == a)
            ? new ColumnRequest(a, Param.Ref("bands"), ColumnKind.Numeric)
            : new ColumnRequest(a, Param.Ref("protected"), ColumnKind.Categorical)).ToList();
        var read = source.Read(requests);
        var result = new List<ProtectedColumn>();
        for (var k = 0; k < attributes.Count; k++)
        {
            if (read[k] is CategoricalColumn cat)
            {
                var levels = cat.Missing > 0 ? [.. cat.Levels, AuditLoader.MissingLevel] : cat.Levels;
                var codes = new int[cat.Codes.Length];
                for (var i = 0; i < codes.Length; i++) codes[i] = cat.Codes[i] < 0 ? levels.Length - 1 : cat.Codes[i];
                result.Add(new ProtectedColumn(cat.Name, codes, levels));
            }
            else
            {
                var num = (NumericColumn)read[k];
                var b = bands.First(x => x.Column == attributes[k]);
                b.RefuseCutsInsideBands(num.Values);
                var labels = b.Labels();
                var levels = num.Missing > 0 ? [.. labels, AuditLoader.MissingLevel] : labels;
                var codes = new int[num.Values.Length];
                for (var i = 0; i < codes.Length; i++) codes[i] = double.IsNaN(num.Values[i]) ? labels.Length : b.BandOf(num.Values[i]);
                result.Add(new ProtectedColumn(num.Name, codes, levels));
            }
        }
        return result;
    }

    /// <summary>A named reference group must be a level of its attribute in the file (the engine then refuses a site without rows of it).</summary>
    private static void RequireReferences(ValidateOptions options, List<ProtectedColumn> columns, string path) =>
        options.Groups.RequireReferences(a => columns.First(c => c.Name == a).Levels, path);

    private static List<ProtectedColumn> Subset(List<ProtectedColumn> columns, int[] rows)
    {
        var result = new List<ProtectedColumn>(columns.Count);
        foreach (var c in columns)
        {
            var codes = new int[rows.Length];
            for (var i = 0; i < rows.Length; i++) codes[i] = c.Codes[rows[i]];
            result.Add(new ProtectedColumn(c.Name, codes, c.Levels));
        }
        return result;
    }
}

/// <summary>What the document and the Markdown say about a run besides the numbers.</summary>
internal sealed record ValidationRun(
    ValidateOptions Options, IReadOnlyList<Contracts.Common.InputRef> Inputs, IReadOnlyList<FeatureSpec> Features, ModelKind Kind,
    string TrainingSite, IReadOnlyList<string> PredictionFiles);
