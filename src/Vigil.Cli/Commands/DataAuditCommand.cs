using System.CommandLine;
using System.Globalization;
using Vigil.Application.DataAudit;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Contracts.DataAudit;
using Vigil.Contracts.Datasheet;
using Vigil.Core;
using Vigil.Core.DataAudit;
using Vigil.Data;

namespace Vigil.Cli.Commands;

/// <summary>`vigil data-audit`: the pre-deployment audit of a training dataset (vigil.data-audit/v2). Parse, run <see cref="DataAuditJob"/>, render.</summary>
public static class DataAuditCommand
{
    public static Command Create(CliIO io)
    {
        var data = new Option<string[]>("--data") { Description = "CSV or Parquet file; repeat for several sites (one site per file); or --source and --query", AllowMultipleArgumentsPerToken = true };
        var columns = new Option<string[]>("--header") { Description = "Column names of CSV files without a header line, comma-separated (e.g. the UCI processed.*.data files)", AllowMultipleArgumentsPerToken = true };
        var label = OptionCatalog.Label();
        var positiveLabel = OptionCatalog.PositiveLabel();
        var groups = new GroupOptions();
        var levelNames = new Option<string[]>("--level-names") { Description = "Name coded levels, e.g. --level-names sex=0:female,1:male", AllowMultipleArgumentsPerToken = true };
        var site = OptionCatalog.Site();
        var siteNames = new Option<string[]>("--site-names") { Description = "One site name per --data file, comma-separated (default: the file names)", AllowMultipleArgumentsPerToken = true };
        var features = OptionCatalog.Features("Feature columns, comma-separated (default: every column that is not the label, a protected attribute, the site or an annotation)");
        var annotations = new Option<string[]>("--annotations") { Description = "Annotator columns (two or more), comma-separated; values must be label values", AllowMultipleArgumentsPerToken = true };
        var sentinels = new Option<string[]>("--sentinels") { Description = "Values that mean 'not measured', e.g. chol=0,trestbps=0", AllowMultipleArgumentsPerToken = true };
        var referencePopulation = new Option<string?>("--reference-population") { Description = "CSV attribute,group,share of the expected population (e.g. census)" };
        var seed = OptionCatalog.Seed();
        var format = OptionCatalog.Format();
        var output = OptionCatalog.OutFile();
        var datasheet = OptionCatalog.DatasheetFile();
        var datasheetOut = new Option<string?>("--datasheet-out") { Description = "Directory for datasheet.md and datasheet.json (with --datasheet)" };
        // Push-down (docs/push-down.md): the database computes the counts and summaries where the data live.
        var source = OptionCatalog.Source();
        var query = OptionCatalog.Query();
        var title = new Option<string>("--title") { Description = "Heading of the Markdown report", DefaultValueFactory = _ => "Data audit" };

        var cmd = new Command("data-audit", "Pre-deployment audit of a training dataset: composition, labels, missingness, distributions, proxies, annotator agreement, sites.");
        foreach (var o in new Option[] { data, columns, label, positiveLabel })
            cmd.Options.Add(o);
        groups.AddTo(cmd);
        foreach (var o in new Option[] { levelNames, site, siteNames, features, annotations, sentinels, referencePopulation, seed, format, output, title, datasheet, datasheetOut, source, query })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var outPath = parse.GetValue(output);
            var outputFormat = OptionParsing.FormatFor(parse.GetValue(format), outPath);
            var datasheetFile = parse.GetValue(datasheet);
            var datasheetDir = parse.GetValue(datasheetOut);
            if ((datasheetFile is null) != (datasheetDir is null))
                throw VigilException.Usage("--datasheet FILE and --datasheet-out DIR go together");
            // Validate the datasheet before reading any data, so that a typo fails fast and writes nothing.
            var narrative = datasheetFile is null ? default : DataAuditDatasheetYaml.Read(datasheetFile);
            var columnNames = OptionParsing.List(parse.GetValue(columns));
            var names = OptionParsing.List(parse.GetValue(siteNames));

            var files = OptionParsing.List(parse.GetValue(data));
            if (files.Count == 0 && parse.GetValue(source) is null)
                throw VigilException.Usage("give --data FILE, or --source and --query");
            var job = DataAuditJob.Run(new DataAuditJobOptions
            {
                Data = files,
                Source = parse.GetValue(source),
                Query = parse.GetValue(query),
                ColumnNames = columnNames.Count > 0 ? columnNames : null,
                Label = parse.GetValue(label)!,
                PositiveLabel = parse.GetValue(positiveLabel),
                Groups = groups.Read(parse),
                LevelNames = LevelNames(parse.GetValue(levelNames)),
                Site = parse.GetValue(site),
                SiteNames = names.Count > 0 ? names : null,
                Features = OptionParsing.List(parse.GetValue(features)),
                Annotations = OptionParsing.List(parse.GetValue(annotations)),
                Sentinels = Sentinels(parse.GetValue(sentinels)),
                ReferencePopulation = parse.GetValue(referencePopulation),
                Seed = parse.GetValue(seed),
            });
            var info = new DataAuditInfo(job.Files, job.MinCell, job.Neighbours, parse.GetValue(title)!);
            var rendered = outputFormat switch
            {
                OutputFormat.Json => DataAuditContract.Write(job.Document),
                OutputFormat.Markdown => DataAuditMarkdownRenderer.Render(job.Result, info),
                _ => DataAuditTableRenderer.Render(job.Result, info),
            };
            if (datasheetFile is not null)
            {
                var sheet = DatasheetBuilder.Build(narrative.Title ?? parse.GetValue(title)!, narrative.Answers, job);
                AtomicFile.WriteAllText(Path.Combine(datasheetDir!, "datasheet.md"), DatasheetRenderer.Markdown(sheet));
                AtomicFile.WriteAllText(Path.Combine(datasheetDir!, "datasheet.json"), DatasheetContract.Write(DatasheetBuilder.Document(sheet, datasheetFile, job)));
                io.Err.WriteLine($"vigil: wrote {Path.Combine(datasheetDir!, "datasheet.md")} and datasheet.json");
            }
            Emitter.Emit(io, outPath, rendered);
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
