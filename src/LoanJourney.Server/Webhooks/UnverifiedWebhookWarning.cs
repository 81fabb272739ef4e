using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Webhooks;

/// <summary>
/// Logs, at start, every webhook source that is accepted unverified: a warning per source allowed by
/// <c>Webhook:&lt;source&gt;:AllowUnverified</c>; in Development, where that is the default, one information line for them all.
/// The partner source names what is unverified (session 53): the shared <c>Webhook:Partner</c> settings answer every journey's
/// handshake callbacks while no partner has a <c>Webhook:Partners:&lt;partner&gt;</c> section, and only the team's own (and those
/// naming no journey) once one has; the line said "partner" alone, which read as if partners' callbacks were unverified when each
/// partner verified its own with its own secret.
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
                ServerLog.UnverifiedWebhooks(logger, Describe(name), $"Webhook:{section}:AllowUnverified");
            }
            else
            {
                byDefault.Add(Describe(name));
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

    // What an unverified source covers, in the line's words.
    private string Describe(string source)
    {
        if (source != WebhooksApi.Sources.Partner)
        {
            return source;
        }

        if (sources.Partners.Count == 0)
        {
            return "partner (every journey's handshake callbacks, the sourcing partners' included: no partner has a Webhook:Partners:<partner>:Secret of its own)";
        }

        var own = string.Join(", ", sources.Partners.Keys.Order(StringComparer.Ordinal));
        return $"partner (the shared Webhook:Partner settings: the team's own journeys' handshake callbacks and those naming no journey; {own} verify theirs with their own Webhook:Partners secret)";
    }
}
