using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>
/// The busy handler of every store connection. SQLite calls it when a lock it needs is held (another process's write, a WAL
/// restart a reader has to wait out) and retries while it returns 1. The e_sqlite3 build we ship (SQLitePCLRaw 2.0.6, SQLite
/// 3.35.5) is compiled without HAVE_USLEEP, so SQLite's own handler (<c>PRAGMA busy_timeout</c>) can only sleep whole
/// seconds: a lock released after 50 ms cost the waiter a full second (measured), and 1 % of the webhook resumes in the
/// waiting benchmark took a second. This handler sleeps 1, 2, 4, 8, then 10 ms per retry until the busy timeout is used up.
/// SQLitePCLRaw 2.0.6 has no binding for <c>sqlite3_busy_handler</c>, hence the direct import from the same native library.
/// </summary>
internal static class SqliteBusyHandler
{
    private static readonly BusyCallback Callback = Wait; // kept alive for as long as native code may call it

    private static long _waits;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyCallback(IntPtr timeoutMs, int count);

    /// <summary>Waits for a lock by any store connection of this process since start; for tests.</summary>
    public static long Waits => Interlocked.Read(ref _waits);

    /// <summary>Replaces the connection's busy handler (call after any <c>PRAGMA busy_timeout</c>, which installs SQLite's own).</summary>
    public static void Install(SqliteConnection connection, TimeSpan timeout)
    {
        var rc = NativeMethods.sqlite3_busy_handler(connection.Handle!.DangerousGetHandle(), Callback, (IntPtr)(int)timeout.TotalMilliseconds);
        if (rc != 0)
        {
            throw new InvalidOperationException($"sqlite3_busy_handler failed with code {rc}.");
        }
    }

    /// <summary>How long the <paramref name="count"/>-th retry (from 0) sleeps.</summary>
    public static int DelayMs(int count) => Math.Min(1 << Math.Min(count, 4), 10);

    private static int Wait(IntPtr timeoutMs, int count)
    {
        var waited = 0L;
        for (var i = 0; i < count; i++)
        {
            waited += DelayMs(i);
        }

        if (waited >= (long)timeoutMs)
        {
            return 0;
        }

        Interlocked.Increment(ref _waits);
#pragma warning disable RS0030 // SQLite calls this on the thread running the statement and retries when it returns: it has to block.
        Thread.Sleep(DelayMs(count));
#pragma warning restore RS0030
        return 1;
    }

    private static class NativeMethods
    {
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int sqlite3_busy_handler(IntPtr db, BusyCallback callback, IntPtr timeoutMs);
    }
}
