using System.Text;
using Vigil.Core;

namespace Vigil.Reporting.Output;

/// <summary>
/// Writes a report's files into a directory all or nothing: everything is first written to a staging directory
/// beside the target; a new target is then created by renaming the staging directory, an existing one receives
/// each file by an atomic rename. A failure while staging leaves the target untouched and removes the staging
/// directory.
/// </summary>
public static class ReportDirectory
{
    /// <summary>Writes <paramref name="files"/> into <paramref name="directory"/>.</summary>
    public static void Write(string directory, IReadOnlyList<ReportFile> files)
    {
        var target = Path.GetFullPath(directory);
        if (File.Exists(target)) throw VigilException.Option("out", $"{directory}: is a file, expected a directory");
        var parent = Path.GetDirectoryName(target.TrimEnd(Path.DirectorySeparatorChar)) ?? target;
        var staging = Path.Combine(parent, $".{Path.GetFileName(target.TrimEnd(Path.DirectorySeparatorChar))}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var f in files)
            {
                var path = Path.Combine(staging, f.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (f.Bytes is { } bytes) File.WriteAllBytes(path, bytes);
                else File.WriteAllText(path, f.Content, new UTF8Encoding(false));
            }
            if (!Directory.Exists(target))
            {
                Directory.Move(staging, target);
                return;
            }
            foreach (var f in files)
            {
                var to = Path.Combine(target, f.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Move(Path.Combine(staging, f.RelativePath), to, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VigilException.Usage($"cannot write {directory}: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}
