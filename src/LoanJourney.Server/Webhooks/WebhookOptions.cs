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

    /// <summary>
    /// Secrets still accepted beside <see cref="Secret"/> while the sender moves to the new one (a rotation without a
    /// refused webhook: docs/server.md, "Rotating webhook secrets"). The signature is checked with the secret the header
    /// matched. A post verified with one of these says so on its request log line (<c>WebhookVerifiedWith</c>).
    /// </summary>
    public string[] PreviousSecrets { get; set; } = [];

    /// <summary>
    /// URL tokens still accepted beside <see cref="UrlToken"/>: FinBox's dashboard URL until it is changed there; for the
    /// partner, the key of the callback URLs handshakes already in flight were given (new handshakes get the current one).
    /// </summary>
    public string[] PreviousUrlTokens { get; set; } = [];

    /// <summary>Outside Development, a source without <see cref="Secret"/> or <see cref="UrlToken"/> must be allowed here explicitly.</summary>
    public bool AllowUnverified { get; set; }

    /// <summary>Whether anything verifies this source's posts.</summary>
    public bool Verifies => !string.IsNullOrEmpty(Secret) || !string.IsNullOrEmpty(UrlToken);
}
