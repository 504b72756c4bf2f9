using System.CommandLine;
using Vigil.Application.Mitigation;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Mitigation;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil mitigate`: parses the options, runs <see cref="MitigateJob"/> (one bias mitigation fitted on a stratified
/// training split, evaluated before/after on the held-out split; mitigation.json as vigil.mitigation/v2,
/// mitigation.md, mitigated.csv, pareto.svg with --sweep) and lists the files written. docs/mitigation.md.
/// </summary>
public static class MitigateCommand
{
    public static Command Create(CliIO io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var method = OptionCatalog.Method($"Mitigation: {MitigationMethods.Names} (required unless --recommend)");
        var recommend = new Option<bool>("--recommend")
        {
            Description = "Run every method for the failing rule of --gate or --audit (or --group) on one held-out split and rank them by measured effect, with their costs (recommendation.json, recommendation.md)",
        };
        var gate = new Option<string?>("--gate") { Description = "With --recommend: output of vigil gate --format json (vigil.gate/v1); its first failing max_gap rule" };
        var audit = OptionCatalog.AuditFile("With --recommend: output of vigil audit --format json; the group with the largest upper bound of the FNR gap's interval");
        var group = OptionCatalog.AffectedGroup();
        var data = OptionCatalog.Data("CSV or Parquet file with labels, protected attributes and features or scores");
        var label = OptionCatalog.Label();
        var positive = OptionCatalog.PositiveLabel();
        var groupOptions = new GroupOptions();
        var score = OptionCatalog.Score();
        var features = OptionCatalog.Features("Feature columns (numeric, or text one-hot encoded) to train --learner on; needed by pre- and in-processing methods");
        var id = new Option<string?>("--id") { Description = "A row identifier column copied into the mitigated data" };
        var learner = OptionCatalog.Learner();
        var constraint = new Option<string?>("--constraint")
        {
            Description = "Targeted parity: demographic_parity, equalized_odds, true_positive_rate_parity, false_positive_rate_parity, " +
                          "true_negative_rate_parity, false_negative_rate_parity (threshold-optimizer; pre-processing: which disparity to report); " +
                          "exponentiated-gradient and grid-search: also error_rate_parity; " +
                          "reject-option: spd, aod or eod",
        };
        var objective = new Option<string?>("--objective")
        {
            Description = "threshold-optimizer objective: accuracy_score, balanced_accuracy_score, selection_rate, true_positive_rate, true_negative_rate",
        };
        var gridSize = new Option<int>("--grid-size") { Description = "threshold-optimizer grid size", DefaultValueFactory = _ => 1000 };
        var flip = new Option<bool>("--flip") { Description = "threshold-optimizer: also consider reversed thresholds" };
        var repair = new Option<double>("--repair-level") { Description = "di-remover repair level in [0, 1]", DefaultValueFactory = _ => 1.0 };
        var strength = new Option<double>("--repair-strength")
        {
            Description = "correlation-remover: how much of the features' correlation with the protected attribute is removed, in [0, 1] (Fairlearn's alpha)",
            DefaultValueFactory = _ => 1.0,
        };
        var cost = new Option<string>("--cost-constraint") { Description = "calibrated-eq-odds: fnr, fpr or weighted", DefaultValueFactory = _ => "weighted" };
        var eps = new Option<double?>("--eps")
        {
            Description = "reject-option: keep the metric within [-eps, eps] (default 0.05); exponentiated-gradient: difference bound (default 0.01)",
        };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out for evaluation", DefaultValueFactory = _ => 0.3 };
        var seed = OptionCatalog.Seed();
        var threshold = OptionCatalog.Threshold();
        var bootstrap = OptionCatalog.Bootstrap();
        var tolerance = new Option<double>("--levelling-tolerance")
        {
            Description = "Flag levelling down when a group's sensitivity falls by more than this",
            DefaultValueFactory = _ => 0.02,
        };
        var deterministic = new Option<bool>("--deterministic")
        {
            Description = "exponentiated-gradient: use the best single classifier instead of the randomized one",
        };
        var sweep = new Option<bool>("--sweep") { Description = "Also sweep the method's parameter (repair level, repair strength, eps, cost constraint) and chart the Pareto set" };
        var output = OptionCatalog.OutDirectory();

        var cmd = new Command("mitigate", "Apply a bias mitigation and compare before/after on held-out data");
        foreach (var o in new Option[] { method, data, label, positive }.Concat(groupOptions.All).Concat([score, features, id, learner, constraint, objective,
                     gridSize, flip, repair, strength, cost, eps, testFraction, seed, threshold, bootstrap, tolerance, deterministic, sweep, recommend, gate, audit, group, output]))
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var recommending = parse.GetValue(recommend);
            var methodName = parse.GetValue(method);
            if (!recommending && methodName is null) throw Vigil.Core.VigilException.Option("method", $"is required: one of {MitigationMethods.Names} (or --recommend)");
            if (recommending && methodName is not null) throw Vigil.Core.VigilException.Option("method", "does not go with --recommend, which runs every method");
            if (!recommending && (parse.GetValue(gate) ?? parse.GetValue(audit) ?? parse.GetValue(group)) is not null)
                throw Vigil.Core.VigilException.Option("recommend", "--gate, --audit and --group choose the rule of a recommendation: add --recommend");
            var arguments = new MethodArguments(
                parse.GetValue(constraint),
                parse.GetValue(objective),
                parse.GetValue(repair),
                parse.GetValue(strength),
                parse.GetValue(cost) ?? "weighted",
                parse.GetValue(eps),
                parse.GetValue(gridSize),
                parse.GetValue(flip),
                parse.GetValue(deterministic));
            var settings = new MitigationSettings(
                methodName ?? MitigationMethods.Reweighing,
                arguments,
                parse.GetValue(learner) ?? "logistic",
                parse.GetValue(testFraction),
                parse.GetValue(seed),
                parse.GetValue(sweep),
                parse.GetValue(bootstrap),
                parse.GetValue(tolerance),
                parse.GetValue(threshold));
            var selection = groupOptions.Read(parse);
            var options = new MitigateOptions(parse.GetValue(data)!, parse.GetValue(label)!, parse.GetValue(positive), selection.Protected, selection.Bands,
                selection.References, parse.GetValue(score), OptionParsing.List(parse.GetValue(features)),
                parse.GetValue(id), selection.MinCell, settings, parse.GetValue(output)!, selection.Intersections);
            if (recommending)
            {
                var recommended = RecommendJob.Run(new RecommendOptions(options, parse.GetValue(gate), parse.GetValue(audit), parse.GetValue(group)), new StderrProgress(io.Err));
                foreach (var f in recommended.Files) io.Err.WriteLine($"vigil: wrote {f}");
                return VigilApp.Ok;
            }
            var result = MitigateJob.Run(options, new StderrProgress(io.Err));
            foreach (var f in result.Files) io.Err.WriteLine($"vigil: wrote {f}");
            return VigilApp.Ok;
        });
        return cmd;
    }
}
