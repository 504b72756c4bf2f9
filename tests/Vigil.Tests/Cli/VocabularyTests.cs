using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;
using Vigil.Cli;
using Vigil.Cli.Options;
using Xunit;

namespace Vigil.Tests.Cli;

/// <summary>
/// One concept, one flag; one flag, one meaning (docs/vocabulary.md). Builds the real root command, walks every
/// subcommand's options and fails when a command uses a synonym of a concept the catalogue names otherwise, when a
/// catalogue flag is given a meaning of its own, or when a flag outside the catalogue means different things in
/// different commands.
/// </summary>
public sealed class VocabularyTests
{
    /// <summary>Concepts with one flag (first) and the synonyms that must not appear.</summary>
    private static readonly string[][] SynonymSets =
    [
        ["--protected", "--attributes", "--by", "--groups"],
        ["--reference", "--privileged", "--privileged-group"],
        ["--reference-data", "--reference-file", "--baseline"],
        ["--current-data", "--current", "--current-file"],
        ["--site", "--site-column"],
        ["--permutations", "--replicates"],
        ["--bootstrap", "--bootstrap-replicates", "--resamples"],
        ["--learner", "--model-type", "--algorithm"],
        ["--out", "--output", "--output-dir", "--out-dir"],
    ];

    /// <summary>
    /// Known violations: none. The list stays so that a violation can be named while its rename is on the way; an
    /// entry that no longer occurs fails the test too, so the list only shrinks.
    /// Entries: "COMMAND --flag: synonym of --canonical", "--flag: two meanings", "COMMAND --flag: not the catalogue's meaning".
    /// </summary>
    private static readonly HashSet<string> KnownExceptions = new(StringComparer.Ordinal);

    [Fact]
    public void One_concept_has_one_flag_and_one_flag_one_meaning()
    {
        var violations = Violations();
        var unexpected = violations.Where(v => !KnownExceptions.Contains(v)).ToList();
        var stale = KnownExceptions.Where(k => !violations.Contains(k)).ToList();
        Assert.True(unexpected.Count == 0 && stale.Count == 0,
            (unexpected.Count > 0 ? "vocabulary violations:\n" + string.Join("\n", unexpected.Select(v => $"        \"{v}\",")) : "") +
            (stale.Count > 0 ? "\nallow-list entries that no longer occur (remove them):\n" + string.Join("\n", stale) : ""));
    }

    [Fact]
    public void Every_seed_defaults_to_the_one_seed()
    {
        foreach (var (command, option) in AllOptions().Where(x => x.Option.Name == "--seed"))
        {
            if (KnownExceptions.Contains($"{command} --seed: not the catalogue's meaning")) continue;
            Assert.True(option.HasDefaultValue, $"{command} --seed has no default");
            Assert.Equal(OptionCatalog.DefaultSeed, Convert.ToInt32(option.GetDefaultValue(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_checker_finds_a_synonym_and_a_second_meaning()
    {
        // The checker itself must be able to fail: a made-up command with --attributes and a second --format meaning.
        var root = new RootCommand();
        var a = new Command("a");
        a.Options.Add(new Option<string>("--attributes") { Description = "x" });
        a.Options.Add(new Option<string>("--colour") { Description = "the colour" });
        var b = new Command("b");
        b.Options.Add(new Option<string>("--colour") { Description = "the color of the chart" });
        root.Subcommands.Add(a);
        root.Subcommands.Add(b);
        var v = Violations(root);
        Assert.Contains("a --attributes: synonym of --protected", v);
        Assert.Contains("--colour: two meanings", v);
    }

    [Fact]
    public void Help_states_the_out_rule()
    {
        var (code, output, _) = TestSupport.CliRunner.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("writes one document writes it to the file --out names", output, StringComparison.Ordinal);
        Assert.Contains("writes them into the directory --out names", output, StringComparison.Ordinal);
    }

    private static List<string> Violations() => Violations(VigilApp.BuildRoot(new CliIO(TextWriter.Null, TextWriter.Null), out _));

    internal static List<string> Violations(RootCommand root)
    {
        var catalogue = Catalogue();
        var options = AllOptions(root).ToList();
        var violations = new List<string>();

        foreach (var (command, option) in options)
        {
            foreach (var set in SynonymSets)
            {
                if (set.Skip(1).Contains(option.Name, StringComparer.Ordinal))
                    violations.Add($"{command} {option.Name}: synonym of {set[0]}");
            }
            if (catalogue.TryGetValue(option.Name, out var meanings) && !meanings.Free && !meanings.Descriptions.Contains(option.Description ?? ""))
                violations.Add($"{command} {option.Name}: not the catalogue's meaning");
        }

        foreach (var flag in options.GroupBy(x => x.Option.Name, StringComparer.Ordinal))
        {
            if (catalogue.ContainsKey(flag.Key)) continue; // the catalogue owns its meaning (checked above)
            if (flag.Select(x => x.Option.Description ?? "").Distinct(StringComparer.Ordinal).Count() > 1)
                violations.Add($"{flag.Key}: two meanings");
        }
        return violations.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<(string Command, Option Option)> AllOptions() =>
        AllOptions(VigilApp.BuildRoot(new CliIO(TextWriter.Null, TextWriter.Null), out _));

    private static IEnumerable<(string Command, Option Option)> AllOptions(Command root)
    {
        foreach (var command in root.Subcommands)
        {
            foreach (var o in command.Options)
            {
                if (o is HelpOption or VersionOption) continue;
                yield return (command.Name, o);
            }
            foreach (var nested in AllOptions(command)) yield return ($"{command.Name} {nested.Command}", nested.Option);
        }
    }

    /// <summary>
    /// The catalogue's flags and their meanings, by calling every factory of <see cref="OptionCatalog"/> with its
    /// defaults. A factory that takes a description lets commands word the meaning (Free).
    /// </summary>
    private static Dictionary<string, (HashSet<string> Descriptions, bool Free)> Catalogue()
    {
        var result = new Dictionary<string, (HashSet<string> Descriptions, bool Free)>(StringComparer.Ordinal);
        foreach (var m in typeof(OptionCatalog).GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (!typeof(Option).IsAssignableFrom(m.ReturnType)) continue;
            var args = m.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : Type.Missing).ToArray();
            var option = (Option)m.Invoke(null, args)!;
            var free = m.GetParameters().Any(p => p.Name == "description");
            if (!result.TryGetValue(option.Name, out var entry)) entry = ([], false);
            entry.Descriptions.Add(option.Description ?? "");
            result[option.Name] = (entry.Descriptions, entry.Free || free);
        }
        return result;
    }
}
