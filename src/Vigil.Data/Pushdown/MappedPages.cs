using System.Runtime.InteropServices;

namespace Vigil.Data.Pushdown;

/// <summary>
/// Gives back the pages of a read-only file mapping that a scan has passed (Linux <c>madvise(MADV_DONTNEED)</c>), so that a
/// scan of a file larger than memory does not count the whole file in its resident set. The pages stay in the kernel's
/// page cache, and a page touched again is read again from the file with the same bytes, so this never changes a result.
/// </summary>
internal static partial class MappedPages
{
    private const int DontNeed = 4; // MADV_DONTNEED
    private const long PageSize = 4096;

    /// <summary>Releases the whole pages in [<paramref name="start"/>, <paramref name="end"/>); nothing off Linux.</summary>
    public static unsafe void Release(byte* start, byte* end)
    {
        if (!OperatingSystem.IsLinux()) return;
        var first = ((long)start + PageSize - 1) & ~(PageSize - 1);
        var last = (long)end & ~(PageSize - 1);
        if (last > first) _ = Madvise((nint)first, (nuint)(last - first), DontNeed); // advice only: a failure changes nothing
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
