using System.CommandLine;
using Vigil.Cli.Commands;
using Vigil.Cli.Options;
using Vigil.Core;

namespace Vigil.Cli;

/// <summary>
/// The `vigil` command. Exit codes (DESIGN.md): 0 ok, 1 a check or gate failed, 2 usage, 3 bad data,
/// 70 an internal error (a bug: one line, the trace only with --verbose).
/// Runs in-process with any writers, so tests drive the real command line without spawning processes.
/// </summary>
public static class VigilApp
{
    public const int Ok = 0;

    /// <summary>
    /// A check ran and failed: `vigil gate` found a policy rule that does not hold, or `vigil gate verify` found a broken
    /// decision log. Not an error: the command did its work and the answer is "no" (docs/governance.md).
    /// </summary>
    public const int CheckFailed = 1;
    public const int UsageError = 2;
    public const int DataError = 3;

    /// <summary>An exception no job expected (EX_SOFTWARE in sysexits.h): a bug in Vigil, never the user's input.</summary>
    public const int InternalError = 70;

    /// <summary>The rule every command follows for --out; stated in `vigil --help` and docs/cli.md.</summary>
    public const string OutRule =
        "--out: a command that writes one document writes it to the file --out names (atomically; without --out, to standard output); " +
        "a command that writes several documents writes them into the directory --out names (whole or not at all). " +
        "The folder that holds --out must exist, and --out may not name an input file.";

    /// <summary>Builds the root command with every verb (also used by the vocabulary test and the docs/cli.md generator).</summary>
    public static RootCommand BuildRoot(CliIO io, out Option<bool> verbose)
    {
        var root = new RootCommand("Vigil: safety, fairness and bias audits of clinical AI models.\n\n" + OutRule);
        verbose = new Option<bool>("--verbose") { Description = "On an internal error, print the full stack trace", Recursive = true };
        root.Options.Add(verbose);
        root.Subcommands.Add(DataAuditCommand.Create(io));
        root.Subcommands.Add(TrainCommand.Create(io));
        root.Subcommands.Add(ScoreCommand.Create(io));
        root.Subcommands.Add(AuditCommand.Create(io));
        root.Subcommands.Add(ValidateCommand.Create(io));
        root.Subcommands.Add(ScanCommand.Create(io));
        root.Subcommands.Add(PlanStudyCommand.Create(io));
        root.Subcommands.Add(MitigateCommand.Create(io));
        root.Subcommands.Add(DriftCommand.Create(io));
        root.Subcommands.Add(EstimateCommand.Create(io));
        root.Subcommands.Add(ReportCommand.Create(io));
        root.Subcommands.Add(GateCommand.Create(io));
        root.Subcommands.Add(DemoCommand.Create(io));
        root.Subcommands.Add(ServeCommand.Create(io));
        root.Subcommands.Add(MonitorCommand.Create(io));
        root.Subcommands.Add(SimulateCommand.Create(io));
        root.Subcommands.Add(AuditLogCommand.Create(io));
        root.Subcommands.Add(DocsCommand.Create(io));
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var io = new CliIO(stdout, stderr);
        var root = BuildRoot(io, out var verbose);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, as every other failure: the first error, with where to find the usage.
            stderr.WriteLine($"vigil: error: {ErrorText.Clean(parse.Errors[0].Message)} (see 'vigil --help')");
            return UsageError;
        }

        try
        {
            FiniteOptions.Check(parse);
            OutputGuard.Check(parse);
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (VigilException e)
        {
            stderr.WriteLine($"vigil: error: {ErrorText.Clean(OptionCatalog.Describe(e))}");
            return e.Kind == FailureKind.Usage ? UsageError : DataError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Typically --out points somewhere unwritable; nothing was written (outputs are atomic).
            stderr.WriteLine($"vigil: error: {ErrorText.Clean(e.Message)}");
            return UsageError;
        }
        catch (Exception e)
        {
            return InternalFailure(e, parse.GetValue(verbose), stderr);
        }
    }

    /// <summary>
    /// Anything but a <see cref="VigilException"/> or an I/O error is a bug in Vigil, not a problem with the input:
    /// one line saying so, the trace (which means nothing to most users) only with --verbose, exit 70.
    /// </summary>
    internal static int InternalFailure(Exception e, bool verbose, TextWriter stderr)
    {
        if (verbose)
        {
            stderr.WriteLine($"vigil: internal error (a bug in Vigil; please report it): {e}");
        }
        else
        {
            stderr.WriteLine(
                $"vigil: internal error (a bug in Vigil; please report it): {e.GetType().Name}: {ErrorText.Clean(e.Message)} (run with --verbose for the trace)");
        }
        return InternalError;
    }
}

/// <summary>Where a command writes: its result to <see cref="Out"/>, diagnostics to <see cref="Err"/>.</summary>
public sealed record CliIO(TextWriter Out, TextWriter Err);
