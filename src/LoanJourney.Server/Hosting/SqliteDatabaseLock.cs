using LoanJourney.Engine.Runtime;

namespace LoanJourney.Server.Hosting;

/// <summary>
/// One server per SQLite database: an exclusive OS lock on <c>&lt;database&gt;.lock</c> beside it (a <see cref="FileStream"/>
/// opened with <see cref="FileShare.None"/>: <c>flock(LOCK_EX|LOCK_NB)</c> on Linux, a share mode on Windows), taken before
/// anything opens the database and held until the process ends. The kernel drops it with the process, so a server killed
/// with SIGKILL leaves no stale lock; the file itself stays (deleting it would race the next server opening it). A second
/// server on the same database (walk 41: a second <c>dotnet run</c> from one checkout, both <c>node-1</c>, the second freeing
/// the first's leases at start) is refused with a message naming the database and the setting. PostgreSQL takes no lock:
/// several nodes on one store are its purpose.
/// The host owns it as a hosted service that does nothing else, so the host's disposal releases it: a host in a test process
/// (<c>WebApplicationFactory</c>) that is disposed lets the next one on the same folder start at once.
/// </summary>
internal sealed class SqliteDatabaseLock : IHostedService, IDisposable
{
    // The errno (EWOULDBLOCK: 11 on Linux, 35 on macOS) or Windows' ERROR_SHARING_VIOLATION that .NET puts in the IOException's
    // HResult when another open file holds the lock; any other failure (a folder that cannot be written) is thrown as it is.
    private static readonly int[] HeldElsewhere = [11, 35, unchecked((int)0x80070020)];

    private readonly FileStream _file;

    private SqliteDatabaseLock(FileStream file) => _file = file;

    /// <summary>The lock file of a SQLite database: <c>&lt;database&gt;.lock</c>, beside it.</summary>
    public static string PathFor(string databasePath) => Path.GetFullPath(databasePath) + ".lock";

    /// <summary>
    /// Takes the lock for the store the options name: null for PostgreSQL. Held by another process (or another open of it in
    /// this one): an <see cref="InvalidOperationException"/> whose message is the start's one line.
    /// </summary>
    public static SqliteDatabaseLock? Acquire(EngineOptions options)
    {
        if (options.Store != StoreProvider.Sqlite)
        {
            return null;
        }

        var database = Path.GetFullPath(options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        try
        {
            return new SqliteDatabaseLock(new FileStream(PathFor(database), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (HeldElsewhere.Contains(e.HResult))
        {
            throw new InvalidOperationException(
                $"the SQLite database {database} is in use by another LoanJourney server (it holds {PathFor(database)}). " +
                "Stop that server, or give this one its own data folder (Engine:DatabasePath, e.g. Engine__DatabasePath=data-2/loanjourney.db); " +
                "several nodes on one store need PostgreSQL (Storage:Provider=Postgres, docs/scale-out.md).");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _file.Dispose();
}
