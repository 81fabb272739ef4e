using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Privacy;

/// <summary>Runs a retention round at start and then every <see cref="RetentionOptions.Interval"/> (when retention is enabled).</summary>
internal sealed class RetentionService(RetentionRunner runner, RetentionSettings settings, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var batch in await runner.RunOnceAsync(settings.Policy, stoppingToken))
                {
                    ServerLog.RetentionRedacted(logger, batch.Count, batch.Kind switch { "Inbox" => "inbox records", RetentionRunner.IdempotencyTombstonesKind => "idempotency tombstones", RetentionRunner.AuditTrailKind => "audit entries", _ => "journeys" }, batch.Kind);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The host stopping (or a start that failed in app.Run()) cancels a round in flight: not an error.
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ServerLog.RetentionFailed(logger, e);
            }

            try
            {
                await Task.Delay(settings.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
