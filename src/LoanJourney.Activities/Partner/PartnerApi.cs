using System.Text.Json.Nodes;
using LoanJourney.Activities.Journey;
using LoanJourney.Engine.Activities;
using LoanJourney.Lenders.Common;
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

    /// <summary>The error kind of a partner step whose partner API answered 401, 403, 404 or 405: our setting is wrong, not the borrower.</summary>
    public const string MisconfiguredKind = "PartnerApiMisconfigured";

    /// <summary>
    /// The HTTP statuses that say <em>our</em> request is wrong whatever the body says: 401 and 403 (the partner refuses our
    /// <c>Authorization</c>), 404 and 405 (no such path or method: the <c>BaseUrl</c> or <c>TokenSharePath</c> is wrong). A partner that
    /// declines a borrower answers 200 (or a 400/422) with its negative <c>status</c>; these never come from a decision about the borrower.
    /// </summary>
    public static bool IsMisconfigured(int? httpStatus) => httpStatus is 401 or 403 or 404 or 405;

    /// <summary>
    /// Not retryable: an incident at once (another attempt sends the same key to the same path). Never the <c>Rejected</c> outcome or
    /// <c>PartnerRefused</c>: a wrong key must not end a borrower's journey as the borrower's rejection (session 47, docs/journeys.md).
    /// The message names the setting and the status; the partner's own words are PII-scrubbed, the key itself is never shown.
    /// </summary>
    public static ActivityResult Misconfigured<T>(string? partner, string call, LenderResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var setting = partner is null ? "Lenders:" + LenderNames.Partner : PartnerTokenClients.SettingOf(partner);
        var status = result.HttpStatus!.Value;
        var what = status is 401 or 403
            ? $"it refuses our key: check {setting}:Authorization (and {setting}:SigningSecret if it verifies signatures)"
            : $"it has no such path or method: check {setting}:BaseUrl" + (call == "token share" ? $" and {setting}:TokenSharePath" : string.Empty);
        var said = result.Message is { Length: > 0 } message ? $" ({result.LenderCode ?? "no code"}: {Pii.ScrubText(message)})" : string.Empty;
        return ActivityResult.Fail(MisconfiguredKind,
            $"HTTP {status} from {setting} to the {call}{said}: {what}. This says our setting is wrong, nothing about the borrower, so the " +
            $"journey is not ended as rejected. Fix {setting} (a watched appsettings file reloads; an environment variable needs a restart), " +
            "then retry this incident (docs/journeys.md, partner-handshake).",
            retryable: false,
            new JsonObject
            {
                ["setting"] = setting,
                ["httpStatus"] = status,
                ["lenderCode"] = result.LenderCode,
                ["operation"] = result.Operation?.Name,
            });
    }
}
