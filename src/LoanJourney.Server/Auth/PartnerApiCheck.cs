using LoanJourney.Engine.Runtime;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Server.Logging;
using LoanJourney.Engine.Definitions;

namespace LoanJourney.Server.Auth;

/// <summary>
/// Warns (event 2011) when a key principal is scoped to a partner that has no outbound partner API of its own
/// (<c>Lenders:Partners:{partner}</c>) while a loaded workflow calls the partner API (<c>Partner.Handshake</c>,
/// <c>Partner.ShareToken</c>): that partner's journeys would stop at those steps on a <c>PartnerApiNotConfigured</c> incident,
/// sending nothing. Checked once the server has started (the workflows loaded) and again when the principals reload; each
/// partner is named once per process.
/// </summary>
/// <remarks>
/// A warning, not a refused start (docs/server.md, "Partner scope"): the step fails closed whatever happens here, so nothing
/// leaks; refusing would stop the team's and every other partner's journeys for one partner's missing section, and the same
/// principal can be added by a reload of a running server, where refusing is not possible. A partner known only from a token's
/// claim (OIDC) cannot be checked before its first journey.
/// </remarks>
internal sealed class PartnerApiCheck(
    ApiKeyOptions keys,
    PartnerTokenClients partnerApis,
    EngineInitializer initializer,
    WorkflowDefinitionCatalog catalog,
    IHostApplicationLifetime lifetime,
    ILogger<PartnerApiCheck> logger) : IHostedService
{
    /// <summary>The activities that send to the partner API.</summary>
    internal static readonly IReadOnlySet<string> PartnerActivities = new HashSet<string>(StringComparer.Ordinal) { "Partner.Handshake", "Partner.ShareToken" };

    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = CheckAfterStartAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called by <see cref="PrincipalsReload"/> once a reloaded set of principals is in force.</summary>
    public void PrincipalsChanged()
    {
        if (Volatile.Read(ref _started))
        {
            Check();
        }
    }

    private async Task CheckAfterStartAsync()
    {
        try
        {
            await initializer.EnsureInitializedAsync(lifetime.ApplicationStopping);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return; // the engine reports its own start failures; the workflows are not known, so there is nothing to check
        }

        Volatile.Write(ref _started, true);
        Check();
    }

    private void Check()
    {
        lock (_gate)
        {
            foreach (var (partner, workflows) in Missing(keys.Principals.Select(p => p.Partner), partnerApis.Partners, catalog.Latest))
            {
                if (_warned.Add(partner))
                {
                    ServerLog.PartnerApiNotConfigured(logger, partner, PartnerTokenClients.SettingOf(partner), string.Join(", ", workflows));
                }
            }
        }
    }

    /// <summary>Each partner of <paramref name="principalPartners"/> without an API of its own, with the loaded workflows that call the partner API (none: not listed).</summary>
    internal static IReadOnlyList<(string Partner, IReadOnlyList<string> Workflows)> Missing(
        IEnumerable<string?> principalPartners, IReadOnlySet<string> configured, IEnumerable<CompiledWorkflow> workflows)
    {
        var calling = workflows
            .Where(w => w.Steps.Values.Any(s => PartnerActivities.Contains(s.Descriptor.TypeName)
                || (s.CompensationDescriptor is { } c && PartnerActivities.Contains(c.TypeName))))
            .Select(w => w.Id)
            .ToArray();
        if (calling.Length == 0)
        {
            return [];
        }

        return principalPartners.OfType<string>().Distinct(StringComparer.Ordinal).Where(p => !configured.Contains(p))
            .Select(p => (p, (IReadOnlyList<string>)calling)).ToArray();
    }
}
