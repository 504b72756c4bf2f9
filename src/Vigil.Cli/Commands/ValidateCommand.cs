using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Cli.Output;
using Vigil.Core;
using Vigil.Core.Audit;
using Vigil.Core.Calibration;
using Vigil.Core.Thresholds;
using Vigil.Data;
using Vigil.Models.Training;
using Vigil.Models.Validation;
using Vigil.Reporting.Audit;
using Vigil.Reporting.External;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil validate`: trains on one site or period and reports performance, calibration-in-the-large and per-group error
/// rates on the training site (out-of-fold: internal) and on every other site (external), side by side with the
/// differences external − internal. Writes DIR/validation.json (vigil.validation/v1), DIR/validation.md and
/// DIR/predictions-SITE.csv. docs/validation.md.
/// </summary>
public static class ValidateCommand
{
    public const string Schema = "vigil.validation/v1";

    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var data = new Option<string?>("--data") { Description = "One file holding every site (with --site-column and --train-site)" };
        var siteColumn = new Option<string?>("--site-column") { Description = "Column naming each row's site or period" };
        var trainSite = new Option<string?>("--train-site") { Description = "The --site-column value to train on; every other value is validated" };
        var train = new Option<string?>("--train") { Description = "Training file (instead of --data)" };
        var validate = new Option<string[]>("--validate") { Description = "Validation file(s), repeatable or comma-separated (with --train)", AllowMultipleArgumentsPerToken = true };
        var model = TrainCommand.ModelOptions.Create();
        var protectedColumns = new Option<string[]>("--protected") { Description = "Protected attributes, comma-separated", Required = true, AllowMultipleArgumentsPerToken = true };
        var bands = new Option<string[]>("--bands") { Description = "Band a numeric attribute: age=45,65 gives <45, 45-64, >=65", AllowMultipleArgumentsPerToken = true };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap replicates for the per-group intervals (0 = Wilson only)", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Output directory", Required = true };
        var cmd = new Command("validate", "Internal (out-of-fold) versus external validation on other sites or periods: performance, calibration and fairness");
        foreach (var o in new Option[] { data, siteColumn, trainSite, train, validate }.Concat(model.All).Concat([protectedColumns, bands, bootstrap, output]))
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var kind = model.Kind(parse);
            var folds = model.FoldCount(parse);
            var features = model.FeatureList(parse);
            var rule = ThresholdRule.Parse(parse.GetValue(model.Threshold));
            var seed = parse.GetValue(model.Seed);
            var replicates = parse.GetValue(bootstrap);
            if (replicates is < 0 or > 100_000) throw VigilException.Usage($"--bootstrap {replicates}: expected 0 to 100000 replicates");
            var (attributes, bandSpecs, _) = OptionParsing.Protected(parse.GetValue(protectedColumns), parse.GetValue(bands), null);
            var labelColumn = parse.GetValue(model.Label)!;
            var positive = parse.GetValue(model.PositiveLabel);
            var categorical = model.CategoricalSet(parse);
            var outDir = parse.GetValue(output)!;
            var dataPath = parse.GetValue(data);
            var trainPath = parse.GetValue(train);
            var validatePaths = OptionParsing.List(parse.GetValue(validate));
            if ((dataPath is null) == (trainPath is null))
                throw VigilException.Usage("give either --data FILE --site-column COL --train-site VALUE, or --train FILE --validate FILE");

            var sources = new List<TabularSource>();
            try
            {
                List<(SiteData Site, TabularSource Source, bool[]? Keep)> sites;
                IReadOnlyList<FeatureSpec> specs;
                string trainingName;
                if (dataPath is not null)
                {
                    if (validatePaths.Count > 0) throw VigilException.Usage("--validate goes with --train, not with --data");
                    var column = parse.GetValue(siteColumn) ?? throw VigilException.Usage("--data needs --site-column COL");
                    var trainValue = parse.GetValue(trainSite) ?? throw VigilException.Usage("--data needs --train-site VALUE");
                    var source = TabularSource.Open(dataPath);
                    sources.Add(source);
                    if (features.Contains(column)) throw VigilException.Usage($"--site-column '{column}' is among --features");
                    specs = ModelTableLoader.InferKinds(source, features, categorical);
                    var (table, _) = ModelTableLoader.Load(source, specs, labelColumn, positive);
                    var site = source.ReadCategorical(column, "--site-column", 1000, "a site or period column");
                    if (site.Missing > 0)
                        throw VigilException.BadData($"{dataPath}: column '{column}' (--site-column) is missing in {site.Missing} rows");
                    var trainCode = Array.IndexOf(site.Levels, trainValue);
                    if (trainCode < 0)
                        throw VigilException.Usage($"--train-site '{trainValue}': no such value of '{column}' in {dataPath}; values: {string.Join(", ", site.Levels)}");
                    if (site.Levels.Length < 2)
                        throw VigilException.BadData($"{dataPath}: column '{column}' has only the value '{trainValue}'; nothing to validate on");
                    var prot = ReadProtected(source, attributes, bandSpecs);
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
                    if (validatePaths.Count == 0) throw VigilException.Usage("--train needs at least one --validate FILE");
                    if (parse.GetValue(siteColumn) is not null || parse.GetValue(trainSite) is not null)
                        throw VigilException.Usage("--site-column and --train-site go with --data, not with --train");
                    var source = TabularSource.Open(trainPath!);
                    sources.Add(source);
                    specs = ModelTableLoader.InferKinds(source, features, categorical);
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    sites = [];
                    foreach (var path in validatePaths.Prepend(trainPath!))
                    {
                        var s = path == trainPath ? source : TabularSource.Open(path);
                        if (s != source) sources.Add(s);
                        var (table, _) = ModelTableLoader.Load(s, specs, labelColumn, positive);
                        var name = SiteName(path);
                        for (var k = 2; !names.Add(name); k++) name = $"{SiteName(path)}-{k}";
                        sites.Add((new SiteData(name, table, ReadProtected(s, attributes, bandSpecs)), s, null));
                    }
                    trainingName = trainPath!;
                }

                var result = ExternalValidation.Run(sites[0].Site, sites.Skip(1).Select(s => s.Site).ToList(), kind, folds, seed, rule, replicates, trainingName);
                Directory.CreateDirectory(outDir);
                var files = new List<string>();
                for (var k = 0; k < sites.Count; k++)
                {
                    var (site, source, keep) = sites[k];
                    var setting = result.Settings[k];
                    var scores = Expand(setting.Scores, keep, source.RowCount);
                    var prediction = TrainCommand.Predictions(scores, result.Training.Threshold.Value);
                    var file = $"predictions-{FileSafe(site.Name)}.csv";
                    source.ExportWith(Path.Combine(outDir, file), [new ExtraColumn("score", Doubles: scores), new ExtraColumn("prediction", prediction)], keep);
                    files.Add(file);
                }
                var info = new RunInfo(dataPath ?? trainPath!, parse.GetValue(siteColumn), sites[0].Site.Name, labelColumn, positive, specs, kind, seed, folds,
                    attributes, replicates, files);
                AtomicFile.WriteAllText(Path.Combine(outDir, "validation.json"), RenderJson(result, info));
                AtomicFile.WriteAllText(Path.Combine(outDir, "validation.md"), RenderMarkdown(result, info));
                foreach (var s in result.Settings)
                {
                    var a = s.Performance.Auroc;
                    io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{(s.External ? "external" : "internal")} {s.Name}: n {s.Performance.N}, AUROC {F(a.Value)} ({F(a.Ci?.Low)}-{F(a.Ci?.High)}), " +
                        $"O/E {F(s.Performance.ObservedExpected.Value)}, sensitivity {F(s.Performance.Sensitivity.Value)}"));
                }
                io.Out.WriteLine($"wrote {outDir}");
                return VigilApp.Ok;
            }
            finally
            {
                foreach (var s in sources) s.Dispose();
            }
        });
        return cmd;
    }

    /// <summary>A setting with the kind of each feature (for the notes).</summary>
    private sealed class SettingView(ValidationSetting setting, IReadOnlyList<FeatureSpec> specs)
    {
        public IReadOnlyList<(string Feature, int Missing)> Missing => setting.Missing;

        public bool External => setting.External;

        public BinaryPerformance Performance => setting.Performance;

        public Dictionary<string, FeatureKind> Kinds { get; } = specs.ToDictionary(f => f.Name, f => f.Kind);
    }

    private sealed record RunInfo(
        string Data, string? SiteColumn, string TrainingSite, string Label, string? PositiveLabel, IReadOnlyList<FeatureSpec> Features, ModelKind Kind,
        int Seed, int Folds, IReadOnlyList<string> Protected, int Bootstrap, IReadOnlyList<string> PredictionFiles);

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
    private static List<ProtectedColumn> ReadProtected(TabularSource source, List<string> attributes, List<Bands> bands)
    {
        var requests = attributes.Select(a => bands.Any(b => b.Column == a)
            ? new ColumnRequest(a, "--bands", ColumnKind.Numeric)
            : new ColumnRequest(a, "--protected", ColumnKind.Categorical)).ToList();
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

    private static string RenderJson(ValidationResult result, RunInfo info) =>
        JsonMetricWriter.Document(Schema, withTool: true, w =>
        {
            w.WriteStartObject("data");
            w.WriteString("path", info.Data);
            if (info.SiteColumn is null) w.WriteNull("site_column");
            else w.WriteString("site_column", info.SiteColumn);
            w.WriteString("training_site", info.TrainingSite);
            w.WriteEndObject();
            w.WriteStartObject("label");
            w.WriteString("column", info.Label);
            if (info.PositiveLabel is null) w.WriteNull("positive_label");
            else w.WriteString("positive_label", info.PositiveLabel);
            w.WriteEndObject();
            w.WriteStartArray("features");
            foreach (var f in info.Features)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                w.WriteString("kind", f.Kind == FeatureKind.Numeric ? "numeric" : "categorical");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            TrainCommand.WriteModel(w, info.Kind, info.Seed, info.Folds);
            TrainCommand.WriteThreshold(w, result.Training.Threshold, $"out-of-fold scores of the training site ({info.TrainingSite})");
            w.WriteStartArray("protected");
            foreach (var p in info.Protected) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteNumber("bootstrap", info.Bootstrap);
            var training = result.Settings[0];
            var trainingMissing = training.Missing.ToDictionary(m => m.Feature, m => m.Missing);
            w.WriteStartArray("settings");
            for (var k = 0; k < result.Settings.Count; k++)
            {
                var s = result.Settings[k];
                w.WriteStartObject();
                w.WriteString("site", s.Name);
                w.WriteString("role", s.External ? "external" : "internal");
                w.WriteString("scores", s.External ? "final model (fitted on every training-site row)" : "out-of-fold");
                w.WriteString("predictions", info.PredictionFiles[k]);
                w.WritePropertyName("performance");
                TrainCommand.WritePerformance(w, s.Performance);
                WriteCalibration(w, s.Calibration);
                w.WriteStartObject("fairness");
                foreach (var attribute in s.Groups.GroupBy(g => g.Attribute))
                {
                    w.WriteStartArray(attribute.Key);
                    foreach (var g in attribute)
                    {
                        w.WriteStartObject();
                        w.WriteString("group", g.Group);
                        w.WriteNumber("n", g.N);
                        w.WriteNumber("positives", g.Positives);
                        w.WriteBoolean("small_cell", g.SmallCell);
                        w.WriteMetric("sensitivity", g.Sensitivity);
                        w.WriteMetric("fnr", g.Fnr);
                        w.WriteMetric("fpr", g.Fpr);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteStartArray("missing");
                foreach (var (feature, missing) in s.Missing)
                {
                    w.WriteStartObject();
                    w.WriteString("feature", feature);
                    w.WriteNumber("missing", missing);
                    w.WriteNumber("share", (double)missing / s.Performance.N);
                    w.WriteBoolean("missing_in_training", trainingMissing[feature] > 0);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("notes");
                foreach (var note in Notes(new SettingView(s, info.Features), trainingMissing)) w.WriteStringValue(note);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("differences");
            foreach (var s in result.Settings.Skip(1))
            {
                w.WriteStartObject();
                w.WriteString("site", s.Name);
                w.WriteString("of", "external minus internal");
                w.WriteStartObject("performance");
                foreach (var (name, get) in PerformanceRows)
                    w.WriteNumberOrNull(name, ExternalValidation.Difference(get(training.Performance), get(s.Performance)));
                w.WriteEndObject();
                w.WriteStartObject("calibration");
                var internalCalibration = training.Calibration.Metrics.All;
                var externalCalibration = s.Calibration.Metrics.All;
                for (var m = 0; m < CalibrationMetrics.Names.Length; m++)
                    w.WriteNumberOrNull(CalibrationMetrics.Names[m], ExternalValidation.Difference(internalCalibration[m], externalCalibration[m]));
                w.WriteEndObject();
                w.WriteStartObject("fairness");
                foreach (var attribute in s.Groups.GroupBy(g => g.Attribute))
                {
                    w.WriteStartArray(attribute.Key);
                    foreach (var g in attribute)
                    {
                        var i = training.Groups.FirstOrDefault(t => t.Attribute == g.Attribute && t.Group == g.Group);
                        w.WriteStartObject();
                        w.WriteString("group", g.Group);
                        w.WriteNumberOrNull("sensitivity", i is null ? null : ExternalValidation.Difference(i.Sensitivity, g.Sensitivity));
                        w.WriteNumberOrNull("fnr", i is null ? null : ExternalValidation.Difference(i.Fnr, g.Fnr));
                        w.WriteNumberOrNull("fpr", i is null ? null : ExternalValidation.Difference(i.Fpr, g.Fpr));
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });

    /// <summary>"calibration": the seven metrics (docs/calibration.md) and the equal-width reliability curve.</summary>
    private static void WriteCalibration(Utf8JsonWriter w, SettingCalibration calibration)
    {
        w.WriteStartObject("calibration");
        CurvesJsonWriter.WriteCalibrationMetrics(w, calibration.Metrics);
        CurvesJsonWriter.WriteReliability(w, "reliability_uniform", calibration.Reliability);
        w.WriteEndObject();
    }

    private static readonly (string Name, Func<BinaryPerformance, Metric> Get)[] PerformanceRows =
    [
        ("prevalence", p => p.Prevalence),
        ("auroc", p => p.Auroc),
        ("brier", p => p.Brier),
        ("observed_expected", p => p.ObservedExpected),
        ("accuracy", p => p.Accuracy),
        ("sensitivity", p => p.Sensitivity),
        ("specificity", p => p.Specificity),
        ("ppv", p => p.Ppv),
        ("alert_rate", p => p.AlertRate),
    ];

    /// <summary>Plain statements about a setting that a reader must know before trusting its numbers.</summary>
    private static List<string> Notes(SettingView s, Dictionary<string, int> trainingMissing)
    {
        var notes = new List<string>();
        foreach (var (feature, missing) in s.Missing)
        {
            if (missing == 0 || !s.External) continue;
            var share = (double)missing / s.Performance.N;
            var categorical = s.Kinds[feature] == FeatureKind.Categorical;
            var how = trainingMissing[feature] > 0
                ? "the model saw missing values of it in training"
                : categorical
                    ? "it was never missing in training, so '(missing)' is an unseen level and encodes as all zeros"
                    : "it was never missing in training, so the model imputes the training mean and has no missing indicator for it";
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{feature} is missing in {missing} of {s.Performance.N} rows ({share:P0}); {how}"));
        }
        if (s.Performance.N - s.Performance.Positives < 20 || s.Performance.Positives < 20)
            notes.Add(Math.Min(s.Performance.Positives, s.Performance.N - s.Performance.Positives) is var rarer && rarer > 0 && rarer < SmallCellPolicy.DefaultMinCell
                ? $"fewer than {SmallCellPolicy.DefaultMinCell} rows of the rarer class (count suppressed): AUROC, sensitivity and specificity are not reported"
                : $"only {rarer} rows of the rarer class: AUROC, sensitivity and specificity are imprecise");
        return notes;
    }

    private static string F(double? v, string format = "F3") =>
        v is { } x && double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Cell(Metric m) =>
        m.Value is null ? $"n/a ({m.Reason})" : m.Ci is { } ci ? $"{F(m.Value)} ({F(ci.Low)} to {F(ci.High)})" : F(m.Value);

    private static string RenderMarkdown(ValidationResult result, RunInfo info)
    {
        var sb = new StringBuilder();
        var settings = result.Settings;
        var t = result.Training.Threshold;
        sb.AppendLine(CultureInfo.InvariantCulture, $"# External validation: trained on {info.TrainingSite}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Model: {(info.Kind == ModelKind.Logistic ? "logistic regression (ML.NET L-BFGS)" : "LightGBM")} on {string.Join(", ", info.Features.Select(f => f.Name))}; " +
            $"label `{info.Label}`; seed {info.Seed}; {info.Folds}-fold out-of-fold scores for the internal column. " +
            $"Threshold {F(t.Value, "G4")} ({t.Rule.Name}{(t.Rule.Method is ThresholdMethod.Sensitivity or ThresholdMethod.AlertRate ? $" {F(t.Rule.Target)}" : "")}), chosen on the training site's out-of-fold scores and applied unchanged everywhere.");
        sb.AppendLine();
        sb.Append("| metric | ");
        sb.AppendJoin(" | ", settings.Select(s => $"{s.Name} ({(s.External ? "external" : "internal")})"));
        sb.AppendLine(" |");
        sb.Append("|---|");
        foreach (var _ in settings) sb.Append("---|");
        sb.AppendLine();
        // The small-cell policy of every shareable output (docs/suppression.md): a site with few positives or negatives shows its size only.
        var min = SmallCellPolicy.DefaultMinCell;
        var site = settings.Select(s => ComplementarySuppression.Primary(s.Performance.N, s.Performance.Positives, min)).ToList();
        string SiteNote(int i) => site[i].Shown == CellShown.Hidden ? $"suppressed (fewer than {min} patients)" : $"suppressed (fewer than {min} positives or negatives)";
        sb.Append("| n (positives) |");
        for (var i = 0; i < settings.Count; i++)
            sb.Append(' ').Append(site[i].Shown switch
            {
                CellShown.Hidden => SiteNote(i),
                CellShown.SizeOnly => $"{settings[i].Performance.N} ({SiteNote(i)})",
                _ => $"{settings[i].Performance.N} ({settings[i].Performance.Positives})",
            }).Append(" |");
        sb.AppendLine();
        foreach (var (name, get) in PerformanceRows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {name} |");
            for (var i = 0; i < settings.Count; i++)
                sb.Append(' ').Append(site[i].Shown == CellShown.Exact || (name == "alert_rate" && site[i].Shown != CellShown.Hidden)
                    || ComplementarySuppression.ShowsRate(site[i], settings[i].Performance.N, settings[i].Performance.Positives, min, name)
                    ? Cell(get(settings[i].Performance)) : SiteNote(i)).Append(" |");
            sb.AppendLine();
        }
        foreach (var (name, index) in new[] { ("calibration slope", 5), ("calibration intercept", 6), ("calibration-in-the-large", 4) })
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {name} |");
            for (var i = 0; i < settings.Count; i++)
                sb.Append(' ').Append(site[i].Shown == CellShown.Exact ? Cell(settings[i].Calibration.Metrics.All[index]) : SiteNote(i)).Append(" |");
            sb.AppendLine();
        }
        sb.AppendLine();
        sb.AppendLine("Calibration slope and intercept: logistic recalibration of the outcome on logit(score), 1 and 0 when calibrated; calibration-in-the-large: the intercept with the slope fixed at 1 (docs/calibration.md); bootstrap percentile 95% intervals.");
        sb.AppendLine("AUROC with DeLong 95% CI; rates with Wilson 95% CI; observed_expected = Σy / Σscore (1 = calibrated in the large, > 1 = risk underestimated).");
        sb.AppendLine();
        foreach (var attribute in settings[0].Groups.Select(g => g.Attribute).Distinct())
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"## False negative rate by {attribute}");
            sb.AppendLine();
            sb.Append("| group | ");
            sb.AppendJoin(" | ", settings.Select(s => s.Name));
            sb.AppendLine(" |");
            sb.Append("|---|");
            foreach (var _ in settings) sb.Append("---|");
            sb.AppendLine();
            var groups = settings.SelectMany(s => s.Groups).Where(g => g.Attribute == attribute).Select(g => g.Group).Distinct().ToList();
            var decided = settings.Select(s =>
            {
                var of = s.Groups.Where(x => x.Attribute == attribute).ToList();
                var cells = GroupMask.Decide([.. of.Select(x => checked((int)x.N))], [.. of.Select(x => checked((int)x.Positives))], s.Performance.N, s.Performance.Positives, min);
                return of.Select((x, k) => (x.Group, cells[k])).ToDictionary(x => x.Group, x => x.Item2, StringComparer.Ordinal);
            }).ToList();
            foreach (var group in groups)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {group} |");
                for (var i = 0; i < settings.Count; i++)
                {
                    var g = settings[i].Groups.FirstOrDefault(x => x.Attribute == attribute && x.Group == group);
                    sb.Append(' ').Append(g is null ? "no rows" : decided[i][group] switch
                    {
                        { Shown: CellShown.SizeOnly or CellShown.RoundedSizeOnly } p when ComplementarySuppression.ShowsRate(p, checked((int)g.N), checked((int)g.Positives), min, "fnr")
                            => $"{Cell(g.Fnr)} [suppressed/{(p.Shown == CellShown.RoundedSizeOnly ? "≈" + SmallCellPolicy.Round(checked((int)g.N)) : g.N)}] (fewer than {min} negatives)",
                        { Shown: CellShown.Hidden, Reason: CellReason.SmallGroup } => $"suppressed (fewer than {min} patients)",
                        { Shown: CellShown.Hidden or CellShown.SizeOnly or CellShown.RoundedSizeOnly, Reason: CellReason.SmallOutcome } => $"suppressed (fewer than {min} positives or negatives)",
                        { Shown: CellShown.Hidden or CellShown.SizeOnly or CellShown.RoundedSizeOnly } => "suppressed (so that a smaller group cannot be derived)",
                        { Shown: CellShown.Rounded } => $"{Cell(g.Fnr)} [≈{SmallCellPolicy.Round(checked((int)g.Positives))}/≈{SmallCellPolicy.Round(checked((int)g.N))}]",
                        { Shown: CellShown.RoundedOutcome } => $"{Cell(g.Fnr)} [≈{SmallCellPolicy.Round(checked((int)g.Positives))}/{g.N}]",
                        _ => $"{Cell(g.Fnr)} [{g.Positives}/{g.N}]",
                    }).Append(" |");
                }
                sb.AppendLine();
            }
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"FNR = missed positives / positives, Wilson 95% CI; [positives/n] of the group (≈: rounded to the nearest {SmallCellPolicy.RoundingBase}); groups with fewer than {min} patients, positives or negatives are suppressed, with groups from which they could be derived (docs/suppression.md).");
            sb.AppendLine();
        }
        var trainingMissing = settings[0].Missing.ToDictionary(m => m.Feature, m => m.Missing);
        var notes = settings.SelectMany(s => Notes(new SettingView(s, info.Features), trainingMissing).Select(n => $"- {s.Name}: {SmallCellText.Mask(n, min)}")).ToList();
        if (notes.Count > 0)
        {
            sb.AppendLine("## Notes");
            sb.AppendLine();
            foreach (var n in notes) sb.AppendLine(n);
        }
        return sb.ToString();
    }
}
