using Vigil.Application.Audit;
using Vigil.Application.DataAudit;
using Vigil.Application.Drift;
using Vigil.Application.Groups;
using Vigil.Application.Mitigation;
using Vigil.Application.Models;
using Vigil.Application.Reporting;
using Vigil.Application.Scan;
using Vigil.Application.StudyPlan;
using Vigil.Application.Training;
using Vigil.Application.Validation;
using Vigil.Core.Scan;
using Vigil.Mitigation;

namespace Vigil.Application.Demo;

/// <summary>`vigil data-audit ... --format json --out FILE`, with the datasheet (md and json) into a folder when given.</summary>
public sealed record DataAuditCall(string Title, IReadOnlyList<string> Data, string Label, DemoGroups Groups, string Out) : DemoCall
{
    public IReadOnlyList<string>? SiteNames { get; init; }

    /// <summary>Header names of headerless CSV files.</summary>
    public IReadOnlyList<string>? Header { get; init; }

    public string? PositiveLabel { get; init; }

    public string? Site { get; init; }

    /// <summary>Names of coded levels: column → (code, name) in order.</summary>
    public IReadOnlyList<(string Column, IReadOnlyList<(string Code, string Name)> Levels)> LevelNames { get; init; } = [];

    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Values that mean "not measured", in order.</summary>
    public IReadOnlyList<(string Column, double Value)> Sentinels { get; init; } = [];

    public string? ReferencePopulation { get; init; }

    /// <summary>The datasheet YAML (with <see cref="DatasheetOut"/>).</summary>
    public string? Datasheet { get; init; }

    /// <summary>The folder of datasheet.md and datasheet.json.</summary>
    public string? DatasheetOut { get; init; }

    public override IReadOnlyList<string> CommandLine()
    {
        var line = new DemoCommandLine("data-audit").Add("--title", Title).Add("--data", Data).Add("--site-names", SiteNames)
            .Add("--header", Header).Add("--label", Label).Add("--positive-label", PositiveLabel).Add("--protected", Groups.Protected).Add("--site", Site);
        Groups.AddBands(line);
        foreach (var (column, levels) in LevelNames)
            line.Add("--level-names", column + "=" + string.Join(',', levels.Select(l => l.Code + ":" + l.Name)));
        Groups.AddReferences(line);
        return line.Add("--features", Features)
            .Add("--sentinels", Sentinels.Count == 0 ? null : string.Join(',', Sentinels.Select(s => s.Column + "=" + DemoCommandLine.Number(s.Value))))
            .Add("--reference-population", ReferencePopulation).Add("--datasheet", Datasheet).Add("--datasheet-out", DatasheetOut)
            .Add("--format", "json").Add("--out", Out).Arguments;
    }

    public DataAuditJobOptions Options(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var levelNames = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (column, levels) in LevelNames)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (code, name) in levels) map[code] = name;
            levelNames[column] = map;
        }
        var sentinels = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var (column, value) in Sentinels)
        {
            if (!sentinels.TryGetValue(column, out var list)) sentinels[column] = list = [];
            list.Add(value);
        }
        return new DataAuditJobOptions
        {
            Data = context.Resolve(Data),
            ColumnNames = Header,
            Label = Label,
            PositiveLabel = PositiveLabel,
            Groups = Groups.Selection(),
            LevelNames = levelNames,
            Site = Site,
            SiteNames = SiteNames,
            Features = Features ?? [],
            Sentinels = sentinels.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            ReferencePopulation = context.ResolveOrNull(ReferencePopulation),
        };
    }
}

/// <summary>`vigil train`: out-of-fold scores, the model (ML.NET zip and ONNX) and train.json into a folder.</summary>
public sealed record TrainCall(string Data, string Label, IReadOnlyList<string> Features, string Out) : DemoCall
{
    public IReadOnlyList<string> Categorical { get; init; } = [];

    public string? Learner { get; init; }

    public int? Folds { get; init; }

    public int? Seed { get; init; }

    /// <summary>A threshold or a rule that chooses it (e.g. 0.12, youden).</summary>
    public string? Threshold { get; init; }

    public override IReadOnlyList<string> CommandLine() =>
        new DemoCommandLine("train").Add("--data", Data).Add("--label", Label).Add("--features", Features).Add("--categorical", Categorical)
            .Add("--learner", Learner).Add("--folds", Folds).Add("--seed", Seed).Add("--threshold", Threshold).Add("--out", Out).Arguments;

    public TrainOptions Options(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var learner = new LearnerOptions(Label, null, Features, Categorical, Learner ?? AnalysisDefaults.Learner, Folds ?? AnalysisDefaults.Folds,
            Seed ?? AnalysisDefaults.Seed, Threshold ?? AnalysisDefaults.ThresholdRule);
        return new TrainOptions(context.Resolve(Data), learner, Parquet: false, context.Resolve(Out));
    }
}

