using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Webhooks;

/// <summary>Logs, at start, every webhook source that is accepted unverified.</summary>
internal sealed class UnverifiedWebhookWarning(WebhookSources sources, IHostEnvironment environment, ILogger<UnverifiedWebhookWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, section, options) in sources.All.Where(s => !s.Options.Verifies))
        {
            ServerLog.UnverifiedWebhooks(logger, name, options.AllowUnverified ? $"Webhook:{section}:AllowUnverified" : $"environment {environment.EnvironmentName}");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
