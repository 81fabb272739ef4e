namespace LoanJourney.Activities.Journey;

/// <summary>Settings shared by the journey activities.</summary>
public sealed class JourneyOptions
{
    /// <summary>How long a polling step waits between two status queries (<c>Engine:PollInterval</c>; the lenders document 5 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Our public base URL, used for callback URLs given to partners (<c>Journeys:PublicBaseUrl</c>).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5080");

    /// <summary>
    /// Secret that makes each handshake's callback URL unguessable (<c>Webhook:Partner:UrlToken</c>): the URL carries the
    /// handshake id and an HMAC of it (<see cref="Partner.HandshakeCallbackToken"/>). Empty: the one shared callback URL.
    /// </summary>
    public string? HandshakeCallbackKey { get; set; }
}
