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
}
