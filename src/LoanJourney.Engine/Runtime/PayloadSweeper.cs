using LoanJourney.Engine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// Protects the instance payloads (input, outputs, pending stimulus) that are still stored in the clear because they were
/// written before a key-holding <see cref="IPayloadProtector"/> was registered: once per process start, in the background,
/// after the engine initialized (so a node whose keys fail the start-up key check protects nothing with them). It walks the
/// instances in id order a window at a time (<see cref="WindowRows"/> ids and lengths), reads the plaintext columns of a
/// group (at most <see cref="GroupRows"/> rows or <see cref="GroupChars"/> characters), protects them off the store's
/// writer and writes them compare-and-set (<see cref="IWorkflowStore.ReplacePlaintextPayloadsAsync"/>: a column a step
/// commit changed meanwhile keeps the newer value; version and lease are untouched). After each window it pauses as long
/// as the window took, so it keeps at most half of the store. Rows it could not write (changed or locked meanwhile) are
/// read again once at the end. When it protected anything it asks the store to purge the freed space
/// (<see cref="IWorkflowStore.PurgeFreedSpaceWithoutRewriteAsync"/>: SQLite truncates the WAL, PostgreSQL vacuums). Restart-safe: a
/// protected column is never rewritten, and a pass that left nothing in the clear is recorded (<see cref="PayloadSweepMark"/>),
/// so the passes after it read one row, until a store that does not encrypt starts on the database.
/// </summary>
public sealed class PayloadSweeper(IWorkflowStore store, IPayloadProtector protector, EngineInitializer? initializer, TimeProvider time, ILogger<PayloadSweeper> logger)
    : BackgroundService
{
    /// <summary>Instances per window (ids and lengths only).</summary>
    public const int WindowRows = 500;

    /// <summary>At most this many rows are read, protected and written together.</summary>
    public const int GroupRows = 100;

    /// <summary>At most this many characters of plaintext are held for one group (a row larger than this is a group of its own).</summary>
    public const long GroupChars = 4 * 1024 * 1024;

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(1);

    /// <summary>False: no pause between windows (the bench measures the sweep's own cost with it).</summary>
    internal bool Paced { get; init; } = true;
    private const int ProgressEvery = 100_000;

    /// <summary>True when <paramref name="protector"/> encrypts (a pass-through one leaves nothing to sweep).</summary>
    public static bool Encrypts(IPayloadProtector protector) => PayloadProtection.Encrypts(protector);

    /// <summary>One pass over every instance; see the class.</summary>
    public Task<PayloadSweepResult> RunOnceAsync(CancellationToken cancellationToken = default) => RunOnceAsync(WindowRows, cancellationToken);

    /// <summary>One pass, <paramref name="windowRows"/> instances a window (tests walk several windows over a few rows).</summary>
    internal async Task<PayloadSweepResult> RunOnceAsync(int windowRows, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (!Encrypts(protector))
        {
            return new PayloadSweepResult(0, 0, 0, false, TimeSpan.Zero);
        }

        // A complete pass is remembered per store (PayloadSweepMark): until a store that does not encrypt starts on the
        // database, there is nothing in the clear to find, and the pass reads one row instead of every journey.
        var mark = await store.GetPayloadSweepMarkAsync(cancellationToken);
        if (mark.Complete)
        {
            return new PayloadSweepResult(0, 0, 0, false, time.GetElapsedTime(started)) { AlreadyComplete = true };
        }

        var after = "";
        long scanned = 0, nextProgress = ProgressEvery;
        var protectedRows = 0;
        var missed = new List<string>();
        while (true)
        {
            var windowStarted = time.GetTimestamp();
            var window = await store.FindPlaintextPayloadsAsync(after, windowRows, cancellationToken);
            scanned += window.Scanned;
            foreach (var group in Groups(window.Rows))
            {
                var (changed, left) = await ProtectAsync(group, cancellationToken);
                protectedRows += changed;
                missed.AddRange(left);
            }

            if (scanned >= nextProgress)
            {
                EngineLog.PayloadSweepProgress(logger, scanned, protectedRows);
                nextProgress += ProgressEvery;
            }

            if (window.LastId is null)
            {
                break;
            }

            after = window.LastId;
            var took = time.GetElapsedTime(windowStarted);
            if (Paced && took > TimeSpan.Zero)
            {
                await Task.Delay(took, time, cancellationToken);
            }
        }

        // Once more for the rows a commit changed (or, on PostgreSQL, held) between the read and the write: read again now.
        var skipped = 0;
        foreach (var group in missed.Chunk(GroupRows))
        {
            var (changed, left) = await ProtectAsync(group, cancellationToken);
            protectedRows += changed;
            skipped += left.Count;
        }

        var purged = protectedRows > 0 && await store.PurgeFreedSpaceWithoutRewriteAsync(cancellationToken);
        // Rows left to their writer may still be in the clear: only a pass that left none is recorded.
        var marked = skipped == 0 && await store.MarkPayloadSweepCompleteAsync(mark.Generation, cancellationToken);
        return new PayloadSweepResult(scanned, protectedRows, skipped, purged, time.GetElapsedTime(started)) { Marked = marked };
    }

    private static IEnumerable<IReadOnlyList<string>> Groups(IReadOnlyList<(string Id, long Length)> rows)
    {
        var group = new List<string>();
        long chars = 0;
        foreach (var (id, length) in rows)
        {
            if (group.Count > 0 && (group.Count >= GroupRows || chars + length > GroupChars))
            {
                yield return group;
                group = [];
                chars = 0;
            }

            group.Add(id);
            chars += length;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    // Reads the group's plaintext columns, protects them here (not in the store's writer), writes them compare-and-set;
    // returns how many rows were changed and the ids that still had plaintext but were not written.
    private async Task<(int Changed, IReadOnlyList<string> Left)> ProtectAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var read = await store.ReadPlaintextPayloadsAsync(ids, cancellationToken);
        if (read.Count == 0)
        {
            return (0, []);
        }

        var replacements = read.Select(r => new PayloadReplacement(r, new StoredPayloads(r.Id,
            protector.ProtectOrNull(r.Input), protector.ProtectOrNull(r.Outputs), protector.ProtectOrNull(r.PendingStimulus)))).ToList();
        var changed = await store.ReplacePlaintextPayloadsAsync(replacements, cancellationToken);
        var written = changed.ToHashSet(StringComparer.Ordinal);
        return (changed.Count, read.Where(r => !written.Contains(r.Id)).Select(r => r.Id).ToList());
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Encrypts(protector))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (initializer is not null)
                {
                    await initializer.EnsureInitializedAsync(stoppingToken);
                }

                var result = await RunOnceAsync(stoppingToken);
                if (result.AlreadyComplete)
                {
                    EngineLog.PayloadSweepAlreadyComplete(logger);
                }
                else if (result.Scanned == 0)
                {
                    EngineLog.PayloadSweepEmpty(logger, result.Elapsed);
                }
                else
                {
                    EngineLog.PayloadSweepDone(logger, result.Scanned, result.Protected, result.Skipped, result.FreedSpacePurged, result.Elapsed);
                }

                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The host stopping (or a start that failed in app.Run()) cancels a pass in flight: not an error.
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                EngineLog.PayloadSweepFailed(logger, RetryInterval, e);
            }

            try
            {
                await Task.Delay(RetryInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>What one <see cref="PayloadSweeper.RunOnceAsync(CancellationToken)"/> pass did.</summary>
/// <param name="Scanned">Instances looked at.</param>
/// <param name="Protected">Instances whose plaintext payload columns it protected.</param>
/// <param name="Skipped">Instances it found with plaintext but could not write, twice (changed or locked meanwhile).</param>
/// <param name="FreedSpacePurged">Whether the store purged the freed space afterwards (only tried when it protected any).</param>
/// <param name="Elapsed">How long the pass took, pauses included.</param>
public sealed record PayloadSweepResult(long Scanned, int Protected, int Skipped, bool FreedSpacePurged, TimeSpan Elapsed)
{
    /// <summary>The store was swept completely before and no store that does not encrypt has started on it since: nothing was read.</summary>
    public bool AlreadyComplete { get; init; }

    /// <summary>This pass was recorded as complete (it left nothing in the clear), so the next start reads nothing.</summary>
    public bool Marked { get; init; }
}
