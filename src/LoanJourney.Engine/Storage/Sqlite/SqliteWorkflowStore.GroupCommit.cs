using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>
/// Group commit: one writer loop runs every write that is waiting when it is free in one <c>BEGIN IMMEDIATE</c>
/// transaction, each write in its own savepoint (a failing write rolls back alone), then commits once and only then
/// completes the callers. Under concurrency (webhooks, several runners' step commits) many writes share one fsync; a
/// lone write runs without a savepoint, exactly as before. A write queued with <see cref="WriteOpeningItsSavepointAsync"/>
/// opens its savepoint itself, before its second change (<see cref="OpenSavepoint"/>): a write whose only change is one
/// statement needs none, because SQLite undoes a failed statement by itself and the transaction goes on (a buffered
/// webhook: two statements in a shared commit instead of four).
/// <para>
/// The writer begins, commits and rolls back with <c>BEGIN IMMEDIATE;</c>, <c>COMMIT;</c> and <c>ROLLBACK;</c> kept prepared
/// on its connection (<see cref="SqliteStatementCache.Control"/>), not with a <see cref="SqliteTransaction"/>, which creates,
/// prepares and disposes a new command for each on every commit (docs/PERFORMANCE.md, round 51). The statements, and their
/// busy handling (a command of the connection: its default timeout and the connection's <c>busy_timeout</c>), are the same.
/// So the connection has no <see cref="SqliteConnection.BeginTransaction()"/> transaction, and Microsoft.Data.Sqlite requires
/// every command run on it to have none either: the transaction handed to a write is always <see langword="null"/>, and
/// every statement of the write runs in the writer's transaction all the same (one connection, one transaction).
/// </para>
/// </summary>
public sealed partial class SqliteWorkflowStore
{
    // Bounds one transaction's duration (and so the latency of the writes queued behind it).
    private const int MaxWritesPerCommit = 64;

    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    private Task? _writerLoop;
    private readonly Lock _writerStart = new();

    // The writer loop's own connection, never lent to readers: its page cache stays valid from one transaction to the next (a
    // connection re-reads every page it needs after another connection committed; with pooled writers that was every commit).
    private SqliteConnection? _writer;

    private static readonly SqlStatement Savepoint = new("SAVEPOINT w");
    private static readonly SqlStatement RollbackToSavepoint = new("ROLLBACK TO w");
    private static readonly SqlStatement ReleaseSavepoint = new("RELEASE w");

    // The writer's transaction control, the texts Microsoft.Data.Sqlite's SqliteTransaction runs (and the statement tests see).
    private static readonly SqlStatement BeginImmediate = new("BEGIN IMMEDIATE;");
    private static readonly SqlStatement CommitTransaction = new("COMMIT;");
    private static readonly SqlStatement RollbackTransaction = new("ROLLBACK;");

    // The writer loop's state for the write it runs (touched by the writer loop only): whether that write shares its
    // transaction with others, and whether its savepoint is open.
    private bool _writeShared;
    private bool _savepointOpen;

    /// <summary>
    /// Queues a write for the next batch. Its transaction argument is always <see langword="null"/> (the writer's transaction is
    /// begun by a prepared <c>BEGIN IMMEDIATE;</c>, see the class): pass it on to the write's commands as it is.
    /// </summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction?, Task<T>> write, CancellationToken cancellationToken) =>
        Enqueue(new PendingWrite<T>(write, savepointFirst: true, cancellationToken), cancellationToken);

    /// <summary>
    /// A write that calls <see cref="OpenSavepoint"/> before its second change (or never, when it makes at most one): in a
    /// shared commit it pays the savepoint's two statements only when it needs them.
    /// </summary>
    private Task<T> WriteOpeningItsSavepointAsync<T>(Func<SqliteConnection, SqliteTransaction?, Task<T>> write, CancellationToken cancellationToken) =>
        Enqueue(new PendingWrite<T>(write, savepointFirst: false, cancellationToken), cancellationToken);

    /// <summary>
    /// In a shared commit, opens the running write's savepoint if it is not open yet, so that its changes from here on roll
    /// back together and alone; alone in its transaction, nothing (the transaction is the unit).
    /// </summary>
    private void OpenSavepoint(SqliteConnection connection, SqliteTransaction? transaction)
    {
        if (_writeShared && !_savepointOpen)
        {
            Bind(connection, transaction, Savepoint).ExecuteNonQuery();
            _savepointOpen = true;
        }
    }

