using System.CommandLine;
using Vigil.Application;
using Vigil.Application.Models;
using Vigil.Cli.Options;

namespace Vigil.Cli.Commands;

/// <summary>The options of train and validate that describe what is learned (label, features, learner, folds, seed, threshold).</summary>
internal sealed record LearnerCommandOptions(
    Option<string> Label, Option<string[]> Features, Option<string[]> Categorical, Option<string?> PositiveLabel, Option<string> Learner,
    Option<int> Folds, Option<int> Seed, Option<string> Threshold)
{
    public static LearnerCommandOptions Create() => new(
        OptionCatalog.Label(),
        new Option<string[]>("--features") { Description = "Model inputs, comma-separated", Required = true, AllowMultipleArgumentsPerToken = true },
        new Option<string[]>("--categorical")
        {
            Description = "Features to one-hot encode even though they hold numbers (codes), comma-separated; text columns are always categorical",
            AllowMultipleArgumentsPerToken = true,
        },
        OptionCatalog.PositiveLabel(),
        OptionCatalog.Learner(),
        new Option<int>("--folds") { Description = "Cross-validation folds (stratified)", DefaultValueFactory = _ => AnalysisDefaults.Folds },
        OptionCatalog.Seed(),
        OptionCatalog.ThresholdRule());

    public IEnumerable<Option> All => [Label, Features, Categorical, PositiveLabel, Learner, Folds, Seed, Threshold];

    public LearnerOptions Parse(ParseResult parse) => new(
        parse.GetValue(Label)!,
        parse.GetValue(PositiveLabel),
        OptionParsing.List(parse.GetValue(Features)),
        OptionParsing.List(parse.GetValue(Categorical)),
        parse.GetValue(Learner)!,
        parse.GetValue(Folds),
        parse.GetValue(Seed),
        parse.GetValue(Threshold)!);
}
