using System.CommandLine;

namespace Vigil.Cli.Commands;

public static class AuditCommand
{
    public static Command Create(CliIO io)
    {
        var cmd = new Command("audit", "(being built)");
        cmd.SetAction(_ => { io.Err.WriteLine("not yet"); return 2; });
        return cmd;
    }
}
