using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.FinBoxV1;

/// <summary>Advances every started v1 journey one step per <c>Sandbox:WebhookStepDelay</c> (timed by the injected <see cref="TimeProvider"/>).</summary>
internal sealed class V1JourneyDriver(V1Journeys journeys, FinBoxV1Store store, TimeProvider time, IOptions<SandboxOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
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
            while (generation == store.Generation && journeys.Advance(customerId) is not null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // host shutting down
        }
    }
}
