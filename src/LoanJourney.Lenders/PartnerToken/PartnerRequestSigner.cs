using System.Security.Cryptography;
using System.Text;
using LoanJourney.Lenders.Common;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace LoanJourney.Lenders.PartnerToken;

/// <summary>
/// Signs what the engine sends a partner API (the token share, the handshake) as trusted webhook senders sign theirs, per the
/// Standard Webhooks spec (the <c>StandardWebhooks</c> package): <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds) and
/// <c>webhook-signature</c> = <c>v1,</c> base64 HMAC-SHA256(secret, <c>id.timestamp.body</c>) over the exact bytes sent. The
/// secret is the partner API's <see cref="LenderOptions.SigningSecret"/>, read at each request (a reload rotates it); without
/// one the request goes unsigned. The id is the SHA-256 of the body, so a re-send of the same decision (a retry, a re-run after
/// a lost answer) carries the same id and the partner can deduplicate by it; each attempt is signed with its own timestamp.
/// Innermost handler: what is signed is what goes on the wire. The secret is never logged (nothing here logs).
/// </summary>
internal sealed class PartnerRequestSigner(string optionsName, IOptionsMonitor<LenderOptions> options, TimeProvider timeProvider) : DelegatingHandler
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.Get(optionsName).SigningSecret is { Length: > 0 } secret)
        {
            var body = request.Content is { } content ? await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false) : [];
            var id = "msg_" + Convert.ToHexStringLower(SHA256.HashData(body))[..32];
            var timestamp = DateTimeOffset.FromUnixTimeSeconds(timeProvider.GetUtcNow().ToUnixTimeSeconds());
            var signature = new StandardWebhook(secret).Sign(id, timestamp, Encoding.UTF8.GetString(body));
            foreach (var (name, value) in new[] { (IdHeader, id), (TimestampHeader, timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)), (SignatureHeader, signature) })
            {
                request.Headers.Remove(name); // a retry of the same message is signed again, with its own timestamp
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What is wrong with a configured signing secret (<c>whsec_</c> + base64 of 24 to 64 bytes), or null.</summary>
    public static string? Problem(string setting, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        const string Prefix = "whsec_";
        var key = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var length) && length is >= 24 and <= 64
            ? null
            : $"{setting} must be a Standard Webhooks secret: whsec_ followed by the base64 of 24 to 64 random bytes (e.g. \"whsec_$(openssl rand -base64 32)\").";
    }
}
