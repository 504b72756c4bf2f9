using System.CommandLine;
using Vigil.Cli.Commands;
using Vigil.Cli.Options;
using Vigil.Core;

namespace Vigil.Cli;

/// <summary>
/// The `vigil` command. Exit codes (DESIGN.md): 0 ok, 1 a check or gate failed, 2 usage, 3 bad data.
/// Runs in-process with any writers, so tests drive the real command line without spawning processes.
/// </summary>
public static class VigilApp
{
    public const int Ok = 0;
    public const int UsageError = 2;
    public const int DataError = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var io = new CliIO(stdout, stderr);
        var root = new RootCommand("Vigil: safety, fairness and bias audits of clinical AI models.");
        root.Subcommands.Add(DataAuditCommand.Create(io));
        root.Subcommands.Add(TrainCommand.Create(io));
        root.Subcommands.Add(ScoreCommand.Create(io));
        root.Subcommands.Add(AuditCommand.Create(io));
        root.Subcommands.Add(ValidateCommand.Create(io));
        root.Subcommands.Add(ScanCommand.Create(io));
        root.Subcommands.Add(PlanStudyCommand.Create(io));
        root.Subcommands.Add(MitigateCommand.Create(io));
        root.Subcommands.Add(DriftCommand.Create(io));
        root.Subcommands.Add(ReportCommand.Create(io));
        root.Subcommands.Add(DemoCommand.Create(io));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, as every other failure: the first error, with where to find the usage.
            stderr.WriteLine($"vigil: error: {parse.Errors[0].Message} (see 'vigil --help')");
            return UsageError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (VigilException e)
        {
            stderr.WriteLine($"vigil: error: {OptionCatalog.Describe(e)}");
            return e.Kind == FailureKind.Usage ? UsageError : DataError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Typically --out points somewhere unwritable; nothing was written (outputs are atomic).
            stderr.WriteLine($"vigil: error: {e.Message}");
            return UsageError;
        }
    }
}

/// <summary>Where a command writes: its result to <see cref="Out"/>, diagnostics to <see cref="Err"/>.</summary>
public sealed record CliIO(TextWriter Out, TextWriter Err);
