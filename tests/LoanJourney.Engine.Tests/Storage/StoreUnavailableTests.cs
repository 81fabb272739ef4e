using System.Net.Sockets;
using LoanJourney.Engine.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>What the server answers 503 store_unavailable for: an outage only, never a fault that a retry would repeat.</summary>
public sealed class StoreUnavailableTests
{
    public static TheoryData<string, Exception> Outages => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect to 127.0.0.1:5433", new SocketException((int)SocketError.ConnectionRefused)) },
        { "connection dropped", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()) },
        { "admin shutdown", Postgres(PostgresErrorCodes.AdminShutdown) },
        { "crash shutdown", Postgres(PostgresErrorCodes.CrashShutdown) },
        { "cannot connect now", Postgres(PostgresErrorCodes.CannotConnectNow) },
        { "too many connections", Postgres(PostgresErrorCodes.TooManyConnections) },
        { "disk full", Postgres(PostgresErrorCodes.DiskFull) },
        { "sqlite busy", new SqliteException("database is locked", 5) },
        { "sqlite ioerr (extended)", new SqliteException("disk I/O error", 10, 10 | (3 << 8)) },
        { "sqlite full", new SqliteException("database or disk is full", 13) },
        { "sqlite cantopen", new SqliteException("unable to open database file", 14) },
    };

    public static TheoryData<string, Exception> Faults => new()
    {
        { "syntax error", Postgres(PostgresErrorCodes.SyntaxError) },
        { "unique violation", Postgres(PostgresErrorCodes.UniqueViolation) },
        { "deadlock", Postgres(PostgresErrorCodes.DeadlockDetected) },
        { "serialization failure", Postgres(PostgresErrorCodes.SerializationFailure) },
        { "npgsql misuse", new NpgsqlException("The connection is not open") },
        // The store refusing this node's configuration (StoreMisconfigured): an operator mends it, not a retry.
        { "database does not exist", Postgres(PostgresErrorCodes.InvalidCatalogName) },
        { "password refused", Postgres(PostgresErrorCodes.InvalidPassword) },
        { "role refused", Postgres(PostgresErrorCodes.InvalidAuthorizationSpecification) },
        { "privilege missing", Postgres(PostgresErrorCodes.InsufficientPrivilege) },
        { "sqlite constraint", new SqliteException("UNIQUE constraint failed", 19) },
        { "sqlite locked (same process)", new SqliteException("database table is locked", 6) },
        { "sqlite corrupt", new SqliteException("database disk image is malformed", 11) },
        { "a bug", new InvalidOperationException("Sequence contains no elements") },
        { "a timeout elsewhere", new TimeoutException() },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void Is_StoreCannotBeReachedOrUsed_True(string because, Exception exception) => Assert.True(StoreUnavailable.Is(exception), because);

    [Theory]
    [MemberData(nameof(Faults))]
    public void Is_SqlErrorOrBug_False(string because, Exception exception) => Assert.False(StoreUnavailable.Is(exception), because);

    private static PostgresException Postgres(string sqlState) => new("test", "FATAL", "FATAL", sqlState);
}
