namespace LoanJourney.Server.Webhooks;

/// <summary>
/// Both webhook sources' settings, for the start-up check, the start-up log and <c>/health/ready</c>; and each sourcing partner's
/// own inbound settings, <c>Webhook:Partners:&lt;partner&gt;</c> (<see cref="PartnerCallbackSenders"/>).
/// </summary>
internal sealed record WebhookSources(WebhookOptions FinBox, WebhookOptions Partner)
{
    /// <summary>Each partner's own inbound secret (<c>Secret</c>, <c>PreviousSecrets</c>, <c>RequireSignature</c>), by partner name (ordinal).</summary>
    public IReadOnlyDictionary<string, WebhookOptions> Partners { get; init; } = new Dictionary<string, WebhookOptions>(StringComparer.Ordinal);

    public IEnumerable<(string Name, string Section, WebhookOptions Options)> All =>
        [(WebhooksApi.Sources.FinBox, "FinBox", FinBox), (WebhooksApi.Sources.Partner, "Partner", Partner)];

    /// <summary>Sources that nothing verifies (allowed explicitly, or Development).</summary>
    public IReadOnlyList<string> Unverified => [.. All.Where(s => !s.Options.Verifies).Select(s => s.Name)];
}
