using LoanJourney.Server.Auth;
using LoanJourney.Server.Logging;

namespace LoanJourney.Server.Webhooks;

/// <summary>
/// Warns at start (event 2001) when some partner has its own inbound section (<c>Webhook:Partners:&lt;partner&gt;</c>) and
/// others that have principals (partner-scoped keys) do not: once any partner has a section, the handshake callbacks of a
/// partner without one are refused (fail closed, docs/server.md "Each partner's own inbound secret"), so those partners'
/// journeys would wait on handshakes that can never be answered. One line names them all. Nothing while
/// <c>Webhook:Partners</c> is empty: the shared <c>Webhook:Partner</c> settings then answer every journey.
/// </summary>
/// <remarks>
/// A warning, not a refused start, as the partner API's check (event 2011, <see cref="PartnerApiCheck"/>): refusing would stop
/// the team's and every other partner's journeys for one partner's missing section. Checked at start and again when the
/// principals reload (<see cref="PrincipalsReload"/>; session 47: a principal added by a reload went unnamed), each partner named
/// once per process: a reload that adds a partner without a section logs one line naming the partners not named before. A partner
/// known only from a token's claim (OIDC) cannot be checked.
/// </remarks>
internal sealed class PartnerInboundWarning(WebhookSources sources, ApiKeyOptions keys, ILogger<PartnerInboundWarning> logger) : IHostedService
{
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called by <see cref="PrincipalsReload"/> once a reloaded set of principals is in force.</summary>
    public void PrincipalsChanged() => Check();

    private void Check()
    {
        lock (_gate)
        {
            if (Missing(keys.Principals.Select(p => p.Partner), sources.Partners.Keys).Where(_warned.Add).ToList() is { Count: > 0 } missing)
            {
                ServerLog.PartnerInboundNotConfigured(logger, string.Join(", ", missing), string.Join(", ", sources.Partners.Keys.Order(StringComparer.Ordinal)));
            }
        }
    }

    /// <summary>
    /// The partners of <paramref name="principalPartners"/> without a section of their own, once <paramref name="sections"/>
    /// names any partner (none otherwise), in name order.
    /// </summary>
    internal static IReadOnlyList<string> Missing(IEnumerable<string?> principalPartners, IEnumerable<string> sections)
    {
        var configured = sections.ToHashSet(StringComparer.Ordinal);
        return configured.Count == 0
            ? []
            : principalPartners.OfType<string>().Distinct(StringComparer.Ordinal).Where(p => !configured.Contains(p)).Order(StringComparer.Ordinal).ToList();
    }
}
