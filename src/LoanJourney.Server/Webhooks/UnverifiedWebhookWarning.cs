using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Webhooks;

/// <summary>
/// Logs, at start, every webhook source that is accepted unverified: a warning per source allowed by
/// <c>Webhook:&lt;source&gt;:AllowUnverified</c>; in Development, where that is the default, one information line for them all.
/// </summary>
internal sealed class UnverifiedWebhookWarning(WebhookSources sources, ILogger<UnverifiedWebhookWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var byDefault = new List<string>();
        foreach (var (name, section, options) in sources.All.Where(s => !s.Options.Verifies))
        {
            if (options.AllowUnverified)
            {
                ServerLog.UnverifiedWebhooks(logger, name, $"Webhook:{section}:AllowUnverified");
            }
            else
            {
                byDefault.Add(name);
            }
        }

        if (byDefault.Count > 0)
        {
            var names = string.Join(" and ", byDefault);
            ServerLog.UnverifiedWebhooksInDevelopment(logger, names);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