/// <summary>`vigil audit --score ... --format json --out FILE`.</summary>
public sealed record AuditCall(string Data, string Label, string Score, DemoGroups Groups, string Out) : DemoCall
{
    public double? Threshold { get; init; }

    public int? Bootstrap { get; init; }

    public bool Curves { get; init; }

    public override IReadOnlyList<string> CommandLine()
    {
        var line = new DemoCommandLine("audit").Add("--data", Data).Add("--label", Label).Add("--score", Score).Add("--threshold", Threshold)
            .Add("--protected", Groups.Protected);
        Groups.AddBands(line);
        line.Add("--intersections", Groups.Intersections);
        Groups.AddReferences(line);
        return line.Add("--bootstrap", Bootstrap).Switch("--curves", Curves).Add("--format", "json").Add("--out", Out).Arguments;
    }

    public AuditJobOptions Options(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AuditJobOptions
        {
            Data = context.Resolve(Data),
            Label = Label,
            Score = Score,
            Threshold = Threshold ?? AnalysisDefaults.Threshold,
            Groups = Groups.Selection(),
            Bootstrap = Bootstrap,
            Curves = Curves,
        };
    }
}

/// <summary>`vigil scan --score ... --format json --out FILE`.</summary>
public sealed record ScanCall(string Data, string Label, string Score, DemoGroups Groups, ScanMetric Metric, ScanMethod Method, string Out) : DemoCall
{
    public double? Threshold { get; init; }

    public int? Permutations { get; init; }

    public int? Seed { get; init; }

    public override IReadOnlyList<string> CommandLine() =>
        new DemoCommandLine("scan").Add("--data", Data).Add("--label", Label).Add("--score", Score).Add("--threshold", Threshold)
            .Add("--protected", Groups.Protected).Add("--metric", Metric.ToString().ToLowerInvariant()).Add("--method", ScanJob.MethodName(Method))
            .Add("--permutations", Permutations).Add("--seed", Seed).Add("--format", "json").Add("--out", Out).Arguments;

    public ScanJobOptions Options(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ScanJobOptions
        {
            Data = context.Resolve(Data),
            Label = Label,
            Score = Score,
            Threshold = Threshold ?? AnalysisDefaults.Threshold,
            Groups = Groups.Selection(),
            Scan = new ScanOptions
            {
                Metric = Metric,
                Method = Method,
                Seed = Seed ?? AnalysisDefaults.Seed,
                Replicates = Permutations ?? AnalysisDefaults.Permutations,
            },
        };
    }
}

/// <summary>`vigil plan-study --groups-from AUDIT --width W --format json --out FILE`.</summary>
public sealed record PlanStudyCall(string GroupsFrom, double Width, string Out) : DemoCall
{
    public override IReadOnlyList<string> CommandLine() =>
        new DemoCommandLine("plan-study").Add("--groups-from", GroupsFrom).Add("--width", Width).Add("--format", "json").Add("--out", Out).Arguments;

    public StudyPlanJobOptions Options(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Planning from an audit: every attribute of the audit, with the default small-cell threshold.
        return new StudyPlanJobOptions
        {
            Width = Width,
            GroupsFrom = context.Resolve(GroupsFrom),
            Groups = new GroupSelection { Protected = [], MinCell = AnalysisDefaults.MinCell },
        };
    }
}

/// <summary>`vigil validate --data FILE --site COLUMN --train-site VALUE ...`: internal versus external validation into a folder.</summary>
public sealed record ValidateCall(string Data, string Site, string TrainSite, string Label, IReadOnlyList<string> Features, DemoGroups Groups, string Out) : DemoCall
{
    public IReadOnlyList<string> Categorical { get; init; } = [];

    public int? Seed { get; init; }

    /// <summary>A threshold or a rule that chooses it.</summary>
    public string? Threshold { get; init; }

    public override IReadOnlyList<string> CommandLine()
    {
        var line = new DemoCommandLine("validate").Add("--data", Data).Add("--site", Site).Add("--train-site", TrainSite).Add("--label", Label)
            .Add("--features", Features).Add("--categorical", Categorical).Add("--seed", Seed).Add("--threshold", Threshold).Add("--protected", Groups.Protected);
        Groups.AddBands(line);
        return line.Add("--out", Out).Arguments;
    }

