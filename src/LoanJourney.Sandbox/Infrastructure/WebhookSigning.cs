using System.Security.Cryptography;
using System.Text;

namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>The headers a signed outbound POST carries: the shared secret and an HMAC-SHA256 of the body with it.</summary>
internal static class WebhookSigning
{
    public const string SecretHeader = "X-Webhook-Secret";
    public const string SignatureHeader = "X-Webhook-Signature";

    /// <summary>Empty when no secret is configured (the POST goes out unsigned).</summary>
    public static Dictionary<string, string> Headers(string? secret, string body)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(secret))
        {
            headers[SecretHeader] = secret;
            headers[SignatureHeader] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
        }

        return headers;
    }
}
