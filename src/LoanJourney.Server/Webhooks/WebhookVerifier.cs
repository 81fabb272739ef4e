using System.Security.Cryptography;
using System.Text;
using LoanJourney.Server.Auth;

namespace LoanJourney.Server.Webhooks;

/// <summary>Checks a webhook's shared secret and signature (constant-time); null when it passes, else the reason.</summary>
internal static class WebhookVerifier
{
    public const string SecretHeader = "X-Webhook-Secret";
    public const string SignatureHeader = "X-Webhook-Signature";

    public static string? Verify(HttpRequest request, byte[] body, WebhookOptions options)
    {
        if (string.IsNullOrEmpty(options.Secret))
        {
            return null;
        }

        if (!ApiKeys.Matches(request.Headers[SecretHeader].ToString(), [options.Secret]))
        {
            return $"missing or wrong {SecretHeader}";
        }

        var signature = request.Headers[SignatureHeader].ToString();
        if (signature.Length == 0)
        {
            return options.RequireSignature ? $"missing {SignatureHeader}" : null;
        }

        const string Prefix = "sha256=";
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Secret), body);
        byte[] sent;
        try
        {
            sent = Convert.FromHexString(signature.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? signature[Prefix.Length..] : signature);
        }
        catch (FormatException)
        {
            return $"malformed {SignatureHeader}";
        }

        return CryptographicOperations.FixedTimeEquals(expected, sent) ? null : $"wrong {SignatureHeader}";
    }
}
