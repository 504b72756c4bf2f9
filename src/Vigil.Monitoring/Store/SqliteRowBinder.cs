using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Monitoring.Store;

/// <summary>
/// The calls of SQLite's statement API that a write of many rows makes per row (bind each parameter, step, reset, the
/// rows changed), bound to the same e_sqlite3 library that SQLitePCLRaw loads, on the statement's and the connection's
/// raw pointers: the writer's side of <see cref="SqliteRowReader"/>.
/// </summary>
/// <remarks>
/// SQLitePCLRaw's own calls take the statement as a SafeHandle and add and release a reference on it around every call;
/// a prediction's insert makes about twenty of them (18 parameters, step, reset), and in a profile of the bounded load
/// (2026-12-06, docs/service.md) the reference counting alone took 4% of the process's CPU, on the single writer's path.
/// Text is bound from a reused UTF-8 buffer with SQLITE_TRANSIENT (SQLite copies it before the call returns), with its
/// byte length, so text holding U+0000 is stored whole, as SQLitePCLRaw binds it; an empty string binds as empty text,
/// never NULL (the pointer is never null). The caller keeps both SafeHandles alive while it binds and steps.
/// </remarks>
internal sealed unsafe partial class SqliteRowBinder
{
    private const string Library = "e_sqlite3";
    private static readonly IntPtr Transient = new(-1); // SQLITE_TRANSIENT

    private byte[] _text = new byte[256];

    /// <summary>Binds <paramref name="value"/> to <paramref name="statement"/> (the raw pointer of <paramref name="handle"/>) as SQLite's ADO.NET command binds it: text UTF-8, integers and booleans INTEGER, doubles REAL, byte arrays BLOB, null NULL.</summary>
    public int Bind(SQLitePCL.sqlite3_stmt handle, IntPtr statement, int index, object? value, string name) => value switch
    {
        null or DBNull => BindNull(statement, index),
        string text => BindText(statement, index, text),
        long n => BindInt64(statement, index, n),
        int n => BindInt64(statement, index, n),
        bool b => BindInt64(statement, index, b ? 1 : 0),
        double d when double.IsNaN(d) => throw new InvalidOperationException($"parameter {name}: NaN cannot be stored"),
        double d => BindDouble(statement, index, d),
        byte[] bytes => SQLitePCL.raw.sqlite3_bind_blob(handle, index, bytes), // rare: through SQLitePCLRaw, as before
        _ => throw new NotSupportedException($"parameter {name}: a {value.GetType().Name} is not bound by the store"),
    };

    private int BindText(IntPtr statement, int index, string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length > _text.Length) _text = new byte[Math.Max(length, _text.Length * 2)];
        length = Encoding.UTF8.GetBytes(text, _text);
        fixed (byte* start = _text)
            return BindTextRaw(statement, index, start, length, Transient);
    }

    /// <summary>sqlite3_reset.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(IntPtr statement);

    /// <summary>sqlite3_changes of the connection: rows changed by its last statement.</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_changes")]
    [SuppressGCTransition]
    public static partial int Changes(IntPtr db);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    [SuppressGCTransition]
    private static partial int BindNull(IntPtr statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    [SuppressGCTransition]
    private static partial int BindInt64(IntPtr statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double")]
    [SuppressGCTransition]
    private static partial int BindDouble(IntPtr statement, int index, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    private static partial int BindTextRaw(IntPtr statement, int index, byte* text, int length, IntPtr destructor);
}
