using Vigil.Application.Output;

namespace Vigil.Cli.Output;

/// <summary>Writes a whole file or nothing, with the writer the application's jobs use (<see cref="AtomicTextFile"/>).</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string content) => AtomicTextFile.Write(path, content);
}
