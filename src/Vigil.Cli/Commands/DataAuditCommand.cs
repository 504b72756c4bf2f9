using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Output;
using Vigil.Core;
using Vigil.Core.DataAudit;
using Vigil.Data;

namespace Vigil.Cli.Commands;

/// <summary>`vigil data-audit`: the pre-deployment audit of a training dataset (vigil.data-audit/v1).</summary>
public static class DataAuditCommand
{
    public static Command Create(CliIO io)
    {
        var data = new Option<string[]>("--data") { Description = "CSV or Parquet file; repeat for several sites (one site per file)", Required = true, AllowMultipleArgumentsPerToken = true };
        var columns = new Option<string[]>("--columns") { Description = "Column names for CSV files without a header line (e.g. the UCI processed.*.data files)", AllowMultipleArgumentsPerToken = true };
        var label = new Option<string>("--label") { Description = "Column with the outcome label", Required = true };
        var positiveLabel = new Option<string?>("--positive-label") { Description = "Positive label value, or a rule on a numeric label such as '>0'" };
        var protectedColumns = new Option<string[]>("--protected") { Description = "Protected attributes, comma-separated", Required = true, AllowMultipleArgumentsPerToken = true };
        var bands = new Option<string[]>("--bands") { Description = "Band a numeric attribute: age=45,65 gives <45, 45-64, >=65", AllowMultipleArgumentsPerToken = true };
        var reference = new Option<string[]>("--reference") { Description = "Privileged / reference group per attribute, e.g. --reference sex=male (default: the largest group)", AllowMultipleArgumentsPerToken = true };
        var levelNames = new Option<string[]>("--level-names") { Description = "Name coded levels, e.g. --level-names sex=0:female,1:male", AllowMultipleArgumentsPerToken = true };
        var site = new Option<string?>("--site") { Description = "Column holding the collection site" };
        var siteNames = new Option<string[]>("--site-names") { Description = "One site name per --data file, comma-separated (default: the file names)", AllowMultipleArgumentsPerToken = true };
        var features = new Option<string[]>("--features") { Description = "Feature columns, comma-separated", AllowMultipleArgumentsPerToken = true };
        var annotations = new Option<string[]>("--annotations") { Description = "Annotator columns (two or more), comma-separated; values must be label values", AllowMultipleArgumentsPerToken = true };
        var sentinels = new Option<string[]>("--sentinels") { Description = "Values that mean 'not measured', e.g. chol=0,trestbps=0", AllowMultipleArgumentsPerToken = true };
        var referencePopulation = new Option<string?>("--reference-population") { Description = "CSV attribute,group,share of the expected population (e.g. census)" };
        var minCell = new Option<int>("--min-cell") { Description = "Groups with fewer rows are flagged small_cell", DefaultValueFactory = _ => 11 };
        var seed = new Option<int>("--seed") { Description = "Seed of the sampled consistency estimate (more than 10,000 rows)", DefaultValueFactory = _ => 20240601 };
        var format = new Option<string>("--format") { Description = "table, json or markdown", DefaultValueFactory = _ => "table" };
        var output = new Option<string?>("--out") { Description = "Write to this file (atomically) instead of standard output" };
        var datasheet = new Option<string?>("--datasheet") { Description = "YAML with the narrative answers of a Datasheet for Datasets (Gebru et al.)" };
        var datasheetOut = new Option<string?>("--datasheet-out") { Description = "Directory for datasheet.md and datasheet.json (with --datasheet)" };
        var title = new Option<string>("--title") { Description = "Heading of the Markdown report", DefaultValueFactory = _ => "Data audit" };

        var cmd = new Command("data-audit", "Pre-deployment audit of a training dataset: composition, labels, missingness, distributions, proxies, annotator agreement, sites.");
        foreach (var o in new Option[] { data, columns, label, positiveLabel, protectedColumns, bands, reference, levelNames, site, siteNames, features, annotations, sentinels, referencePopulation, minCell, seed, format, output, title, datasheet, datasheetOut })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var outputFormat = OptionParsing.Format(parse.GetValue(format));
            var cell = parse.GetValue(minCell);
            if (cell < 0) throw VigilException.Usage($"--min-cell {cell}: expected a non-negative count");
            var (attributes, bandSpecs, references) =
                OptionParsing.Protected(parse.GetValue(protectedColumns), parse.GetValue(bands), parse.GetValue(reference));
            var annotators = OptionParsing.List(parse.GetValue(annotations));
            if (annotators.Count == 1) throw VigilException.Usage("--annotations needs two or more annotator columns");
            var featureList = OptionParsing.List(parse.GetValue(features));
            if (featureList.Distinct().Count() != featureList.Count) throw VigilException.Usage("--features names a column twice");
            var files = OptionParsing.List(parse.GetValue(data));
            var names = OptionParsing.List(parse.GetValue(siteNames));
            var columnNames = OptionParsing.List(parse.GetValue(columns));

            var datasheetFile = parse.GetValue(datasheet);
            var datasheetDir = parse.GetValue(datasheetOut);
            if ((datasheetFile is null) != (datasheetDir is null))
                throw VigilException.Usage("--datasheet FILE and --datasheet-out DIR go together");
            // Validate the datasheet before reading any data, so that a typo fails fast and writes nothing.
            var narrative = datasheetFile is null ? default : DataAuditDatasheetYaml.Read(datasheetFile);

            var spec = new DataAuditColumns
            {
                Files = files,
                ColumnNames = columnNames.Count > 0 ? columnNames : null,
                SiteColumn = parse.GetValue(site),
                SiteNames = names.Count > 0 ? names : null,
                Label = parse.GetValue(label)!,
                PositiveLabel = parse.GetValue(positiveLabel),
                Protected = attributes,
                Bands = bandSpecs,
                Features = featureList,
                Annotations = annotators,
                Sentinels = Sentinels(parse.GetValue(sentinels)),
                LevelNames = LevelNames(parse.GetValue(levelNames)),
            };
            var input = DataAuditLoader.Load(spec);
            foreach (var (attribute, level) in references)
            {
                var levels = input.Protected.First(a => a.Name == attribute).Levels;
                if (!levels.Contains(level))
                    throw VigilException.Usage($"--reference {attribute}={level}: no such group in the data; groups: {string.Join(", ", levels)}");
            }
            var populationFile = parse.GetValue(referencePopulation);
            var options = new DataAuditOptions
            {
                References = references,
                MinCell = cell,
                Seed = parse.GetValue(seed),
                ReferencePopulation = populationFile is null ? null : DataAuditReferencePopulation.Read(populationFile, input.Protected),
            };
            var result = DataAuditEngine.Run(input, options);
            var info = new DataAuditInfo(files, cell, options.ConsistencyNeighbours, parse.GetValue(title)!);
            var rendered = outputFormat switch
            {
                OutputFormat.Json => DataAuditJsonWriter.Render(result, info),
                OutputFormat.Markdown => DataAuditMarkdownRenderer.Render(result, info),
                _ => DataAuditTableRenderer.Render(result, info),
            };
            if (datasheetFile is not null)
            {
                var sheet = Datasheet.Build(narrative.Title ?? parse.GetValue(title)!, narrative.Answers, result, DataAuditFindings.Of(result, cell));
                var markdown = DatasheetRenderer.Markdown(sheet);
                var json = DatasheetRenderer.Json(sheet);
                AtomicFile.WriteAllText(Path.Combine(datasheetDir!, "datasheet.md"), markdown);
                AtomicFile.WriteAllText(Path.Combine(datasheetDir!, "datasheet.json"), json);
                io.Err.WriteLine($"vigil: wrote {Path.Combine(datasheetDir!, "datasheet.md")} and datasheet.json");
            }
            Emitter.Emit(io, parse.GetValue(output), rendered);
            return VigilApp.Ok;
        });
        return cmd;
    }

    /// <summary>Parses "chol=0,trestbps=0" (repeat a column for several sentinels of one column).</summary>
    internal static Dictionary<string, double[]> Sentinels(IEnumerable<string>? values)
    {
        var result = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var item in OptionParsing.List(values))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0 || !double.TryParse(item[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw VigilException.Usage($"--sentinels '{item}': expected COLUMN=NUMBER, e.g. chol=0");
            var column = item[..eq].Trim();
            if (!result.TryGetValue(column, out var list)) result[column] = list = [];
            list.Add(v);
        }
        return result.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Parses "sex=0:female,1:male" (one option per column).</summary>
    internal static Dictionary<string, IReadOnlyDictionary<string, string>> LevelNames(IEnumerable<string>? values)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (column, spec) in OptionParsing.Pairs(values, "--level-names"))
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = pair.IndexOf(':');
                if (colon <= 0 || colon == pair.Length - 1) throw VigilException.Usage($"--level-names {column}={spec}: expected CODE:NAME pairs, e.g. sex=0:female,1:male");
                map[pair[..colon].Trim()] = pair[(colon + 1)..].Trim();
            }
            if (map.Values.Distinct().Count() != map.Count) throw VigilException.Usage($"--level-names {column}={spec}: two codes get the same name");
            result[column] = map;
        }
        return result;
    }
}
