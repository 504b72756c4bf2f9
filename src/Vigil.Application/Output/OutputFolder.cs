using Vigil.Core;

namespace Vigil.Application.Output;

/// <summary>
/// An output folder written whole: a job writes every file into <see cref="Staging"/>, a hidden sibling of the
/// target, and <see cref="Commit"/> moves it into place only when everything is written. A run that fails or is
/// killed leaves the target as it was (a good earlier output stays intact; at most a hidden staging folder is left).
/// A target that does not exist yet is created by one rename; into an existing folder each file is moved by its
/// own rename (other files there are left alone).
/// </summary>
public sealed class OutputFolder : IDisposable
{
    private bool _committed;

    private OutputFolder(string target, string staging)
    {
        Target = target;
        Staging = staging;
    }

    /// <summary>The folder the user asked for.</summary>
    public string Target { get; }

    /// <summary>Where the job writes, until <see cref="Commit"/>.</summary>
    public string Staging { get; }

    /// <summary>A path in the staging folder.</summary>
    public string File(string name) => Path.Combine(Staging, name);

    /// <summary>Starts an output folder at <paramref name="target"/> (the "out" option).</summary>
    public static OutputFolder Begin(string target)
    {
        if (string.IsNullOrWhiteSpace(target)) throw VigilException.Option("out", "needs a folder");
        var full = Path.GetFullPath(target);
        if (System.IO.File.Exists(full)) throw VigilException.Option("out", $"{target} is a file; expected a folder");
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(full)) ?? full;
        var staging = Path.Combine(parent, $".{Path.GetFileName(Path.TrimEndingDirectorySeparator(full))}.vigil-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VigilException.Option("out", $"{target}: cannot write there ({e.Message})");
        }
        return new OutputFolder(full, staging);
    }

    /// <summary>Moves the staged files into the target.</summary>
    public void Commit()
    {
        if (_committed) return;
        if (!Directory.Exists(Target))
        {
            Directory.Move(Staging, Target);
        }
        else
        {
            foreach (var file in Directory.GetFiles(Staging))
                System.IO.File.Move(file, Path.Combine(Target, Path.GetFileName(file)), overwrite: true);
            Directory.Delete(Staging, recursive: true);
        }
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        try
        {
            if (Directory.Exists(Staging)) Directory.Delete(Staging, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a failure to clean up must not hide the error that stopped the job.
        }
    }
}
