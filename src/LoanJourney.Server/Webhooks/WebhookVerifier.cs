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
        if (Matching(options.Secret, options.PreviousSecrets, candidate => ApiKeys.Matches(header, [candidate])) is not { } found)
        {
            return $"missing or wrong {SecretHeader}";
        }

        var (secret, matched) = found;
        credential = matched;
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
    public static Credential? UrlToken(WebhookOptions options, Func<string, bool> matches) =>
        Matching(options.UrlToken!, options.PreviousUrlTokens, matches)?.Credential;

    /// <summary>
    /// The credential <paramref name="matches"/> accepts, <paramref name="current"/> first, else the first of
    /// <paramref name="previous"/>; null when none does. Every one is tried, so timing does not tell which matched.
    /// </summary>
    private static (string Value, Credential Credential)? Matching(string current, string[] previous, Func<string, bool> matches)
    {
        (string, Credential)? found = matches(current) ? (current, Credential.Current) : null;
        foreach (var candidate in previous)
        {
            if (!string.IsNullOrEmpty(candidate) && matches(candidate))
            {
                found ??= (candidate, Credential.Previous);
            }
        }

        return found;
    }
}
