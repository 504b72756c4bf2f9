using System.Runtime.InteropServices;

namespace Vigil.Monitoring.Store;

/// <summary>
/// The calls of SQLite's statement API that a read of many small rows makes per row (step, and the current row's
/// columns), bound to the same e_sqlite3 library that SQLitePCLRaw loads, on the statement's raw pointer.
/// </summary>
/// <remarks>
/// SQLitePCLRaw's own calls take the statement as a SafeHandle and add and release a reference on it around every call.
/// In a profile of the bounded load (2026-12-05, docs/service.md) those two took about 9% of the process's CPU, most of it
/// in the pending-bin read behind each status and series (six calls per row, hundreds of thousands of rows per read).
/// The column reads are marked <see cref="SuppressGCTransitionAttribute"/>: they only read the current row, never block
/// and never call back into .NET. The caller keeps the statement's SafeHandle alive (a <c>using</c>) while it steps.
/// </remarks>
internal static unsafe partial class SqliteRowReader
{
    private const string Library = "e_sqlite3";

    /// <summary>sqlite3_step: SQLITE_ROW, SQLITE_DONE or an error code.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(IntPtr statement);

    /// <summary>sqlite3_column_int64 of the current row.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition]
    public static partial long Int64(IntPtr statement, int column);

    /// <summary>
    /// The current row's column as bytes (text as UTF-8), valid until the next step or reset; empty for NULL.
    /// sqlite3_column_blob before sqlite3_column_bytes, the order SQLite's documentation asks for.
    /// </summary>
    public static ReadOnlySpan<byte> Bytes(IntPtr statement, int column)
    {
        var start = ColumnBlob(statement, column);
        return start is null ? default : new ReadOnlySpan<byte>(start, ColumnBytes(statement, column));
    }

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob")]
    [SuppressGCTransition]
    private static partial byte* ColumnBlob(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    [SuppressGCTransition]
    private static partial int ColumnBytes(IntPtr statement, int column);
}