    public ValidateOptions Options(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var learner = new LearnerOptions(Label, null, Features, Categorical, AnalysisDefaults.Learner, AnalysisDefaults.Folds,
            Seed ?? AnalysisDefaults.Seed, Threshold ?? AnalysisDefaults.ThresholdRule);
        var selection = Groups.Selection();
        return new ValidateOptions(context.Resolve(Data), Site, TrainSite, null, [], learner, selection.Protected, selection.Bands,
            AnalysisDefaults.Bootstrap, selection.MinCell, context.Resolve(Out), selection.Intersections, selection.References);
    }
}

/// <summary>`vigil drift --reference-data FILE --current-data FILE ... --format json --out FILE`.</summary>
public sealed record DriftCall(string ReferenceData, string CurrentData, IReadOnlyList<string> Columns, string Out) : DemoCall
{
    public string? Score { get; init; }

    public string? Label { get; init; }

    public override IReadOnlyList<string> CommandLine() =>
        new DemoCommandLine("drift").Add("--reference-data", ReferenceData).Add("--current-data", CurrentData).Add("--columns", Columns)
            .Add("--score", Score).Add("--label", Label).Add("--format", "json").Add("--out", Out).Arguments;

    public DriftJobOptions Options(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DriftJobOptions
        {
            ReferenceData = context.Resolve(ReferenceData),
            CurrentData = context.Resolve(CurrentData),
            Columns = Columns.Distinct(StringComparer.Ordinal).ToList(),
            Score = Score,
            Label = Label,
        };
    }
}

/// <summary>`vigil mitigate --method M ...`: one mitigation fitted and evaluated before/after, into a folder.</summary>
public sealed record MitigateCall(string Method, string Data, string Label, DemoGroups Groups, string Score, string Out) : DemoCall
{
    public string? Constraint { get; init; }

    public string? Objective { get; init; }

    public double? Threshold { get; init; }

    /// <summary>A row identifier column copied into mitigated.csv.</summary>
    public string? Id { get; init; }

    public int? Seed { get; init; }

    public int? Bootstrap { get; init; }

    public override IReadOnlyList<string> CommandLine() =>
        new DemoCommandLine("mitigate").Add("--method", Method).Add("--constraint", Constraint).Add("--objective", Objective)
            .Add("--data", Data).Add("--label", Label).Add("--protected", Groups.Protected).Add("--score", Score).Add("--threshold", Threshold)
            .Add("--id", Id).Add("--seed", Seed).Add("--bootstrap", Bootstrap).Add("--out", Out).Arguments;

    public MitigateOptions Options(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Settings the step does not give keep the mitigation library's defaults, the values the CLI shows.
        var settings = new MitigationSettings(Method, new MethodArguments(Constraint, Objective), Learner: AnalysisDefaults.Learner,
            Seed: Seed ?? AnalysisDefaults.Seed, Threshold: Threshold ?? AnalysisDefaults.Threshold);
        if (Bootstrap is { } resamples) settings = settings with { BootstrapReplicates = resamples };
        var selection = Groups.Selection();
        return new MitigateOptions(context.Resolve(Data), Label, null, selection.Protected, selection.Bands, selection.References, Score, [], Id,
            selection.MinCell, settings, context.Resolve(Out), selection.Intersections);
    }
}

/// <summary>`vigil report --audit FILE ...`: the governance report into a folder (with report.pdf when <see cref="Pdf"/>).</summary>
public sealed record ReportCall(string Audit, string Out) : DemoCall
{
    public string? Card { get; init; }

    public string? DataAudit { get; init; }

    public string? Datasheet { get; init; }

    public string? Validation { get; init; }

    public string? Drift { get; init; }

    public string? Scan { get; init; }

    public string? StudyPlan { get; init; }

    public IReadOnlyList<string> Mitigations { get; init; } = [];

    public double? Volume { get; init; }

    public double? Prevalence { get; init; }

    public bool Pdf { get; init; }

    public override IReadOnlyList<string> CommandLine() =>
        new DemoCommandLine("report").Add("--audit", Audit).Add("--card", Card).Add("--data-audit", DataAudit).Add("--datasheet", Datasheet)
            .Add("--validation", Validation).Add("--drift", Drift).Add("--scan", Scan).Add("--study-plan", StudyPlan).Each("--mitigation", Mitigations)
            .Add("--volume", Volume).Add("--prevalence", Prevalence).Add("--out", Out).Switch("--pdf", Pdf).Arguments;

    public ReportOptions Options(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ReportOptions(context.Resolve(Audit), context.ResolveOrNull(Card), Volume, Prevalence, null, context.ResolveOrNull(Drift),
            context.ResolveOrNull(DataAudit), context.ResolveOrNull(Datasheet), context.ResolveOrNull(Validation), context.Resolve(Mitigations), Pdf,
            null, context.Resolve(Out))
        {
            Scan = context.ResolveOrNull(Scan),
            StudyPlan = context.ResolveOrNull(StudyPlan),
        };
    }
}
