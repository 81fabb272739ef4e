using LoanJourney.Engine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Engine.Runtime;

/// <summary>
/// Packs the journals of finished journeys into one compressed row each (<see cref="IWorkflowStore.CompactJournalsAsync"/>),
/// every <see cref="EngineOptions.JournalCompactionInterval"/>, those finished at least <see cref="EngineOptions.JournalCompactionDelay"/>
/// ago, in batches of <see cref="EngineOptions.JournalCompactionBatchSize"/>. A round with more to do pauses after each batch as long
/// as the batch took, so packing a backlog (the journeys finished before the upgrade) keeps at most half of the store's writer.
/// Off the step path: a step commit only queues its journey when it finishes it (a trigger on <c>instances</c>).
/// </summary>
public sealed class JournalCompactor(IWorkflowStore store, EngineInitializer initializer, EngineOptions options, TimeProvider time, ILogger<JournalCompactor> logger)
    : BackgroundService
{
    /// <summary>Packs every queued journey that is due; returns how many it took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var batchSize = Math.Max(1, options.JournalCompactionBatchSize);
        var total = 0;
        while (true)
        {
            var started = time.GetTimestamp();
            var packed = await store.CompactJournalsAsync(time.GetUtcNow() - options.JournalCompactionDelay, batchSize, cancellationToken);
            total += packed;
            if (packed < batchSize)
            {
                return total;
            }

            var took = time.GetElapsedTime(started);
            if (took > TimeSpan.Zero)
            {
                await Task.Delay(took, time, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.JournalCompactionInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await initializer.EnsureInitializedAsync(stoppingToken);
                var packed = await RunOnceAsync(stoppingToken);
                if (packed > 0)
                {
                    EngineLog.JournalsPacked(logger, packed);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The host stopping (or a start that failed in app.Run()) cancels a round in flight: not an error.
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                EngineLog.JournalCompactionFailed(logger, interval, e);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
