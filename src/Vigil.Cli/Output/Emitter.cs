namespace Vigil.Cli.Output;

/// <summary>Sends a finished rendering to --out (atomically) or to standard output.</summary>
public static class Emitter
{
    public static void Emit(CliIO io, string? outPath, string content)
    {
        if (string.IsNullOrEmpty(outPath))
        {
            io.Out.Write(content);
            if (!content.EndsWith('\n')) io.Out.WriteLine();
            return;
        }
        AtomicFile.WriteAllText(outPath, content);
        io.Err.WriteLine($"vigil: wrote {outPath}");
    }
}