    /// <summary>
    /// Work that must run alone and outside any transaction (VACUUM), with the writer loop paused: the batch before it commits
    /// first, the writes queued after it wait for it (rather than failing on the write lock after the busy timeout). It gets a
    /// pooled connection of its own, not the writer's.
    /// </summary>
    private Task<T> ExclusiveAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken) =>
        Enqueue(new PendingWrite<T>((c, _) => work(c), savepointFirst: false, cancellationToken) { Exclusive = true }, cancellationToken);

    private Task<T> Enqueue<T>(PendingWrite<T> pending, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureWriterLoop();
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(pending), this);

        return pending.Task;
    }

    private void EnsureWriterLoop()
    {
        if (_writerLoop is not null)
        {
            return;
        }

        lock (_writerStart)
        {
            _writerLoop ??= Task.Run(WriterLoopAsync);
        }
    }

    private async Task WriterLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxWritesPerCommit);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            PendingWrite? exclusive = null;
            while (batch.Count < MaxWritesPerCommit && exclusive is null && _writes.Reader.TryPeek(out var next)
                   && !(next.Exclusive && batch.Count > 0) && _writes.Reader.TryRead(out var pending))
            {
                if (pending.TryCancel())
                {
                    continue;
                }

                if (pending.Exclusive)
                {
                    exclusive = pending;
                }
                else
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count > 0)
            {
                await CommitBatchAsync(batch).ConfigureAwait(false);
            }

            if (exclusive is not null)
            {
                await RunExclusiveAsync(exclusive).ConfigureAwait(false);
            }
        }
    }

    private async Task CommitBatchAsync(List<PendingWrite> batch)
    {
        SqliteConnection? connection = null;
        _writeShared = false;
        _savepointOpen = false;
        try
        {
            connection = _writer ??= _pool.RentWriter();
            var statements = _pool.Statements(connection);
            statements.Control(BeginImmediate).ExecuteNonQuery();
            if (batch.Count == 1)
            {
                // Alone: no savepoint; a failure rolls the whole transaction back (the catch below).
                await batch[0].RunAsync(connection).ConfigureAwait(false);
                ThrowIfRolledBack(connection);
            }
            else
            {
                foreach (var pending in batch)
                {
                    _writeShared = true;
                    _savepointOpen = false;
                    if (pending.SavepointFirst)
                    {
                        OpenSavepoint(connection, null);
                    }

                    try
                    {
                        await pending.RunAsync(connection).ConfigureAwait(false);
                        ThrowIfRolledBack(connection);
                    }
                    catch (Exception ex)
                    {
                        // SQLite rolls a whole transaction back by itself on some errors (disk full, I/O): then nothing of the
                        // batch may go on in autocommit mode, every write fails (below).
                        if (raw.sqlite3_get_autocommit(connection.Handle) != 0)
                        {
                            throw;
                        }

                        if (_savepointOpen)
                        {
                            Bind(connection, null, RollbackToSavepoint).ExecuteNonQuery();
                        }

                        pending.Fail(ex);
                    }

                    if (_savepointOpen)
                    {
                        Bind(connection, null, ReleaseSavepoint).ExecuteNonQuery();
                    }
                }
            }

            statements.Control(CommitTransaction).ExecuteNonQuery();
            SignalCommitted();
        }
        catch (Exception ex)
        {
            // Nothing of this transaction is committed: every write not failed on its own fails with the cause. The next batch
            // starts on a new connection, in case this one is what failed.
            foreach (var pending in batch)
            {
                pending.Fail(ex);
            }

            if (connection is not null)
            {
                RollBack(connection);
                _pool.Discard(connection);
            }

            _writer = null;
        }

        // Only now, after the commit (or the rollback), does any caller learn its outcome.
        foreach (var pending in batch)
        {
            pending.Complete();
        }
    }

    /// <summary>
    /// Fails the batch if SQLite has rolled its transaction back by itself (it does on some errors: disk full, I/O) while a
    /// write went on: the next statement would run in autocommit mode, committed alone. (A <see cref="SqliteTransaction"/>
    /// noticed the same through its rollback hook and refused every later command.)
    /// </summary>
    private static void ThrowIfRolledBack(SqliteConnection connection)
    {
        if (raw.sqlite3_get_autocommit(connection.Handle) != 0)
        {
            throw new InvalidOperationException("SQLite rolled the group commit's transaction back; nothing of the batch is committed.");
        }
    }

    /// <summary>
    /// Rolls back the transaction of a batch that failed, if it is still open (SQLite may have rolled it back by itself, or
    /// BEGIN failed). A rollback that fails changes nothing for the callers: the connection is discarded next, and closing it
    /// rolls back what is left.
    /// </summary>
    private void RollBack(SqliteConnection connection)
    {
        if (raw.sqlite3_get_autocommit(connection.Handle) != 0)
        {
            return;
        }

        try
        {
            _pool.Statements(connection).Control(RollbackTransaction).ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Discarded next (above): sqlite3_close rolls the transaction back.
        }
    }

    private async Task RunExclusiveAsync(PendingWrite pending)
    {
        var connection = _pool.Rent();
        try
        {
            await pending.RunAsync(connection).ConfigureAwait(false);
            _pool.Return(connection);
        }
        catch (Exception ex)
        {
            pending.Fail(ex);
            _pool.Discard(connection);
        }

        pending.Complete();
    }

    private abstract class PendingWrite(bool savepointFirst, CancellationToken cancellationToken)
    {
        private Exception? _failure;

        /// <summary>False for a write that opens its savepoint itself, when it needs one (<see cref="OpenSavepoint"/>).</summary>
        public bool SavepointFirst { get; } = savepointFirst;

        /// <summary>Runs alone, outside a transaction, on a pooled connection (<see cref="ExclusiveAsync{T}"/>).</summary>
        public bool Exclusive { get; init; }

        protected CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>Runs the write on <paramref name="connection"/>, in the writer's transaction (or alone, when exclusive).</summary>
        public abstract Task RunAsync(SqliteConnection connection);

        /// <summary>Records a failure; the caller sees it once the batch is over.</summary>
        public void Fail(Exception exception) => _failure ??= exception;

        public void Complete()
        {
            if (_failure is null)
            {
                SetResult();
            }
            else
            {
                SetException(_failure);
            }
        }

        public bool TryCancel()
        {
            if (!CancellationToken.IsCancellationRequested)
            {
                return false;
            }

            SetCanceled();
            return true;
        }

        protected abstract void SetResult();

        protected abstract void SetException(Exception exception);

        protected abstract void SetCanceled();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction?, Task<T>> write, bool savepointFirst, CancellationToken cancellationToken)
        : PendingWrite(savepointFirst, cancellationToken)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(SqliteConnection connection) =>
            _result = await write(connection, null).ConfigureAwait(false);

        protected override void SetResult() => _done.TrySetResult(_result);

        protected override void SetException(Exception exception) => _done.TrySetException(exception);

        protected override void SetCanceled() => _done.TrySetCanceled(CancellationToken);
    }
}
