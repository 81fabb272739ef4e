using LoanJourney.Sandbox.Durability;
using LoanJourney.Sandbox.Infrastructure;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>
/// Advances every started v1 journey one step per <c>Sandbox:WebhookStepDelay</c> (timed by the injected <see cref="TimeProvider"/>),
/// each step persisted with the webhook it queued. After a restart, journeys started before it (token issued, not finished)
/// are picked up again. Starts once the host has started, so the webhooks it queues find the server listening.
/// </summary>
internal sealed class V1JourneyDriver(
    V1Journeys journeys,
    FinBoxV1Store store,
    SandboxState state,
    TimeProvider time,
    IOptions<SandboxOptions> options,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await HostStarted.WaitAsync(lifetime, stoppingToken);
            if (options.Value.WebhookAutoAdvance)
            {
                List<string> unfinished;
                lock (store.Gate)
                {
                    unfinished = [.. store.Users.Values.Where(u => u.TokenIssued && !u.JourneyFinished).Select(u => u.CustomerId)];
                }

                foreach (var customerId in unfinished)
                {
                    _ = DriveAsync(customerId, store.Generation, stoppingToken);
                }
            }

            await foreach (var (customerId, generation) in journeys.Started.ReadAllAsync(stoppingToken))
            {
                _ = DriveAsync(customerId, generation, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // host shutting down
        }
    }

    private async Task DriveAsync(string customerId, int generation, CancellationToken ct)
    {
        try
        {
            do
            {
                await Task.Delay(options.Value.WebhookStepDelay, time, ct);
            }
            while (generation == store.Generation && Advance(customerId));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // host shutting down
        }
    }

    private bool Advance(string customerId)
    {
        var moved = journeys.Advance(customerId) is not null;
        state.Persist();
        return moved;
    }
}
