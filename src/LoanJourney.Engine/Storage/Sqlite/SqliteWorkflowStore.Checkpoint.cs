using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

/// <summary>
/// WAL checkpoints off the commit path. SQLite's automatic checkpoint runs inside the commit that takes the WAL past
/// 1,000 pages: that commit copies every page changed since the last checkpoint into the database file and fsyncs it
/// before its callers learn the outcome, which is where the store's latency tails came from (a routed webhook's p99 was
/// 7–9 × its p50). The store's connections' automatic checkpoint is raised to <see cref="InlineCheckpointPages"/> pages
/// (a bound, should this loop fall behind or fail), and a background loop on its own connection runs a
/// <c>PASSIVE</c> checkpoint at most once a second while commits happen: it copies what it can without blocking the writer or waiting on
/// readers, while the writer keeps appending to the WAL. Durability is unchanged: a commit is durable once its WAL
/// frames are synced, as before; a checkpoint only moves committed pages into the main file.
/// </summary>
public sealed partial class SqliteWorkflowStore
{
    /// <summary>The writer's own automatic checkpoint: only if the background checkpoints fall this far behind (≈ 40 MB of WAL).</summary>
    internal const int InlineCheckpointPages = 10_000;

    // At most one background checkpoint a second. Each one writes and syncs the database file beside the writer's WAL syncs;
    // the routing tail followed their rate (`waiting 100000`, interleaved: p99 4.1–5.6 ms at one per 50 ms, 2.3–3.3 ms at one
    // per second; docs/PERFORMANCE.md, round 5). Fewer, larger checkpoints also copy a page that many commits changed once.
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _committed = new(0, 1);

    // One checkpoint of this store at a time: an erasure's TRUNCATE checkpoint would otherwise find the checkpointer lock taken
    // by the background one and return busy instead of emptying the WAL.
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
    private readonly CancellationTokenSource _checkpointStop = new();
    private Task? _checkpointLoop;
    private long _checkpoints;
    private long _checkpointFailures;
    private int _checkpointsStopped;

    /// <summary>Background checkpoints run and failed (a failure is retried at the next commit); for tests and diagnostics.</summary>
    internal (long Runs, long Failures) CheckpointStatistics() => (Interlocked.Read(ref _checkpoints), Interlocked.Read(ref _checkpointFailures));

    // Called by the writer loop after each commit: wakes the checkpoint loop (started on first use) if it is not already due.
    private void SignalCommitted()
    {
        if (_checkpointLoop is null)
        {
            lock (_writerStart)
            {
                _checkpointLoop ??= Task.Run(CheckpointLoopAsync);
            }
        }

        // Only the writer loop releases: no other thread can fill the semaphore between the check and the release.
        if (_committed.CurrentCount == 0)
        {
            _committed.Release();
        }
    }

    private async Task CheckpointLoopAsync()
    {
        var stop = _checkpointStop.Token;
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                await _committed.WaitAsync(stop).ConfigureAwait(false);
                await _checkpointGate.WaitAsync(stop).ConfigureAwait(false);
                try
                {
                    connection ??= _pool.OpenHousekeeping();
                    using (var command = connection.CreateCommand())
                    {
                        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                        command.ExecuteNonQuery();
                    }

                    Interlocked.Increment(ref _checkpoints);
                }
                catch (SqliteException)
                {
                    // An I/O error (a checkpointer lock held by another process comes back as the result row's busy flag,
                    // not as an error, and is retried the same way): the WAL keeps the pages, the next commit signals another
                    // try, and the writer's own automatic checkpoint bounds the WAL meanwhile. The connection is replaced in
                    // case it is what failed.
                    Interlocked.Increment(ref _checkpointFailures);
                    connection?.Dispose();
                    connection = null;
                }
                finally
                {
                    _checkpointGate.Release();
                }

                await Task.Delay(CheckpointInterval, TimeProvider.System, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private void StopCheckpoints()
    {
        if (Interlocked.Exchange(ref _checkpointsStopped, 1) == 1)
        {
            return; // Disposed twice.
        }

        _checkpointStop.Cancel();
        try
        {
            _checkpointLoop?.Wait();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            // Cancelled before it started.
        }

        _checkpointStop.Dispose();
        _committed.Dispose();
        _checkpointGate.Dispose();
    }
}
