using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.PartnerToken;

namespace LoanJourney.Activities.Partner;

/// <summary>
/// Where the partner steps send: the team's journeys to <c>Lenders:Partner</c>, a partner's journeys to that partner's own API
/// (<c>Lenders:Partners:{partner}</c>, <see cref="PartnerTokenClients"/>). A partner without one fails closed: the step stops on
/// an incident naming the missing setting and nothing is sent; it never falls back to the team's or another partner's API,
/// which would hand this partner's borrowers' tokens to someone else (docs/server.md, "Partner scope").
/// </summary>
internal static class PartnerApi
{
    /// <summary>The error kind of a partner journey's step whose partner has no API configured.</summary>
    public const string NotConfiguredKind = "PartnerApiNotConfigured";

    /// <summary>Not retryable: an incident at once (another attempt reads the same configuration). Fix it, restart, retry the incident.</summary>
    public static ActivityResult NotConfigured(string partner)
    {
        var setting = PartnerTokenClients.SettingOf(partner);
        return ActivityResult.Fail(NotConfiguredKind,
            $"{setting} is not set: this is partner {partner}'s journey, and its partner API calls go only to {partner}'s own API, never to " +
            $"Lenders:Partner or another partner's. Nothing was sent. Set {setting}:BaseUrl and {setting}:Authorization (environment or user secrets), " +
            "restart the server and retry this incident (docs/server.md, \"Partner scope\").",
            retryable: false);
    }
}
