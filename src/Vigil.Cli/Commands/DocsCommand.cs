using System.CommandLine;
using Vigil.Cli.Docs;
using Vigil.Cli.Options;
using Vigil.Cli.Output;
using Vigil.Core;

namespace Vigil.Cli.Commands;

/// <summary>`vigil docs cli [--out FILE]` (hidden): the command-line reference generated from the commands (docs/cli.md).</summary>
public static class DocsCommand
{
    public static Command Create(CliIO io)
    {
        var what = new Argument<string>("what") { Description = "Which document: cli" };
        var output = OptionCatalog.OutFile();
        var cmd = new Command("docs", "Generate documentation from the commands (cli: docs/cli.md).") { Hidden = true };
        cmd.Arguments.Add(what);
        cmd.Options.Add(output);
        cmd.SetAction(parse =>
        {
            var name = parse.GetValue(what);
            if (name != "cli") throw VigilException.Usage($"docs '{name}': expected cli");
            Emitter.Emit(io, parse.GetValue(output), CliReference.Markdown(VigilApp.BuildRoot(new CliIO(TextWriter.Null, TextWriter.Null), out _)));
            return VigilApp.Ok;
        });
        return cmd;
    }
}
