namespace LoanJourney.Server.Webhooks;

/// <summary>
/// One webhook sender's verification settings (<c>Webhook:FinBox</c>, <c>Webhook:Partner</c>). With a
/// <see cref="Secret"/>, the <c>X-Webhook-Secret</c> header must equal it, and an <c>X-Webhook-Signature</c>
/// (<c>sha256=</c> hex HMAC-SHA256 of the raw body with the secret), when sent, must be valid;
/// <see cref="RequireSignature"/> makes the signature mandatory.
/// </summary>
internal sealed class WebhookOptions
{
    public string? Secret { get; set; }

    public bool RequireSignature { get; set; }

    /// <summary>
    /// A secret we generate and put in the receiving URL (<c>/webhooks/finbox/{token}</c>; for the partner, the key of
    /// each handshake's own callback URL). FinBox's documented webhook carries no signature, so this is what tells its
    /// posts from an outsider's.
    /// </summary>
    public string? UrlToken { get; set; }

    /// <summary>Outside Development, a source without <see cref="Secret"/> or <see cref="UrlToken"/> must be allowed here explicitly.</summary>
    public bool AllowUnverified { get; set; }

    /// <summary>Whether anything verifies this source's posts.</summary>
    public bool Verifies => !string.IsNullOrEmpty(Secret) || !string.IsNullOrEmpty(UrlToken);
}
