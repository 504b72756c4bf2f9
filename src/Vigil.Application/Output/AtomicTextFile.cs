using System.Text;
using Vigil.Core;

namespace Vigil.Application.Output;

/// <summary>
/// Writes a whole text file or nothing: the content goes to a temporary file beside the target, which is then
/// renamed over it, so a failure never leaves a half-written or truncated output behind. The folder is created
/// when missing (the CLI checks beforehand that a user's --out names an existing folder).
/// </summary>
public static class AtomicTextFile
{
    /// <summary>Writes <paramref name="content"/> as UTF-8 without a byte-order mark to <paramref name="path"/>.</summary>
    public static void Write(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(tmp, content, new UTF8Encoding(false));
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VigilException.Usage($"cannot write {path}: {e.Message}");
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
