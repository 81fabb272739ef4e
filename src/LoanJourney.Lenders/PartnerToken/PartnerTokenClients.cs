using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>
/// Which partner API a journey's partner calls go to. The team's journeys (no partner) call <c>Lenders:Partner</c>; a sourcing
/// partner's journeys call only that partner's own API, <c>Lenders:Partners:{partner}</c> (docs/server.md, "Partner scope"). A
/// partner without one gets no client at all (<see cref="For"/> answers null), never the team's or another partner's: one
/// partner's borrowers' tokens must not reach another partner.
/// </summary>
public sealed class PartnerTokenClients
{
    private readonly IServiceProvider _services;

    internal PartnerTokenClients(IServiceProvider services, IReadOnlyList<string> partners)
    {
        _services = services;
        Partners = new HashSet<string>(partners, StringComparer.Ordinal);
    }

    /// <summary>The partners with an API of their own, as their sections are named under <c>Lenders:Partners</c> (read at start).</summary>
    public IReadOnlySet<string> Partners { get; }

    /// <summary>The client for <paramref name="partner"/>'s journeys (null: the team's, <c>Lenders:Partner</c>), or null when the partner has no API configured.</summary>
    /// <remarks>Partner names compare as the server's partner scope compares them (ordinal): <c>Acme</c> is not <c>acme</c>.</remarks>
    /// <remarks>Its settings follow a configuration reload (<c>IOptionsMonitor</c>, read at each call): a section whose <c>BaseUrl</c> a
    /// reload removed is no API any more (null: the step fails closed, nothing is sent). A section added by a reload takes a restart:
    /// its client is registered at start.</remarks>
    public IPartnerTokenClient? For(string? partner) => partner is null
        ? _services.GetRequiredService<IPartnerTokenClient>()
        : Partners.Contains(partner) && _services.GetRequiredService<IOptionsMonitor<LenderOptions>>().Get(LenderNames.PartnerOf(partner)).BaseUrl is not null
            ? _services.GetRequiredKeyedService<IPartnerTokenClient>(partner)
            : null;

    /// <summary>The setting a partner's API is read from: <c>Lenders:Partners:{partner}</c>.</summary>
    public static string SettingOf(string partner) => $"{LendersSection}:{LenderNames.PartnerOf(partner)}";

    /// <summary>The partners with a section under <c>Lenders:Partners</c>, in configuration order.</summary>
    public static IReadOnlyList<string> ConfiguredPartners(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection($"{LendersSection}:{LenderNames.Partners}").GetChildren().Select(c => c.Key).ToArray();
    }

    private const string LendersSection = "Lenders";
}
