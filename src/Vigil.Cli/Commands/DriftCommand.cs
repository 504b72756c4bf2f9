using System.CommandLine;

namespace Vigil.Cli.Commands;

public static class DriftCommand
{
    public static Command Create(CliIO io)
    {
        var cmd = new Command("drift", "(being built)");
        cmd.SetAction(_ => { io.Err.WriteLine("not yet"); return 2; });
        return cmd;
    }
}
