using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>SQLite store settings.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>Database file path.</summary>
    public required string DatabasePath { get; init; }

    /// <summary><c>FULL</c> (default: a committed step survives power loss) or <c>NORMAL</c> (faster; may lose the last commits on power loss, never corrupts).</summary>
    public string Synchronous { get; init; } = "FULL";

    /// <summary>How long a writer waits for another process's write lock.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Protects <c>instances.input_json</c>, <c>outputs_json</c> and <c>pending_stimulus_json</c> (they may carry borrower documents)
    /// on write and unprotects them on read. Default: <see cref="PassThroughPayloadProtector"/> (plaintext).
    /// </summary>
    public IPayloadProtector PayloadProtector { get; init; } = PassThroughPayloadProtector.Instance;

    /// <summary>Called with the text of every statement the store executes (SQLite trace); tests count round trips with it.</summary>
    internal Action<string>? StatementObserver { get; init; }

    /// <summary>
    /// Called with the connection that rewrites the file (the erasure's VACUUM), just before the rewrite: tests leave that
    /// connection no room to grow the file (<c>PRAGMA max_page_count</c>), so SQLite fails the VACUUM with SQLITE_FULL as on a full disk.
    /// </summary>
    internal Action<SqliteConnection>? BeforeRewrite { get; init; }
}
