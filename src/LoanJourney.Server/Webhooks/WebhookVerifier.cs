using System.Security.Cryptography;
using System.Text;
using LoanJourney.Server.Auth;

namespace LoanJourney.Server.Webhooks;

/// <summary>Checks a webhook's shared secret and signature (constant-time); null when it passes, else the reason.</summary>
internal static class WebhookVerifier
{
    public const string SecretHeader = "X-Webhook-Secret";
    public const string SignatureHeader = "X-Webhook-Signature";

    /// <summary>What a post was verified with: nothing configured, the current credential, or a previous one (a rotation).</summary>
    public enum Credential
    {
        None,
        Current,
        Previous,
    }

    /// <summary>
    /// The secret header must match the current secret or one of <see cref="WebhookOptions.PreviousSecrets"/> (each compared
    /// in constant time, all of them, so timing does not tell which); a signature, when sent, is checked with the secret it matched.
    /// </summary>
    public static string? Verify(HttpRequest request, byte[] body, WebhookOptions options, out Credential credential)
    {
        credential = Credential.None;
        if (string.IsNullOrEmpty(options.Secret))
        {
            return null;
        }

        var header = request.Headers[SecretHeader].ToString();
        var current = ApiKeys.Matches(header, [options.Secret]);
        string? previous = null;
        foreach (var candidate in options.PreviousSecrets)
        {
            if (!string.IsNullOrEmpty(candidate) && ApiKeys.Matches(header, [candidate]))
            {
                previous ??= candidate;
            }
        }

        var secret = current ? options.Secret : previous;
        if (secret is null)
        {
            return $"missing or wrong {SecretHeader}";
        }

        credential = current ? Credential.Current : Credential.Previous;
        var signature = request.Headers[SignatureHeader].ToString();
        if (signature.Length == 0)
        {
            return options.RequireSignature ? $"missing {SignatureHeader}" : null;
        }

        const string Prefix = "sha256=";
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
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

    /// <summary>Which URL token <paramref name="matches"/> accepts: the current, a previous one (a rotation), or none.</summary>
    public static Credential? UrlToken(WebhookOptions options, Func<string, bool> matches)
    {
        var current = matches(options.UrlToken!);
        var previous = false;
        foreach (var candidate in options.PreviousUrlTokens)
        {
            previous |= !string.IsNullOrEmpty(candidate) && matches(candidate); // every one checked: timing does not tell which
        }

        return current ? Credential.Current : previous ? Credential.Previous : null;
    }
}
