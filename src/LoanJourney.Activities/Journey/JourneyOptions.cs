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

    /// <summary>
    /// Whether any partner has its own inbound secret (<c>Webhook:Partners:&lt;partner&gt;</c>, read at start): then a partner's
    /// handshake callback is judged by the journey its id names (<c>hs-&lt;instance id&gt;</c>), and a partner's journey refuses a
    /// handshake id of another form (<see cref="Partner.HandshakeActivity"/>): only the shared secret could answer it.
    /// </summary>
    public bool PartnerInboundSecrets { get; set; }
}
