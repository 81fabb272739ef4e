using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// Which store errors mean "the store cannot be reached or used right now" (retry later, the request was not carried out)
/// rather than a bug. Only these: anything else (an SQL error, a constraint, corruption, a deadlock the store did not
/// resolve) stays an error of its own, so an outage never hides a real fault and a fault is never answered "retry".
/// </summary>
public static class StoreUnavailable
{
    // SQLite primary result codes: the file or its disk cannot be used, or another process held the write lock past the
    // busy timeout. Each rolls the statement's transaction back. Not LOCKED (a conflict inside this process: a bug),
    // CORRUPT or NOTADB (damage a retry never mends), READONLY (the engine never opens the file read-only).
    private const int SqliteBusy = 5;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    /// <summary>
    /// True for a store that cannot be reached or used: PostgreSQL refusing or dropping the connection (a socket or
    /// stream failure, a connect, pool or command timeout: no answer in time), shutting down or starting up
    /// (<c>57P01</c>–<c>57P03</c>), out of connections (<c>53300</c>) or disk (<c>53100</c>); SQLite <c>BUSY</c> after its
    /// busy timeout, <c>IOERR</c>, <c>FULL</c>, <c>CANTOPEN</c>.
    /// </summary>
    public static bool Is(Exception exception) => exception switch
    {
        PostgresException e => e.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.DiskFull,
        NpgsqlException e => e.InnerException is SocketException or IOException or TimeoutException
            || (e.InnerException is NpgsqlException inner && Is(inner)),
        SqliteException e => (e.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteIoError or SqliteFull or SqliteCantOpen,
        _ => false,
    };
}
