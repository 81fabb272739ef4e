using System.Data;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>
/// Group commit: one committer at a time runs every write that is waiting in one <c>BEGIN IMMEDIATE</c> transaction,
/// each write in its own savepoint (a failing write rolls back alone), commits once, and only then completes the
/// callers. Under concurrency (webhooks, several runners' step commits) many writes share one fsync; a lone write runs
/// on its caller's thread without a savepoint, exactly as before.
/// </summary>
public sealed partial class SqliteWorkflowStore
{
    // Bounds one transaction's duration (and so the latency of the writes queued behind it).
    private const int MaxWritesPerCommit = 64;

    private readonly Queue<PendingWrite> _writes = new();
    private readonly Lock _writesLock = new();
    private bool _committing;
    private bool _disposed;

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, IDbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(write, cancellationToken);
        bool joins;
        lock (_writesLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _writes.Enqueue(pending);
            joins = _committing;
            _committing = true;
        }

        if (joins)
        {
            // A commit is in progress: this write goes into the next one.
            return await pending.Task;
        }

        // Nobody was writing: this caller commits, on its own thread (no hop when uncontended), its write and every
        // write queued by then; writes queued meanwhile are committed by a pool thread, not by this caller.
        await CommitQueuedAsync();
        if (TakeNextCommitTurn())
        {
            _ = Task.Run(CommitUntilIdleAsync, CancellationToken.None);
        }

        return await pending.Task;
    }

    private async Task CommitUntilIdleAsync()
    {
        do
        {
            await CommitQueuedAsync();
        }
        while (TakeNextCommitTurn());
    }

    // True when more writes are waiting (the caller commits them next); false releases the commit turn.
    private bool TakeNextCommitTurn()
    {
        lock (_writesLock)
        {
            _committing = _writes.Count > 0;
            return _committing;
        }
    }

    private async Task CommitQueuedAsync()
    {
        var batch = new List<PendingWrite>();
        lock (_writesLock)
        {
            while (batch.Count < MaxWritesPerCommit && _writes.TryDequeue(out var pending))
            {
                if (!pending.TryCancel())
                {
                    batch.Add(pending);
                }
            }
        }

        if (batch.Count > 0)
        {
            await CommitBatchAsync(batch);
        }
    }

    private void StopWrites()
    {
        lock (_writesLock)
        {
            _disposed = true;
        }
    }

    private async Task CommitBatchAsync(List<PendingWrite> batch)
    {
        SqliteConnection? connection = null;
        try
        {
            connection = _pool.Rent();
            using var transaction = connection.BeginTransaction(deferred: false);
            if (batch.Count == 1)
            {
                // Alone: no savepoint; a failure rolls the whole transaction back (the using).
                await batch[0].RunAsync(connection, transaction);
            }
            else
            {
                using var savepoint = connection.CreateCommand();
                savepoint.Transaction = (SqliteTransaction)transaction;
                foreach (var pending in batch)
                {
                    savepoint.CommandText = "SAVEPOINT w";
                    savepoint.ExecuteNonQuery();
                    try
                    {
                        await pending.RunAsync(connection, transaction);
                    }
                    catch (Exception ex)
                    {
                        savepoint.CommandText = "ROLLBACK TO w";
                        savepoint.ExecuteNonQuery();
                        pending.Fail(ex);
                    }

                    savepoint.CommandText = "RELEASE w";
                    savepoint.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // Nothing of this transaction is committed: every write not failed on its own fails with the cause.
            foreach (var pending in batch)
            {
                pending.Fail(ex);
            }
        }
        finally
        {
            if (connection is not null)
            {
                _pool.Return(connection);
            }
        }

        // Only now, after the commit (or the rollback), does any caller learn its outcome.
        foreach (var pending in batch)
        {
            pending.Complete();
        }
    }

    private abstract class PendingWrite(CancellationToken cancellationToken)
    {
        private Exception? _failure;

        protected CancellationToken CancellationToken { get; } = cancellationToken;

        public abstract Task RunAsync(SqliteConnection connection, IDbTransaction transaction);

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

    private sealed class PendingWrite<T>(Func<SqliteConnection, IDbTransaction, Task<T>> write, CancellationToken cancellationToken)
        : PendingWrite(cancellationToken)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(SqliteConnection connection, IDbTransaction transaction) =>
            _result = await write(connection, transaction);

        protected override void SetResult() => _done.TrySetResult(_result);

        protected override void SetException(Exception exception) => _done.TrySetException(exception);

        protected override void SetCanceled() => _done.TrySetCanceled(CancellationToken);
    }
}
