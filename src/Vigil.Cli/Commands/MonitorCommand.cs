using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil monitor`: the client of the monitoring service (docs/service.md, "Command line"). register builds a model's
/// registration with its reference profile; push sends predictions, actions or outcomes; status shows label maturity and
/// realized performance per group; report regenerates the governance report of a period from the store. Each
/// subcommand parses, calls the application layer (Vigil.Application.Monitoring) and renders: nothing of its own.
/// </summary>
public static partial class MonitorCommand
{
    public static Command Create(CliIO io)
    {
        var cmd = new Command("monitor", "Client of the monitoring service (vigil serve): register a model, push events, show a model's status, write a period's governance report.");
        cmd.Subcommands.Add(Register(io));
        cmd.Subcommands.Add(Push(io));
        cmd.Subcommands.Add(Status(io));
        cmd.Subcommands.Add(Report(io));
        return cmd;
    }
}
